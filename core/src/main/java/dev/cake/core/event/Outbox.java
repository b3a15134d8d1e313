package dev.cake.core.event;

import java.time.Duration;
import java.util.List;

/** Port: the outbox table. */
public interface Outbox {
  /** Events not yet published and older than {@code olderThan}, oldest first. */
  List<Event> unpublished(Duration olderThan, int limit);

  void markPublished(long id);

  /** How many events wait for publication. */
  long backlog();
}
