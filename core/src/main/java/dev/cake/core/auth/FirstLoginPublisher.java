package dev.cake.core.auth;

import dev.cake.core.event.EventPublisher;
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
  public void loggedIn(UserRepository.LoginRecord login) {
    if (login.firstLoginEvent() != null) publisher.publish(login.firstLoginEvent());
  }
}
