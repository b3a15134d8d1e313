package dev.cake.core.event;

import dev.cake.core.auth.User;
import java.time.Instant;
import java.util.Objects;

/** {@code user.first-login}: a user logged in for the first time, at {@code loginAt}. */
public record FirstLogin(long userId, Instant loginAt) implements DomainEvent {
  public static final String TOPIC = "user.first-login";

  public FirstLogin {
    Objects.requireNonNull(loginAt, "loginAt");
  }

  /** The first login of {@code user}, at its latest login. */
  public static FirstLogin of(User user) {
    return new FirstLogin(user.id(), user.latestLogin());
  }

  @Override
  public String topic() {
    return TOPIC;
  }
}
