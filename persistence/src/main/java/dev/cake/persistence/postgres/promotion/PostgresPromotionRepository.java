package dev.cake.persistence.postgres.promotion;

import dev.cake.core.auth.Role;
import dev.cake.core.promotion.PromotionRepository;
import dev.cake.core.promotion.UserPromotion;
import dev.cake.core.voucher.Voucher;
import dev.cake.persistence.postgres.voucher.VoucherDao;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Enrolment as one transaction (docs/ARCHITECTURE.md, "First-login enrolment"). Locks, always in this order (so no
 * deadlock between enrolments): the user's row, then the campaign's.
 *
 * <ul>
 *   <li>The user's row lock serialises every enrolment of that user, in any campaign: under it the transaction
 *       reads whether the user is an admin or already holds a promotion, so concurrent deliveries of one event
 *       (relay redelivery and the original, on two workers) enrol at most once in all. The database has no
 *       constraint for "one promotion per user": a unique index on {@code user_promotions (user_id)} would fail to
 *       build on a database that already holds users with several (enrolled under the former every-campaign rule),
 *       so the lock is the guarantee and those old rows stay as they are.</li>
 *   <li>The conditional UPDATE claims a slot and locks the campaign row, so concurrent enrolments queue on it and
 *       get consecutive orders. Exactly max_participants vouchers, whatever the concurrency.</li>
 *   <li>The unique (user, campaign) key stays as a second line: a repeat that got past the lock rolls back and
 *       gives the slot back.</li>
 * </ul>
 *
 * <p>Reads outside a transaction are fluent queries over {@link PromotionDao}'s and {@link VoucherDao}'s SQL
 * constants (docs/ARCHITECTURE.md, "Database reads"); the enrolment's transaction attaches the DAOs to its handle.
 */
@Singleton
public final class PostgresPromotionRepository implements PromotionRepository {
  private final Jdbi jdbi;

  @Inject
  public PostgresPromotionRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<Long> openFirstLoginCampaigns(Instant at) {
    return jdbi.withHandle(h -> h.createQuery(PromotionDao.OPEN_FIRST_LOGIN_CAMPAIGNS).bind("at", at)
        .mapTo(Long.class).list());
  }

  @Override
  public Enrolment enrol(long campaignId, long userId, Instant loginAt, String voucherCode, Instant now) {
    // Without any lock first: a repeat or an admin never queues on the user's row or the hot campaign row.
    var verdict = verdict(jdbi.withHandle(h -> h.createQuery(PromotionDao.PARTICIPANT).bind("userId", userId)
        .mapTo(PromotionDao.Participant.class).findOne()));
    if (verdict.isPresent()) return verdict.get();
    return jdbi.inTransaction(handle -> {
      PromotionDao tx = handle.attach(PromotionDao.class);
      tx.lockUser(userId);
      // Read after the lock, in a statement of its own: at READ COMMITTED its snapshot is taken once the lock is
      // ours, so it sees the promotion of a concurrent enrolment that held the lock before. (A subquery in the
      // locking SELECT would read with that statement's older snapshot and miss it.)
      var decided = verdict(tx.participant(userId));
      if (decided.isPresent()) return decided.get();
      var slot = tx.claimSlot(campaignId, loginAt, now);
      if (slot.isEmpty()) return new Enrolment.Closed(campaignId);
      var promotionId = tx.insertPromotion(userId, campaignId, slot.get().order(), loginAt, now);
      if (promotionId.isEmpty()) {
        handle.rollback(); // enrolled meanwhile, past the lock (cannot happen through this class): give the slot back
        return new Enrolment.AlreadyEnrolled(campaignId);
      }
      var s = slot.get();
      var voucherId = handle.attach(VoucherDao.class).issue(voucherCode, userId, promotionId.get(), campaignId,
          s.discountPercentage(), s.minTopupAmount(), s.maxDiscountAmount(), now,
          Voucher.expiry(now, s.validityDays()));
      if (voucherId.isEmpty()) {
        handle.rollback(); // the code is another voucher's: give the slot back, the caller draws another
        return new Enrolment.CodeTaken(voucherCode);
      }
      return new Enrolment.Enrolled(campaignId, s.order(), voucherCode);
    });
  }

  /**
   * Admin: never. A promotion already (this campaign or another): at most one per user. Otherwise: go on. An unknown
   * user also goes on, and the promotion's foreign key fails the enrolment (an event for a user who does not exist
   * is unexpected; the queue retries it and then parks it in its failed list).
   */
  private static Optional<Enrolment> verdict(Optional<PromotionDao.Participant> participant) {
    if (participant.isEmpty()) return Optional.empty();
    var p = participant.get();
    if (p.role() == Role.ADMIN) return Optional.of(new Enrolment.NotEligible(Enrolment.Reason.ADMIN));
    if (p.heldCampaign() != null) return Optional.of(new Enrolment.AlreadyEnrolled(p.heldCampaign()));
    return Optional.empty();
  }

  /** One query for a user without promotions (most users, and every read of eligibility before a first login). */
  @Override
  public List<UserPromotion> promotionsOf(long userId) {
    return jdbi.withHandle(handle -> {
      List<PromotionDao.PromotionRow> rows = handle.createQuery(PromotionDao.PROMOTIONS_OF).bind("userId", userId)
          .mapTo(PromotionDao.PromotionRow.class).list();
      if (rows.isEmpty()) return List.of();
      Map<Long, List<Voucher>> vouchers = handle.createQuery(VoucherDao.VOUCHERS_OF).bind("userId", userId)
          .mapTo(Voucher.class).collect(Collectors.groupingBy(Voucher::campaignId));
      return rows.stream().map(p -> p.with(vouchers.getOrDefault(p.campaignId(), List.of()))).toList();
    });
  }
}
