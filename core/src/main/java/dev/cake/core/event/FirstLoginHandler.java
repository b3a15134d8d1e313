package dev.cake.core.event;

import dev.cake.core.promotion.EnrolmentService;
import jakarta.inject.Inject;

/**
 * {@code user.first-login}: enrols the user in the newest open first-login campaign with a free slot (idempotent),
 * then completes the event: this class is the one place that decides an event is done. The mark is a transaction of
 * its own after the enrolment's: should the worker die between the two, the outbox relay delivers the event again
 * and the repeated enrolment is a no-op (docs/ARCHITECTURE.md, "Events").
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
    enrolment.enrolFirstLogin(login.userId(), login.loginAt());
    outbox.markProcessed(event.id());
  }
}
