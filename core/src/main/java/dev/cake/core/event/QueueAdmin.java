package dev.cake.core.event;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** What operators see of the event pipeline and can do to it: the queue's counts beside the outbox's. */
@Singleton
public final class QueueAdmin {
  private final QueueInspector queue;
  private final Outbox outbox;

  @Inject
  public QueueAdmin(QueueInspector queue, Outbox outbox) {
    this.queue = queue;
    this.outbox = outbox;
  }

  public QueueStats stats() {
    var c = queue.counts();
    return new QueueStats(c.waiting(), c.processing(), c.delayed(), c.failed(), c.completed(), c.workersAlive(),
        outbox.backlog(), outbox.inFlight());
  }

  /** Moves every failed job back to the queue with fresh attempts; returns how many. */
  public int retryFailed() {
    return Math.toIntExact(queue.retryFailed());
  }

  /** Deletes every failed job; returns how many. */
  public int dropFailed() {
    return Math.toIntExact(queue.dropFailed());
  }

  /**
   * {@code outboxBacklog}: events not yet published; {@code outboxInFlight}: published but not yet processed
   * (waiting, in a worker's hands, delayed or failed; PostgreSQL keeps them until their effect is committed).
   */
  public record QueueStats(long waiting, long processing, long delayed, long failed, long completed,
                           int workersAlive, long outboxBacklog, long outboxInFlight) {}
}
