package dev.cake.core.promotion;

import dev.cake.core.voucher.VoucherCodes;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import dev.cake.core.telemetry.BusinessMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrols a user's first login into one campaign (docs/ARCHITECTURE.md "First-login enrolment"; the original's rule):
 * the newest open first-login campaign that still has a free slot. A user takes part in at most one campaign, and
 * admins in none; the repository checks both under a lock on the user, so concurrent deliveries of one event cannot
 * enrol twice.
 */
@Singleton
public final class EnrolmentService {
  private static final Logger log = LoggerFactory.getLogger(EnrolmentService.class);
  private static final int CODE_ATTEMPTS = 3;

  private final PromotionRepository promotions;
  private final BusinessMetrics metrics;
  private final Clock clock;

  @Inject
  public EnrolmentService(PromotionRepository promotions, BusinessMetrics metrics, Clock clock) {
    this.promotions = promotions;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Walks the open campaigns newest first: a full (or meanwhile closed) one passes the user on to the next; the walk
   * stops at the first {@link Enrolment.Enrolled}, {@link Enrolment.AlreadyEnrolled} or {@link Enrolment.NotEligible}.
   * Returns the attempts in that order (empty when no campaign is open).
   *
   * <p>Safe to call again for the same user: every repeat is a no-op.
   */
  public List<Enrolment> enrolFirstLogin(long userId, Instant loginAt) {
    List<Enrolment> attempts = new ArrayList<>();
    for (long campaignId : promotions.openFirstLoginCampaigns(loginAt)) {
      Enrolment result = enrolOne(campaignId, userId, loginAt);
      attempts.add(result);
      if (result instanceof Enrolment.Closed) continue; // full, paused or ended meanwhile: the next newest
      report(userId, result);
      break;
    }
    metrics.enrolmentLag(Math.max(0, clock.millis() - loginAt.toEpochMilli()));
    return attempts;
  }

  private void report(long userId, Enrolment result) {
    switch (result) {
      case Enrolment.Enrolled e -> {
        metrics.voucherIssued();
        log.info("user {} enrolled in campaign {} as #{} (voucher issued)", userId, e.campaignId(),
            e.participationOrder());
      }
      case Enrolment.AlreadyEnrolled a -> log.debug("user {} already takes part in campaign {}", userId,
          a.campaignId());
      case Enrolment.NotEligible n -> log.info("user {} not enrolled: {}", userId, n.reason());
      case Enrolment.Closed _, Enrolment.CodeTaken _ -> { }
    }
  }

  /** Whether a walk's attempts enrolled the user. */
  public static boolean enrolled(List<Enrolment> attempts) {
    return attempts.stream().anyMatch(a -> a instanceof Enrolment.Enrolled);
  }

  /** One campaign, drawing a new code while the drawn one is taken: never returns {@link Enrolment.CodeTaken}. */
  private Enrolment enrolOne(long campaignId, long userId, Instant loginAt) {
    for (int attempt = 1; ; attempt++) {
      Enrolment result = promotions.enrol(campaignId, userId, loginAt, VoucherCodes.next(), clock.instant());
      if (!(result instanceof Enrolment.CodeTaken)) return result;
      if (attempt == CODE_ATTEMPTS) {
        throw new IllegalStateException("voucher code collision " + CODE_ATTEMPTS + " times in a row");
      }
    }
  }
}
