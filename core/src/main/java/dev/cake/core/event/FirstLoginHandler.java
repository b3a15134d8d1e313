package dev.cake.core.event;

import dev.cake.core.promotion.EnrolmentService;
import jakarta.inject.Inject;

/**
 * {@code user.first-login}: enrols the user in the newest open first-login campaign with a free slot (idempotent).
 * The event is marked processed in the enrolment's own transaction, or afterwards when the walk enrolled nobody
 * (already taking part, an admin, every campaign full, or none open).
 */
public final class FirstLoginHandler implements EventHandler {
  private final EnrolmentService enrolment;
  private final Outbox outbox;

  @Inject
  public FirstLoginHandler(EnrolmentService enrolment, Outbox outbox) {
    this.enrolment = enrolment;
    this.outbox = outbox;
  }

  @Override
  public void handle(Event event) {
    if (!(event.payload() instanceof FirstLogin login)) {
      throw new IllegalArgumentException("payload must be {userId: number, loginAt: ISO-8601 string}");
    }
    var attempts = enrolment.enrolFirstLogin(login.userId(), login.loginAt(), event.id());
    if (!EnrolmentService.enrolled(attempts)) outbox.markProcessed(event.id());
  }
}
