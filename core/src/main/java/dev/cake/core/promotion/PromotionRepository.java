package dev.cake.core.promotion;

import dev.cake.core.voucher.Voucher;
import java.time.Instant;
import java.util.List;

/** Port: enrolment and the vouchers it issues. */
public interface PromotionRepository {
  /**
   * Active first-login campaigns whose window contains {@code at}, newest first: the most recently created first
   * ({@code created_at}, then id, descending; the order of the public campaign list).
   */
  List<Long> openFirstLoginCampaigns(Instant at);

  /**
   * In one transaction: check that the user may take part (no admin; no promotion of any campaign yet), claim a
   * slot of the campaign (only while active, in its window and not full), insert the user's promotion with that
   * participation order, issue the voucher, mark the campaign full with its last slot. The check and the enrolment
   * are atomic per user: of concurrent calls for one user (any campaigns) at most one enrols, so a user never holds
   * two promotions. A repeated call changes nothing. {@code now} is the issue time (the voucher expires
   * {@link Voucher#expiry} after it).
   */
  Enrolment enrol(long campaignId, long userId, Instant loginAt, String voucherCode, Instant now);

  List<UserPromotion> promotionsOf(long userId);

  sealed interface Enrolment {
    record Enrolled(long campaignId, int participationOrder, String voucherCode) implements Enrolment {}

    /**
     * The user already takes part in {@code campaignId}: the campaign asked for (a repeat) or another one, enrolled
     * earlier (a user takes part in at most one campaign).
     */
    record AlreadyEnrolled(long campaignId) implements Enrolment {}

    /** Full, paused, ended or not yet started. */
    record Closed(long campaignId) implements Enrolment {}

    /**
     * The freshly drawn {@code voucherCode} is another voucher's: nothing was written (the slot is given back), a
     * call with a new code may enrol.
     */
    record CodeTaken(String voucherCode) implements Enrolment {}

    /** The user takes part in no campaign, ever. */
    record NotEligible(Reason reason) implements Enrolment {}

    enum Reason {
      /** Admins are never enrolled: an admin's first login must not take a customer's slot. */
      ADMIN
    }
  }
}
