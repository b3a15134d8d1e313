package dev.cake.persistence.postgres.promotion;

import static dev.cake.persistence.postgres.Rows.instant;

import dev.cake.core.promotion.EnrolmentService.DuplicateVoucherCode;
import dev.cake.core.promotion.PromotionRepository;
import dev.cake.core.promotion.UserPromotion;
import dev.cake.core.promotion.Voucher;
import dev.cake.persistence.postgres.event.OutboxDao;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Enrolment as one transaction (DESIGN §4): the conditional UPDATE claims a slot and locks the campaign row, so
 * concurrent enrolments queue on it and get consecutive orders; the unique (user, campaign) key turns a repeat into a
 * rollback that gives the slot back. Exactly max_participants vouchers, whatever the concurrency.
 */
@Singleton
public final class PostgresPromotionRepository implements PromotionRepository {
  private final Jdbi jdbi;
  private final PromotionDao dao;

  @Inject
  public PostgresPromotionRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.dao = jdbi.onDemand(PromotionDao.class);
  }

  @Override
  public List<Long> openFirstLoginCampaigns(Instant at) {
    return dao.openFirstLoginCampaigns(at);
  }

  @Override
  public Enrolment enrol(long campaignId, long userId, Instant loginAt, String voucherCode,
                         OptionalLong completesEvent) {
    if (dao.isEnrolled(userId, campaignId)) return new Enrolment.AlreadyEnrolled(campaignId); // skip the hot row
    return jdbi.inTransaction(handle -> {
      PromotionDao tx = handle.attach(PromotionDao.class);
      var slot = tx.claimSlot(campaignId, loginAt);
      if (slot.isEmpty()) return new Enrolment.Closed(campaignId);
      var promotionId = tx.insertPromotion(userId, campaignId, slot.get().order(), loginAt);
      if (promotionId.isEmpty()) {
        handle.rollback(); // a concurrent delivery enrolled this user first: give the slot back
        return new Enrolment.AlreadyEnrolled(campaignId);
      }
      var s = slot.get();
      var voucherId = tx.insertVoucher(voucherCode, userId, promotionId.get(), campaignId, s.discountPercentage(),
          s.minTopupAmount(), s.maxDiscountAmount(), s.validityDays());
      if (voucherId.isEmpty()) {
        handle.rollback();
        throw new DuplicateVoucherCode();
      }
      completesEvent.ifPresent(id -> handle.attach(OutboxDao.class).markProcessed(id));
      return new Enrolment.Enrolled(campaignId, s.order(), voucherCode);
    });
  }

  @Override
  public List<UserPromotion> promotionsOf(long userId) {
    return jdbi.withHandle(handle -> {
      Map<Long, List<Voucher>> vouchers = handle.attach(PromotionDao.class).vouchersOf(userId).stream()
          .collect(Collectors.groupingBy(Voucher::campaignId));
      return handle.createQuery("""
              SELECT p.*, c.name AS campaign_name FROM user_promotions p JOIN campaigns c ON c.id = p.campaign_id
              WHERE p.user_id = :userId ORDER BY p.created_at DESC, p.id DESC""")
          .bind("userId", userId)
          .map((rs, ctx) -> new UserPromotion(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("campaign_id"),
              rs.getString("campaign_name"), rs.getInt("participation_order"), rs.getString("status"),
              instant(rs.getTimestamp("first_login_at")), instant(rs.getTimestamp("voucher_issued_at")),
              instant(rs.getTimestamp("voucher_used_at")), instant(rs.getTimestamp("created_at")),
              vouchers.getOrDefault(rs.getLong("campaign_id"), List.of())))
          .list();
    });
  }

  @Override
  public int expireVouchers(Instant now) {
    return dao.expireVouchers(now);
  }

  @Override
  public List<Voucher> vouchersOf(long userId) {
    return dao.vouchersOf(userId);
  }

  @Override
  public Optional<Voucher> voucherOf(long userId, String code) {
    return dao.voucherOf(userId, code);
  }
}
