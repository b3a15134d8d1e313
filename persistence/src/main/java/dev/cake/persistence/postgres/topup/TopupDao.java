package dev.cake.persistence.postgres.topup;

import dev.cake.core.topup.Topup;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(TopupRowMapper.class)
public interface TopupDao {
  String SELECT = "SELECT t.*, v.code AS voucher_code FROM topups t LEFT JOIN vouchers v ON v.id = t.voucher_id ";

  @SqlQuery(SELECT + "WHERE t.id = :id")
  Optional<Topup> findById(@Bind("id") long id);

  @SqlQuery(SELECT + "WHERE t.user_id = :userId AND t.idempotency_key = :key")
  Optional<Topup> findByKey(@Bind("userId") long userId, @Bind("key") String key);

  @SqlQuery("SELECT request_hash FROM topups WHERE user_id = :userId AND idempotency_key = :key")
  Optional<String> requestHash(@Bind("userId") long userId, @Bind("key") String key);

  @SqlQuery(SELECT + """
      WHERE t.user_id = :userId AND (CAST(:before AS bigint) IS NULL OR t.id < :before)
      ORDER BY t.id DESC LIMIT :limit""")
  List<Topup> history(@Bind("userId") long userId, @Bind("before") Long before, @Bind("limit") int limit);

  @SqlQuery(SELECT + """
      WHERE t.status = 'pending' AND t.created_at < now() - make_interval(secs => :seconds)
      ORDER BY t.id LIMIT :limit""")
  List<Topup> pendingOlderThan(@Bind("seconds") double seconds, @Bind("limit") int limit);

  @SqlUpdate("""
      UPDATE vouchers v SET status = 'active', reserved_at = NULL
      WHERE v.status = 'reserved' AND v.reserved_at < now() - make_interval(secs => :seconds)
        AND NOT EXISTS (SELECT 1 FROM topups t WHERE t.voucher_id = v.id AND t.status = 'pending')""")
  int releaseOrphanReservations(@Bind("seconds") double seconds);

  @SqlUpdate("""
      UPDATE topups SET idempotency_key = NULL, request_hash = NULL
      WHERE idempotency_key IS NOT NULL AND status <> 'pending'
        AND created_at < now() - make_interval(secs => :seconds)""")
  int pruneIdempotencyKeys(@Bind("seconds") double seconds);

  /** Claims the voucher for one top-up; no row when it is not this user's, not active, or expired. */
  @SqlQuery("""
      UPDATE vouchers SET status = 'reserved', reserved_at = now()
      WHERE code = :code AND user_id = :userId AND status = 'active' AND expires_at > now()
      RETURNING id, code, discount_percentage, min_topup_amount, max_discount_amount""")
  @RegisterRowMapper(TermsMapper.class)
  Optional<dev.cake.core.voucher.VoucherTerms> reserveVoucher(@Bind("code") String code, @Bind("userId") long userId);

  /** Why a voucher could not be claimed: its status, or "expired-active" when active but past its expiry. */
  @SqlQuery("""
      SELECT CASE WHEN status = 'active' AND expires_at <= now() THEN 'expired' ELSE status END
      FROM vouchers WHERE code = :code AND user_id = :userId""")
  Optional<dev.cake.core.voucher.VoucherStatus> voucherState(@Bind("code") String code, @Bind("userId") long userId);

  /** The new top-up, or none when the user's idempotency key is taken. One round trip: the row comes back. */
  @SqlQuery("""
      WITH t AS (
        INSERT INTO topups (transaction_id, user_id, phone_number, original_amount, discount_amount, final_amount,
                            voucher_id, payment_method, idempotency_key, request_hash)
        VALUES (:transactionId, :userId, :phone, :amount, :discount, :amount - :discount, :voucherId, :method,
                :key, :hash)
        ON CONFLICT (user_id, idempotency_key) DO NOTHING
        RETURNING *)
      SELECT t.*, v.code AS voucher_code FROM t LEFT JOIN vouchers v ON v.id = t.voucher_id""")
  Optional<Topup> insert(@Bind("transactionId") String transactionId, @Bind("userId") long userId,
                        @Bind("phone") String phone, @Bind("amount") BigDecimal amount,
                        @Bind("discount") BigDecimal discount, @Bind("voucherId") Long voucherId,
                        @Bind("method") String method, @Bind("key") String key, @Bind("hash") String hash);

  /** The settled top-up, or none when it was no longer pending. One round trip: the row comes back. */
  @SqlQuery("""
      WITH t AS (
        UPDATE topups SET status = :status, failure_reason = :reason, updated_at = now()
        WHERE id = :id AND status = 'pending'
        RETURNING *)
      SELECT t.*, v.code AS voucher_code FROM t LEFT JOIN vouchers v ON v.id = t.voucher_id""")
  Optional<Topup> settle(@Bind("id") long id, @Bind("status") String status, @Bind("reason") String reason);

  @SqlUpdate("""
      UPDATE vouchers
      SET status = 'used', reserved_at = NULL, used_at = :at, used_amount = t.original_amount,
          discount_amount = t.discount_amount, transaction_id = t.transaction_id
      FROM topups t
      WHERE vouchers.id = t.voucher_id AND t.id = :topupId AND vouchers.status = 'reserved'""")
  int useVoucher(@Bind("topupId") long topupId, @Bind("at") Instant at);

  @SqlUpdate("""
      UPDATE user_promotions SET status = 'voucher_used', voucher_used_at = :at
      WHERE id = (SELECT user_promotion_id FROM vouchers WHERE id = :voucherId)""")
  int markPromotionUsed(@Bind("voucherId") long voucherId, @Bind("at") Instant at);

  @SqlUpdate("UPDATE vouchers SET status = 'active', reserved_at = NULL WHERE id = :id AND status = 'reserved'")
  int releaseVoucher(@Bind("id") long voucherId);

  final class TermsMapper implements org.jdbi.v3.core.mapper.RowMapper<dev.cake.core.voucher.VoucherTerms> {
    @Override
    public dev.cake.core.voucher.VoucherTerms map(java.sql.ResultSet rs,
                                                org.jdbi.v3.core.statement.StatementContext ctx)
        throws java.sql.SQLException {
      return new dev.cake.core.voucher.VoucherTerms(rs.getLong("id"), rs.getString("code"),
          rs.getBigDecimal("discount_percentage"), rs.getBigDecimal("min_topup_amount"),
          rs.getBigDecimal("max_discount_amount"));
    }
  }
}
