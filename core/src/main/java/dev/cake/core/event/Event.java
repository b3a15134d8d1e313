package dev.cake.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * An event from the outbox, as queued: {@code id} is the outbox row id (a re-publish of the same row is recognisable),
 * {@code attempts} counts failed handlings so far.
 */
public record Event(long id, String topic, Map<String, Object> payload, int attempts, Instant enqueuedAt,
                    String traceparent) {
  public static final String FIRST_LOGIN = "user.first-login";

  public Event withAttempts(int attempts) {
    return new Event(id, topic, payload, attempts, enqueuedAt, traceparent);
  }
}
