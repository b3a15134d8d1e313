package dev.cake.persistence.postgres.voucher;

import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code vouchers} table, and the only writer of its {@code status} column. Each statement is one transition
 * that core decided (docs/ARCHITECTURE.md, "Voucher states"): issued (enrolment), reserved, used and released (a
 * top-up and its recovery), expired (the expiry job). Every statement compares against the {@code :now} its caller
 * binds from the injected clock, so "expired" means the same here as in {@link Voucher#isExpired}.
 *
 * <p>Reads outside a transaction are the SQL constants, run as fluent queries (docs/ARCHITECTURE.md, "Database
 * reads"); the methods are the transitions and the statements of transactions.
 */
public interface VoucherDao {
  String COLUMNS = """
      id, code, user_id, campaign_id, type, status, discount_percentage, min_topup_amount, max_discount_amount,
      issued_at, expires_at, used_at, used_amount, discount_amount, transaction_id""";

  /** The user's {@link Voucher}s, newest first; binds {@code userId}. */
  String VOUCHERS_OF =
      "SELECT " + COLUMNS + " FROM vouchers WHERE user_id = :userId ORDER BY issued_at DESC, id DESC";

  /** The user's {@link Voucher} with that code; binds {@code userId}, {@code code}. */
  String VOUCHER_OF = "SELECT " + COLUMNS + " FROM vouchers WHERE user_id = :userId AND code = :code";

  /** The id of the user who holds the code; binds {@code code}. */
  String OWNER_OF = "SELECT user_id FROM vouchers WHERE code = :code";

  /** Issued: a new active voucher; none when the code is another voucher's. */
  @SqlQuery("""
      INSERT INTO vouchers (code, user_id, user_promotion_id, campaign_id, discount_percentage, min_topup_amount,
                            max_discount_amount, issued_at, expires_at)
      VALUES (:code, :userId, :promotionId, :campaignId, :discountPercentage, :minTopupAmount, :maxDiscountAmount,
              :now, :expiresAt)
      ON CONFLICT (code) DO NOTHING
      RETURNING id""")
  Optional<Long> issue(String code, long userId, long promotionId, long campaignId, BigDecimal discountPercentage,
                       BigDecimal minTopupAmount, BigDecimal maxDiscountAmount, Instant now, Instant expiresAt);

  /** Reserved for one top-up: only the user's own, active and unexpired voucher; false when it was not. */
  @SqlUpdate("""
      UPDATE vouchers SET status = 'reserved', reserved_at = :now
      WHERE id = :voucherId AND user_id = :userId AND status = 'active' AND expires_at > :now""")
  boolean reserve(long voucherId, long userId, Instant now);

  /** Used by the succeeded top-up {@code topupId}, with its amounts. */
  @SqlUpdate("""
      UPDATE vouchers
      SET status = 'used', reserved_at = NULL, used_at = :now, used_amount = t.original_amount,
          discount_amount = t.discount_amount, transaction_id = t.transaction_id
      FROM topups t
      WHERE vouchers.id = t.voucher_id AND t.id = :topupId AND vouchers.status = 'reserved'""")
  int use(long topupId, Instant now);

  /** Released: active again after its top-up failed. */
  @SqlUpdate("UPDATE vouchers SET status = 'active', reserved_at = NULL WHERE id = :voucherId AND status = 'reserved'")
  int release(long voucherId);

  /** Released: reserved since before {@code cutoff} and backing no pending top-up (the API died in between). */
  @SqlQuery("""
      UPDATE vouchers v SET status = 'active', reserved_at = NULL
      WHERE v.status = 'reserved' AND v.reserved_at < :cutoff
        AND NOT EXISTS (SELECT 1 FROM topups t WHERE t.voucher_id = v.id AND t.status = 'pending')
      RETURNING v.user_id""")
  List<Long> releaseOrphans(Instant cutoff);

  /** Expired: active vouchers past their date, with the promotions that issued them; the owners' ids come back. */
  @SqlQuery("""
      WITH expired AS (
        UPDATE vouchers SET status = 'expired' WHERE status = 'active' AND expires_at <= :now
        RETURNING user_id, user_promotion_id),
      promotions AS (
        UPDATE user_promotions SET status = 'expired'
        WHERE id IN (SELECT user_promotion_id FROM expired) AND status = 'voucher_issued')
      SELECT user_id FROM expired""")
  List<Long> expire(Instant now);

  /** Why a voucher could not be reserved: its status, read as expired when active but past its expiry. */
  @SqlQuery("""
      SELECT CASE WHEN status = 'active' AND expires_at <= :now THEN 'expired' ELSE status END
      FROM vouchers WHERE id = :voucherId""")
  Optional<VoucherStatus> state(long voucherId, Instant now);
}
