package dev.cake.core.event;

import java.time.Instant;

/**
 * An event from the outbox, as queued: {@code id} is the outbox row id (a re-publish of the same row is recognisable),
 * {@code attempts} counts failed handlings so far, {@code enqueuedAt} is when the row was written.
 */
public record Event(long id, DomainEvent payload, int attempts, Instant enqueuedAt, String traceparent) {
  public String topic() {
    return payload.topic();
  }

  public Event withAttempts(int attempts) {
    return new Event(id, payload, attempts, enqueuedAt, traceparent);
  }
}
