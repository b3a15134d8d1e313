package dev.cake.persistence.postgres.promotion;

import dev.cake.core.auth.Role;
import dev.cake.core.promotion.UserPromotion;
import dev.cake.core.voucher.Voucher;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ColumnName;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Promotions and enrolment. Reads outside a transaction are the SQL constants, run as fluent queries by
 * {@link PostgresPromotionRepository} (docs/ARCHITECTURE.md, "Database reads"); the methods are the statements of the
 * enrolment's transaction.
 */
public interface PromotionDao {
  /** The ids of the first-login campaigns open at {@code :at}, newest first (the public list's order). */
  String OPEN_FIRST_LOGIN_CAMPAIGNS = """
      SELECT id FROM campaigns
      WHERE status = 'active' AND type = 'first_login_discount' AND start_at <= :at AND end_at > :at
      ORDER BY created_at DESC, id DESC""";

  /**
   * A {@link Participant}: the user's role and the campaign of their promotion, if any (the earliest, should a
   * database from before the one-campaign rule hold several). No row: no such user. Binds {@code userId}.
   */
  String PARTICIPANT = """
      SELECT u.role,
             (SELECT p.campaign_id FROM user_promotions p WHERE p.user_id = u.id ORDER BY p.id LIMIT 1)
               AS held_campaign
      FROM users u WHERE u.id = :userId""";

  /** The user's {@link PromotionRow}s, with their campaigns' names, newest first; binds {@code userId}. */
  String PROMOTIONS_OF = """
      SELECT p.id, p.user_id, p.campaign_id, c.name AS campaign_name, p.participation_order, p.status,
             p.first_login_at, p.voucher_issued_at, p.voucher_used_at, p.created_at
      FROM user_promotions p JOIN campaigns c ON c.id = p.campaign_id
      WHERE p.user_id = :userId ORDER BY p.created_at DESC, p.id DESC""";

  /** {@link #PARTICIPANT}, read again inside the enrolment's transaction, once the user's row is locked. */
  @SqlQuery(PARTICIPANT)
  Optional<Participant> participant(long userId);

  /**
   * Serialises enrolments of one user. NO KEY UPDATE conflicts with itself, with logins and role changes (which
   * update the row), but not with the KEY SHARE locks that foreign-key checks take (refresh tokens, top-ups).
   */
  @SqlQuery("SELECT id FROM users WHERE id = :userId FOR NO KEY UPDATE")
  Optional<Long> lockUser(long userId);

  /** Claims one slot; the row lock it takes orders concurrent enrolments. No row: full, paused or out of window. */
  @SqlQuery("""
      UPDATE campaigns
      SET current_participants = current_participants + 1,
          status = CASE WHEN current_participants + 1 = max_participants THEN 'full' ELSE status END,
          updated_at = :now
      WHERE id = :campaignId AND status = 'active' AND current_participants < max_participants
        AND start_at <= :at AND end_at > :at
      RETURNING current_participants, discount_percentage, min_topup_amount, max_discount_amount,
                voucher_validity_days""")
  Optional<Slot> claimSlot(long campaignId, Instant at, Instant now);

  @SqlQuery("""
      INSERT INTO user_promotions (user_id, campaign_id, participation_order, status, first_login_at,
                                   voucher_issued_at)
      VALUES (:userId, :campaignId, :order, 'voucher_issued', :loginAt, :now)
      ON CONFLICT (user_id, campaign_id) DO NOTHING
      RETURNING id""")
  Optional<Long> insertPromotion(long userId, long campaignId, int order, Instant loginAt, Instant now);

  /** {@code heldCampaign} null: no promotion yet. */
  record Participant(Role role, Long heldCampaign) {}

  /** A claimed slot: the participation order it gives and the terms of the voucher to issue. */
  record Slot(@ColumnName("current_participants") int order, BigDecimal discountPercentage,
              BigDecimal minTopupAmount, BigDecimal maxDiscountAmount,
              @ColumnName("voucher_validity_days") int validityDays) {}

  /** A {@code user_promotions} row with its campaign's name; its vouchers are read apart. */
  record PromotionRow(long id, long userId, long campaignId, String campaignName, int participationOrder,
                      String status, Instant firstLoginAt, Instant voucherIssuedAt, Instant voucherUsedAt,
                      Instant createdAt) {
    UserPromotion with(List<Voucher> vouchers) {
      return new UserPromotion(id, userId, campaignId, campaignName, participationOrder, status, firstLoginAt,
          voucherIssuedAt, voucherUsedAt, createdAt, vouchers);
    }
  }
}
