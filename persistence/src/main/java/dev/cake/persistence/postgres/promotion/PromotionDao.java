package dev.cake.persistence.postgres.promotion;

import dev.cake.core.voucher.Voucher;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterRowMapper(VoucherRowMapper.class)
public interface PromotionDao {
  /** Newest first: most recently created (the public list's order). */
  @SqlQuery("""
      SELECT id FROM campaigns
      WHERE status = 'active' AND type = 'first_login_discount' AND start_at <= :at AND end_at > :at
      ORDER BY created_at DESC, id DESC""")
  List<Long> openFirstLoginCampaigns(@Bind("at") Instant at);

  /**
   * The user's role and the campaign of their promotion, if any (the earliest, should a database from before the
   * one-campaign rule hold several). No row: no such user.
   */
  @SqlQuery("""
      SELECT u.role,
             (SELECT p.campaign_id FROM user_promotions p WHERE p.user_id = u.id ORDER BY p.id LIMIT 1)
               AS held_campaign
      FROM users u WHERE u.id = :userId""")
  @RegisterConstructorMapper(Participant.class)
  Optional<Participant> participant(@Bind("userId") long userId);

  /**
   * Serialises enrolments of one user. NO KEY UPDATE conflicts with itself, with logins and role changes (which
   * update the row), but not with the KEY SHARE locks that foreign-key checks take (refresh tokens, top-ups).
   */
  @SqlQuery("SELECT id FROM users WHERE id = :userId FOR NO KEY UPDATE")
  Optional<Long> lockUser(@Bind("userId") long userId);

  /** Claims one slot; the row lock it takes orders concurrent enrolments. No row: full, paused or out of window. */
  @SqlQuery("""
      UPDATE campaigns
      SET current_participants = current_participants + 1,
          status = CASE WHEN current_participants + 1 = max_participants THEN 'full' ELSE status END,
          updated_at = now()
      WHERE id = :id AND status = 'active' AND current_participants < max_participants
        AND start_at <= :at AND end_at > :at
      RETURNING current_participants, discount_percentage, min_topup_amount, max_discount_amount,
                voucher_validity_days""")
  @RegisterRowMapper(SlotMapper.class)
  Optional<Slot> claimSlot(@Bind("id") long campaignId, @Bind("at") Instant at);

  @SqlQuery("""
      INSERT INTO user_promotions (user_id, campaign_id, participation_order, status, first_login_at,
                                   voucher_issued_at)
      VALUES (:userId, :campaignId, :order, 'voucher_issued', :loginAt, now())
      ON CONFLICT (user_id, campaign_id) DO NOTHING
      RETURNING id""")
  Optional<Long> insertPromotion(@Bind("userId") long userId, @Bind("campaignId") long campaignId,
                                 @Bind("order") int order, @Bind("loginAt") Instant loginAt);

  @SqlQuery("""
      INSERT INTO vouchers (code, user_id, user_promotion_id, campaign_id, discount_percentage, min_topup_amount,
                            max_discount_amount, issued_at, expires_at)
      VALUES (:code, :userId, :promotionId, :campaignId, :discountPercentage, :minTopupAmount, :maxDiscountAmount,
              now(), now() + make_interval(days => :validityDays))
      ON CONFLICT (code) DO NOTHING
      RETURNING id""")
  Optional<Long> insertVoucher(@Bind("code") String code, @Bind("userId") long userId,
                               @Bind("promotionId") long promotionId, @Bind("campaignId") long campaignId,
                               @Bind("discountPercentage") BigDecimal discountPercentage,
                               @Bind("minTopupAmount") BigDecimal minTopupAmount,
                               @Bind("maxDiscountAmount") BigDecimal maxDiscountAmount,
                               @Bind("validityDays") int validityDays);

  /** Expires active vouchers past their date, and the promotions that issued them, in one statement. */
  @SqlQuery("""
      WITH expired AS (
        UPDATE vouchers SET status = 'expired' WHERE status = 'active' AND expires_at <= :now
        RETURNING user_promotion_id),
      promotions AS (
        UPDATE user_promotions SET status = 'expired'
        WHERE id IN (SELECT user_promotion_id FROM expired) AND status = 'voucher_issued')
      SELECT count(*) FROM expired""")
  int expireVouchers(@Bind("now") Instant now);

  @SqlQuery("SELECT * FROM vouchers WHERE user_id = :userId ORDER BY issued_at DESC, id DESC")
  List<Voucher> vouchersOf(@Bind("userId") long userId);

  @SqlQuery("SELECT * FROM vouchers WHERE user_id = :userId AND code = :code")
  Optional<Voucher> voucherOf(@Bind("userId") long userId, @Bind("code") String code);

  /** {@code heldCampaign} null: no promotion yet. */
  record Participant(String role, Long heldCampaign) {}

  record Slot(int order, BigDecimal discountPercentage, BigDecimal minTopupAmount, BigDecimal maxDiscountAmount,
              int validityDays) {}

  final class SlotMapper implements org.jdbi.v3.core.mapper.RowMapper<Slot> {
    @Override
    public Slot map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
        throws java.sql.SQLException {
      return new Slot(rs.getInt("current_participants"), rs.getBigDecimal("discount_percentage"),
          rs.getBigDecimal("min_topup_amount"), rs.getBigDecimal("max_discount_amount"),
          rs.getInt("voucher_validity_days"));
    }
  }
}
