package dev.cake.core.topup;

import dev.cake.core.voucher.VoucherStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: top-ups and the voucher reservations they make. It stores what {@link TopupService} decided: the price, the
 * voucher's transition and the settlement come in as values; the adapter runs each in one transaction and reports how
 * it ended.
 */
public interface TopupRepository {
  /** A previous top-up of this user with this Idempotency-Key, with the hash of the request that made it. */
  Optional<Keyed> findByIdempotencyKey(long userId, String key);

  /**
   * Transaction 1: reserves the voucher (if any; only while it is the user's, active and unexpired at
   * {@code topup.at()}) and inserts the priced top-up as pending. On any outcome but {@link Reservation.Reserved}
   * nothing was written.
   */
  Reservation reserve(PendingTopup topup);

  /**
   * Transaction 2: writes the settlement core decided (the top-up's final status, and its voucher used or active
   * again). Only a pending top-up changes; returns the top-up as it now is.
   */
  Topup settle(Topup pending, Settlement settlement);

  /** Top-ups still pending, created before {@code cutoff} (the API died or the bank did not answer), oldest first. */
  List<Topup> pendingBefore(Instant cutoff, int limit);

  /**
   * Returns to active the vouchers reserved before {@code cutoff} that back no pending top-up; returns their owners'
   * ids (one per voucher).
   */
  List<Long> releaseOrphanReservations(Instant cutoff);

  /** Forgets Idempotency-Keys of top-ups created before {@code cutoff} (the top-ups stay). */
  int pruneIdempotencyKeys(Instant cutoff);

  /** The user's top-ups, newest first, with ids below {@code beforeId} when given. */
  List<Topup> history(long userId, Long beforeId, int limit);

  record Keyed(Topup topup, String requestHash) {}

  /**
   * A top-up as priced by core: {@code discount} and {@code finalAmount} already computed from the voucher's terms
   * ({@code voucherId} null: no voucher), {@code at} the time the voucher must still be valid at.
   */
  record PendingTopup(TopupRequest request, String transactionId, String idempotencyKey, String requestHash,
                      BigDecimal discount, BigDecimal finalAmount, Long voucherId, Instant at) {
    /**
     * The price: without a voucher ({@code voucher} null) the full amount; with one, less its discount
     * ({@link dev.cake.core.voucher.Discounts}, which refuses an amount below the voucher's minimum).
     */
    public static PendingTopup priced(TopupRequest request, dev.cake.core.voucher.Voucher voucher,
                                      String transactionId, String idempotencyKey, String requestHash, Instant at) {
      if (voucher == null) {
        return new PendingTopup(request, transactionId, idempotencyKey, requestHash, BigDecimal.ZERO.setScale(2),
            request.amount(), null, at);
      }
      BigDecimal discount = dev.cake.core.voucher.Discounts.discount(request.amount(), voucher.terms());
      return new PendingTopup(request, transactionId, idempotencyKey, requestHash, discount,
          request.amount().subtract(discount), voucher.id(), at);
    }
  }

  /** How transaction 1 ended. */
  sealed interface Reservation {
    /** The top-up is pending, its voucher (if any) reserved for it. */
    record Reserved(Topup pending) implements Reservation {}

    /**
     * The voucher could not be reserved; {@code state} is why: used, reserved by a top-up in flight, expired
     * (also when still active past its expiry), cancelled, or active again (released meanwhile).
     */
    record VoucherUnavailable(VoucherStatus state) implements Reservation {}

    /** A concurrent request of this user with the same Idempotency-Key got there first. */
    record KeyTaken() implements Reservation {}
  }
}
