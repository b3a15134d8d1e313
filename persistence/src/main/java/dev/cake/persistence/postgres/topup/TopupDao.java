package dev.cake.persistence.postgres.topup;

import dev.cake.core.topup.Topup;
import dev.cake.core.topup.TopupRequest;
import dev.cake.core.topup.TopupStatus;
import dev.cake.core.voucher.VoucherStatus;
import dev.cake.core.voucher.VoucherTerms;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface TopupDao {
  /** A {@code topups} row as a statement returns it. */
  String ROW = """
      id, transaction_id, user_id, phone_number, original_amount, discount_amount, final_amount, voucher_id,
      payment_method, status, failure_reason, created_at, updated_at""";
  /** A {@link Topup}: a row {@code t} with its voucher's code ({@code v}). */
  String TOPUP = """
      SELECT t.id, t.transaction_id, t.user_id, t.phone_number, t.original_amount, t.discount_amount,
             t.final_amount, t.voucher_id, v.code AS voucher_code, t.payment_method, t.status, t.failure_reason,
             t.created_at, t.updated_at
      """;
  /** Top-ups as stored. */
  String SELECT = TOPUP + "FROM topups t LEFT JOIN vouchers v ON v.id = t.voucher_id\n";
  /** The row a statement's CTE {@code t} returned. */
  String RETURNED = TOPUP + "FROM t LEFT JOIN vouchers v ON v.id = t.voucher_id";

  @SqlQuery(SELECT + "WHERE t.id = :id")
  Optional<Topup> findById(long id);

  @SqlQuery(SELECT + "WHERE t.user_id = :userId AND t.idempotency_key = :key")
  Optional<Topup> findByKey(long userId, String key);

  @SqlQuery("SELECT request_hash FROM topups WHERE user_id = :userId AND idempotency_key = :key")
  Optional<String> requestHash(long userId, String key);

  @SqlQuery(SELECT + """
      WHERE t.user_id = :userId AND (CAST(:before AS bigint) IS NULL OR t.id < :before)
      ORDER BY t.id DESC LIMIT :limit""")
  List<Topup> history(long userId, Long before, int limit);

  @SqlQuery(SELECT + """
      WHERE t.status = 'pending' AND t.created_at < now() - make_interval(secs => :seconds)
      ORDER BY t.id LIMIT :limit""")
  List<Topup> pendingOlderThan(double seconds, int limit);

  @SqlUpdate("""
      UPDATE vouchers v SET status = 'active', reserved_at = NULL
      WHERE v.status = 'reserved' AND v.reserved_at < now() - make_interval(secs => :seconds)
        AND NOT EXISTS (SELECT 1 FROM topups t WHERE t.voucher_id = v.id AND t.status = 'pending')""")
  int releaseOrphanReservations(double seconds);

  @SqlUpdate("""
      UPDATE topups SET idempotency_key = NULL, request_hash = NULL
      WHERE idempotency_key IS NOT NULL AND status <> 'pending'
        AND created_at < now() - make_interval(secs => :seconds)""")
  int pruneIdempotencyKeys(double seconds);

  /** Claims the voucher for one top-up; no row when it is not this user's, not active, or expired. */
  @SqlQuery("""
      UPDATE vouchers SET status = 'reserved', reserved_at = now()
      WHERE code = :code AND user_id = :userId AND status = 'active' AND expires_at > now()
      RETURNING id AS voucher_id, code, discount_percentage, min_topup_amount, max_discount_amount""")
  Optional<VoucherTerms> reserveVoucher(String code, long userId);

  /** Why a voucher could not be claimed: its status, read as expired when active but past its expiry. */
  @SqlQuery("""
      SELECT CASE WHEN status = 'active' AND expires_at <= now() THEN 'expired' ELSE status END
      FROM vouchers WHERE code = :code AND user_id = :userId""")
  Optional<VoucherStatus> voucherState(String code, long userId);

  /** The new top-up, or none when the user's idempotency key is taken. One round trip: the row comes back. */
  @SqlQuery("""
      WITH t AS (
        INSERT INTO topups (transaction_id, user_id, phone_number, original_amount, discount_amount, final_amount,
                            voucher_id, payment_method, idempotency_key, request_hash)
        VALUES (:transactionId, :userId, :phoneNumber, :amount, :discount, :amount - :discount, :voucherId,
                :paymentMethod, :key, :hash)
        ON CONFLICT (user_id, idempotency_key) DO NOTHING
        RETURNING\s""" + ROW + ")\n" + RETURNED)
  Optional<Topup> insert(@BindMethods TopupRequest request, String transactionId, BigDecimal discount,
                         Long voucherId, String key, String hash);

  /** The settled top-up, or none when it was no longer pending. One round trip: the row comes back. */
  @SqlQuery("""
      WITH t AS (
        UPDATE topups SET status = :status, failure_reason = :reason, updated_at = now()
        WHERE id = :id AND status = 'pending'
        RETURNING\s""" + ROW + ")\n" + RETURNED)
  Optional<Topup> settle(long id, TopupStatus status, String reason);

  @SqlUpdate("""
      UPDATE vouchers
      SET status = 'used', reserved_at = NULL, used_at = :at, used_amount = t.original_amount,
          discount_amount = t.discount_amount, transaction_id = t.transaction_id
      FROM topups t
      WHERE vouchers.id = t.voucher_id AND t.id = :topupId AND vouchers.status = 'reserved'""")
  int useVoucher(long topupId, Instant at);

  @SqlUpdate("""
      UPDATE user_promotions SET status = 'voucher_used', voucher_used_at = :at
      WHERE id = (SELECT user_promotion_id FROM vouchers WHERE id = :voucherId)""")
  int markPromotionUsed(long voucherId, Instant at);

  @SqlUpdate("""
      UPDATE vouchers SET status = 'active', reserved_at = NULL WHERE id = :voucherId AND status = 'reserved'""")
  int releaseVoucher(long voucherId);
}
