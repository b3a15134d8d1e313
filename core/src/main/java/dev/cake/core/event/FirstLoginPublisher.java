package dev.cake.core.event;

import dev.cake.core.auth.LoginListener;
import dev.cake.core.auth.UserRepository.LoginRecord;
import jakarta.inject.Inject;

/**
 * After a first login commits (its outbox row written in the same transaction), pushes the event to the queue at
 * once; if that fails the worker's relay publishes it a few seconds later.
 */
public final class FirstLoginPublisher implements LoginListener {
  private final EventPublisher publisher;

  @Inject
  public FirstLoginPublisher(EventPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void loggedIn(LoginRecord login) {
    if (login.firstLoginEvent() != null) publisher.publish(event(login));
  }

  /** The queued form of the first-login event that {@code login} wrote to the outbox. */
  static Event event(LoginRecord login) {
    var row = login.firstLoginEvent();
    return new Event(row.id(), FirstLogin.of(login.user()), 0, row.writtenAt(), row.traceparent());
  }
}
