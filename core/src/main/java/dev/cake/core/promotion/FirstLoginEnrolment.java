package dev.cake.core.promotion;

import dev.cake.core.auth.LoginListener;
import dev.cake.core.auth.UserRepository.LoginRecord;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrols a user right after their first login is committed. Interim wiring: the worker issue moves this behind the
 * outbox and the queue. A failure here never fails the login.
 */
public final class FirstLoginEnrolment implements LoginListener {
  private static final Logger log = LoggerFactory.getLogger(FirstLoginEnrolment.class);

  private final EnrolmentService enrolment;

  @Inject
  public FirstLoginEnrolment(EnrolmentService enrolment) {
    this.enrolment = enrolment;
  }

  @Override
  public void loggedIn(LoginRecord login) {
    if (!login.firstLogin()) return;
    try {
      enrolment.enrolFirstLogin(login.user().id(), login.user().latestLogin());
    } catch (RuntimeException e) {
      log.error("enrolment after the first login of user {} failed", login.user().id(), e);
    }
  }
}
