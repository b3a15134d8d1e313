package dev.cake.persistence.redis.queue;

import dev.cake.core.event.Event;
import dev.cake.core.event.WorkQueue.Delivery;
import dev.cake.persistence.Json;
import dev.cake.persistence.event.EventCodec;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queue envelope {@code {id, topic, payload, attempts, enqueuedAt, traceparent, lastError?, failedAt?}} as stored
 * in Redis, and back; an envelope that cannot be read becomes an unreadable {@link Delivery} (a poison message).
 */
public final class EnvelopeCodec {
  private final Json json;
  private final Clock clock;

  @Inject
  public EnvelopeCodec(Json json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  public String encode(Event e, String lastError) {
    return json.write(envelope(e, lastError));
  }

  /** What goes onto the failed list: the event with this attempt counted, or the unreadable raw text, and why. */
  public String failed(Delivery delivery, String reason) {
    Map<String, Object> envelope;
    if (delivery.event() == null) {
      envelope = new LinkedHashMap<>();
      envelope.put("raw", delivery.receipt());
      envelope.put("lastError", reason);
    } else {
      envelope = envelope(delivery.event().withAttempts(delivery.event().attempts() + 1), reason);
    }
    envelope.put("failedAt", clock.instant().toString());
    return json.write(envelope);
  }

  /** The job in an envelope, or an unreadable delivery saying what is wrong with it. */
  public Delivery decode(String raw) {
    Map<String, Object> m;
    try {
      m = json.readObject(raw);
    } catch (RuntimeException e) {
      return Delivery.unreadable(raw, "malformed envelope");
    }
    if (!(m.get("id") instanceof Number id) || !(m.get("topic") instanceof String topic)) {
      return Delivery.unreadable(raw, "malformed envelope: no id or topic");
    }
    try {
      var payload = EventCodec.decode(topic, m.get("payload") instanceof Map<?, ?> p ? p : Map.of());
      return Delivery.of(raw, new Event(id.longValue(), payload,
          m.get("attempts") instanceof Number n ? n.intValue() : 0,
          m.get("enqueuedAt") instanceof String s ? Instant.parse(s) : clock.instant(),
          m.get("traceparent") instanceof String t ? t : null));
    } catch (RuntimeException e) {
      return Delivery.unreadable(raw, e.getMessage());
    }
  }

  private static Map<String, Object> envelope(Event e, String lastError) {
    var envelope = new LinkedHashMap<String, Object>();
    envelope.put("id", e.id());
    envelope.put("topic", e.topic());
    envelope.put("payload", EventCodec.encode(e.payload()));
    envelope.put("attempts", e.attempts());
    envelope.put("enqueuedAt", e.enqueuedAt().toString());
    envelope.put("traceparent", e.traceparent());
    if (lastError != null) envelope.put("lastError", lastError);
    return envelope;
  }
}
