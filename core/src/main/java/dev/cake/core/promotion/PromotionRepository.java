package dev.cake.core.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Port: enrolment and the vouchers it issues. */
public interface PromotionRepository {
  /** Active first-login campaigns whose window contains {@code at}. */
  List<Long> openFirstLoginCampaigns(Instant at);

  /**
   * In one transaction: claim a slot of the campaign (only while active, in its window and not full), insert the
   * user's promotion with that participation order, issue the voucher, mark the campaign full with its last slot.
   * A repeated call for the same user and campaign changes nothing. When {@code completesEvent} is present, that
   * outbox event is marked processed in the same transaction (the enrolment is its effect).
   */
  Enrolment enrol(long campaignId, long userId, Instant loginAt, String voucherCode, OptionalLong completesEvent);

  List<UserPromotion> promotionsOf(long userId);

  /** Active vouchers past their expiry become expired (with their promotion); returns how many. */
  int expireVouchers(Instant now);

  List<Voucher> vouchersOf(long userId);

  Optional<Voucher> voucherOf(long userId, String code);

  sealed interface Enrolment {
    record Enrolled(long campaignId, int participationOrder, String voucherCode) implements Enrolment {}

    record AlreadyEnrolled(long campaignId) implements Enrolment {}

    /** Full, paused, ended or not yet started. */
    record Closed(long campaignId) implements Enrolment {}
  }
}
