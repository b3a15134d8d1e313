package dev.cake.core.event;

import java.time.Instant;
import java.util.Objects;

/** {@code user.first-login}: a user logged in for the first time, at {@code loginAt}. */
public record FirstLogin(long userId, Instant loginAt) implements DomainEvent {
  public static final String TOPIC = "user.first-login";

  public FirstLogin {
    Objects.requireNonNull(loginAt, "loginAt");
  }

  @Override
  public String topic() {
    return TOPIC;
  }
}
