package dev.cake.core.topup;

import dev.cake.core.voucher.Discounts;
import dev.cake.core.voucher.VoucherStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Port: top-ups and the voucher reservations they make. */
public interface TopupRepository {
  /** A previous top-up of this user with this Idempotency-Key, with the hash of the request that made it. */
  Optional<Keyed> findByIdempotencyKey(long userId, String key);

  /**
   * Transaction 1: claims the voucher (if any) atomically (active, the user's, not expired: reserved), prices the
   * top-up by the claimed voucher's terms ({@link Discounts}), inserts the top-up as pending. On any outcome but
   * {@link Reservation.Reserved} nothing was written (the claim is rolled back).
   */
  Reservation reserve(TopupRequest request, String transactionId, String idempotencyKey, String requestHash);

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

  /** How transaction 1 ended. */
  sealed interface Reservation {
    /** The top-up is pending, its voucher (if any) reserved for it. */
    record Reserved(Topup pending) implements Reservation {}

    /** The user holds no voucher with this code. */
    record VoucherNotFound() implements Reservation {}

    /**
     * The user's voucher could not be claimed; {@code state} is why: used, reserved by a top-up in flight, expired
     * (also when still active past its expiry), cancelled, or active again (released meanwhile).
     */
    record VoucherUnavailable(VoucherStatus state) implements Reservation {}

    /** The amount is below the claimed voucher's minimum top-up. */
    record BelowMinimum(BigDecimal minimum) implements Reservation {}

    /** A concurrent request of this user with the same Idempotency-Key got there first. */
    record KeyTaken() implements Reservation {}
  }
}
