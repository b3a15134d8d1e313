package dev.cake.core.event;

import dev.cake.core.promotion.EnrolmentService;
import jakarta.inject.Inject;
import java.time.Instant;

/** {@code user.first-login {userId, loginAt}}: enrols the user in every open first-login campaign (idempotent). */
public final class FirstLoginHandler implements EventHandler {
  private final EnrolmentService enrolment;

  @Inject
  public FirstLoginHandler(EnrolmentService enrolment) {
    this.enrolment = enrolment;
  }

  @Override
  public void handle(Event event) {
    Object userId = event.payload().get("userId");
    Object loginAt = event.payload().get("loginAt");
    if (!(userId instanceof Number id) || !(loginAt instanceof String at)) {
      throw new IllegalArgumentException("payload must be {userId: number, loginAt: ISO-8601 string}");
    }
    enrolment.enrolFirstLogin(id.longValue(), Instant.parse(at));
  }
}
