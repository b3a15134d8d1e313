package dev.cake.core.event;

import java.time.Duration;
import java.util.List;

/**
 * Port: the outbox table, the source of truth for every event until its effect is committed. A row is written with
 * the change it announces, marked published when it reaches the queue, and marked processed in the same transaction
 * as its effect (or once the handler found nothing to do).
 */
public interface Outbox {
  /** Events not yet published and older than {@code olderThan}, oldest first. */
  List<Event> unpublished(Duration olderThan, int limit);

  /** Events published longer than {@code olderThan} ago and still not processed, oldest publication first. */
  List<Event> unprocessed(Duration olderThan, int limit);

  /** Sets the publication time to now (first publication, or a redelivery check). */
  void markPublished(long id);

  /** Idempotent: a repeat leaves the first processing time. */
  void markProcessed(long id);

  /** How many events wait for publication. */
  long backlog();

  /** How many events are published but not processed. */
  long inFlight();
}
