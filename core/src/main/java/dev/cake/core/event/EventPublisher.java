package dev.cake.core.event;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed outbox events onto the queue. Called right after a commit (fast path) and by the worker's relay
 * for rows left behind: rows never published (Redis was down, the API died between commit and push) and rows
 * published but not processed after a while (Redis lost its data). A failure here loses nothing: the row stays in
 * the outbox and the relay tries again.
 */
@Singleton
public final class EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final EventQueue queue;
  private final Outbox outbox;

  @Inject
  public EventPublisher(EventQueue queue, Outbox outbox) {
    this.queue = queue;
    this.outbox = outbox;
  }

  /** True when the event is on the queue and marked published. Never throws. */
  public boolean publish(Event event) {
    try {
      queue.push(event);
      outbox.markPublished(event.id());
      return true;
    } catch (RuntimeException e) {
      log.warn("event {} ({}) not published yet, the relay will retry: {}", event.id(), event.topic(), e.toString());
      return false;
    }
  }

  /** Publishes rows unpublished for longer than {@code olderThan}; returns how many went out. */
  public int relay(Duration olderThan, int limit) {
    int published = 0;
    for (Event event : outbox.unpublished(olderThan, limit)) {
      if (!publish(event)) break; // the queue is down: try the rest on the next round
      published++;
    }
    if (published > 0) log.info("relayed {} outbox event(s)", published);
    return published;
  }

  /**
   * Looks again at rows published longer than {@code olderThan} ago and still not processed. The queue pushes one
   * again only if it no longer remembers it (it lost its data); either way the row's publication time is renewed, so
   * each row is looked at once per interval. Returns how many rows were looked at.
   */
  public int redeliver(Duration olderThan, int limit) {
    int checked = 0;
    int pushed = 0;
    for (Event event : outbox.unprocessed(olderThan, limit)) {
      try {
        if (queue.push(event)) pushed++;
        outbox.markPublished(event.id());
        checked++;
      } catch (RuntimeException e) {
        log.warn("redelivery check stopped, the queue is unavailable: {}", e.toString());
        break;
      }
    }
    if (pushed > 0) log.warn("redelivered {} event(s) the queue had lost (of {} in flight past {} s)", pushed, checked,
        olderThan.toSeconds());
    return checked;
  }
}
