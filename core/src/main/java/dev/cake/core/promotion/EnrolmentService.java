package dev.cake.core.promotion;

import dev.cake.core.promotion.PromotionRepository.Enrolment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import dev.cake.core.telemetry.BusinessMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Enrols a user's first login into every open first-login campaign (DESIGN §4 "Enrolment"). */
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
   * Safe to call again for the same user: every repeat is a no-op. The last enrolment's transaction marks outbox
   * event {@code eventId} processed (the caller marks it when there was nothing to enrol into).
   */
  public List<Enrolment> enrolFirstLogin(long userId, Instant loginAt, long eventId) {
    List<Enrolment> results = new ArrayList<>();
    List<Long> campaigns = promotions.openFirstLoginCampaigns(loginAt);
    for (int i = 0; i < campaigns.size(); i++) {
      long campaignId = campaigns.get(i);
      var completes = i == campaigns.size() - 1 ? OptionalLong.of(eventId) : OptionalLong.empty();
      Enrolment result = enrolOne(campaignId, userId, loginAt, completes);
      if (result instanceof Enrolment.Enrolled e) {
        metrics.voucherIssued();
        log.info("user {} enrolled in campaign {} as #{} (voucher issued)", userId, campaignId,
            e.participationOrder());
      }
      results.add(result);
    }
    metrics.enrolmentLag(Math.max(0, clock.millis() - loginAt.toEpochMilli()));
    return results;
  }

  private Enrolment enrolOne(long campaignId, long userId, Instant loginAt, OptionalLong completes) {
    for (int attempt = 1; ; attempt++) {
      try {
        return promotions.enrol(campaignId, userId, loginAt, VoucherCodes.next(), completes);
      } catch (DuplicateVoucherCode e) {
        if (attempt == CODE_ATTEMPTS) throw e;
      }
    }
  }

  /** Thrown by the repository when a freshly drawn code collides with an existing one (the whole enrolment rolled back). */
  public static final class DuplicateVoucherCode extends RuntimeException {
    public DuplicateVoucherCode() {
      super("voucher code collision", null, false, false);
    }
  }
}
