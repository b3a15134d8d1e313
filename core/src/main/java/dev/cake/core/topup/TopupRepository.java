package dev.cake.core.topup;

import dev.cake.core.voucher.VoucherTerms;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Port: top-ups and the voucher reservations they make. */
public interface TopupRepository {
  /** A previous top-up of this user with this Idempotency-Key, with the hash of the request that made it. */
  Optional<Keyed> findByIdempotencyKey(long userId, String key);

  /**
   * Transaction 1: claims the voucher (if any) atomically (active, the user's, not expired: reserved), computes the
   * discount with {@code discount}, inserts the top-up as pending.
   *
   * @throws dev.cake.core.CakeException.NotFound unknown voucher or someone else's
   * @throws dev.cake.core.CakeException.Conflict voucher used or reserved by another top-up in flight
   * @throws dev.cake.core.CakeException.Unprocessable voucher expired or amount below its minimum
   * @throws IdempotencyKeyTaken a concurrent request with the same key got there first (nothing was written)
   */
  Topup reserve(TopupRequest request, String transactionId, String idempotencyKey, String requestHash,
                Function<VoucherTerms, BigDecimal> discount);

  /**
   * Transaction 2: approved, the top-up succeeds and the voucher is used; declined, the top-up fails and the voucher
   * is active again. Only a pending top-up changes; returns the top-up as it now is.
   */
  Topup settle(Topup pending, PaymentGateway.Result result);

  /** Top-ups still pending after {@code olderThan} (the API died or the bank did not answer), oldest first. */
  List<Topup> pendingOlderThan(java.time.Duration olderThan, int limit);

  /** Returns to active the vouchers reserved longer than {@code olderThan} that back no pending top-up. */
  int releaseOrphanReservations(java.time.Duration olderThan);

  /** Forgets Idempotency-Keys older than {@code olderThan} (the top-ups stay). */
  int pruneIdempotencyKeys(java.time.Duration olderThan);

  /** The user's top-ups, newest first, with ids below {@code beforeId} when given. */
  List<Topup> history(long userId, Long beforeId, int limit);

  record Keyed(Topup topup, String requestHash) {}

  final class IdempotencyKeyTaken extends RuntimeException {
    public IdempotencyKeyTaken() {
      super("idempotency key taken", null, false, false);
    }
  }
}
