package dev.cake.persistence.event;

import dev.cake.core.event.DomainEvent;
import dev.cake.core.event.FirstLogin;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored form of each event kind (outbox {@code payload} column, queue envelope {@code payload} field), as a
 * JSON object: {@code user.first-login {userId, loginAt}}. A new kind of event adds a case to each method.
 */
public final class EventCodec {
  private EventCodec() {}

  public static Map<String, Object> encode(DomainEvent event) {
    var json = new LinkedHashMap<String, Object>();
    switch (event) {
      case FirstLogin f -> {
        json.put("userId", f.userId());
        json.put("loginAt", f.loginAt().toString());
      }
    }
    return json;
  }

  /** @throws IllegalArgumentException naming what is wrong, for an unknown topic or a payload of the wrong shape */
  public static DomainEvent decode(String topic, Map<?, ?> json) {
    if (topic == null) throw new IllegalArgumentException("no topic");
    return switch (topic) {
      case FirstLogin.TOPIC -> {
        if (!(json.get("userId") instanceof Number userId) || !(json.get("loginAt") instanceof String loginAt)) {
          throw new IllegalArgumentException("payload must be {userId: number, loginAt: ISO-8601 string}");
        }
        try {
          yield new FirstLogin(userId.longValue(), Instant.parse(loginAt));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("payload must be {userId: number, loginAt: ISO-8601 string}");
        }
      }
      default -> throw new UnknownTopic(topic);
    };
  }

  /** An event of a kind this version does not know. */
  public static final class UnknownTopic extends IllegalArgumentException {
    public UnknownTopic(String topic) {
      super("no handler for topic '" + topic + "'");
    }
  }
}
