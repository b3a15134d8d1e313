package dev.cake.persistence.postgres.topup;

import dev.cake.core.topup.Settlement;
import dev.cake.core.topup.Topup;
import dev.cake.core.topup.TopupRepository.PendingTopup;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code topups} table. Reads outside a transaction are the SQL constants, run as fluent queries by
 * {@link PostgresTopupRepository} (docs/ARCHITECTURE.md, "Database reads"); the methods are the statements of its
 * transactions and its writes.
 */
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

  /** A {@link Topup}; binds {@code id}. */
  String FIND_BY_ID = SELECT + "WHERE t.id = :id";

  /**
   * A {@link KeyedRow}: the user's top-up under an idempotency key, with the hash of the request that took the key;
   * binds {@code userId}, {@code key}. One round trip for both.
   */
  String FIND_BY_KEY = TOPUP.stripTrailing() + """
      , t.request_hash
      FROM topups t LEFT JOIN vouchers v ON v.id = t.voucher_id
      WHERE t.user_id = :userId AND t.idempotency_key = :key""";

  /** The user's {@link Topup}s, newest first, below {@code :before} when it is not null; binds {@code limit}. */
  String HISTORY = SELECT + """
      WHERE t.user_id = :userId AND (CAST(:before AS bigint) IS NULL OR t.id < :before)
      ORDER BY t.id DESC LIMIT :limit""";

  /** {@link Topup}s pending since before {@code :cutoff}, oldest first; binds {@code limit}. */
  String PENDING_BEFORE = SELECT + """
      WHERE t.status = 'pending' AND t.created_at < :cutoff
      ORDER BY t.id LIMIT :limit""";

  /** {@link #FIND_BY_ID} inside a settlement's transaction. */
  @SqlQuery(FIND_BY_ID)
  Optional<Topup> findById(long id);

  @SqlUpdate("""
      UPDATE topups SET idempotency_key = NULL, request_hash = NULL
      WHERE idempotency_key IS NOT NULL AND status <> 'pending' AND created_at < :cutoff""")
  int pruneIdempotencyKeys(Instant cutoff);

  /** The new top-up, or none when the user's idempotency key is taken. One round trip: the row comes back. */
  @SqlQuery("""
      WITH t AS (
        INSERT INTO topups (transaction_id, user_id, phone_number, original_amount, discount_amount, final_amount,
                            voucher_id, payment_method, idempotency_key, request_hash, created_at, updated_at)
        VALUES (:transactionId, :request.userId, :request.phoneNumber, :request.amount, :discount, :finalAmount,
                :voucherId, :request.paymentMethod, :idempotencyKey, :requestHash, :at, :at)
        ON CONFLICT (user_id, idempotency_key) DO NOTHING
        RETURNING\s""" + ROW + ")\n" + RETURNED)
  Optional<Topup> insert(@BindMethods PendingTopup topup);

  /** The settled top-up, or none when it was no longer pending. One round trip: the row comes back. */
  @SqlQuery("""
      WITH t AS (
        UPDATE topups SET status = :status, failure_reason = :failureReason, updated_at = :at
        WHERE id = :id AND status = 'pending'
        RETURNING\s""" + ROW + ")\n" + RETURNED)
  Optional<Topup> settle(long id, @BindMethods Settlement settlement);

  @SqlUpdate("""
      UPDATE user_promotions SET status = 'voucher_used', voucher_used_at = :at
      WHERE id = (SELECT user_promotion_id FROM vouchers WHERE id = :voucherId)""")
  int markPromotionUsed(long voucherId, Instant at);

  /** A top-up with the hash of the request that took its idempotency key. */
  record KeyedRow(@Nested Topup topup, String requestHash) {}
}
