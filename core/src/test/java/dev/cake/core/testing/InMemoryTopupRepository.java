package dev.cake.core.testing;

import dev.cake.core.topup.PaymentGateway;
import dev.cake.core.topup.Topup;
import dev.cake.core.topup.TopupRepository;
import dev.cake.core.topup.TopupRequest;
import dev.cake.core.topup.TopupStatus;
import dev.cake.core.voucher.Discounts;
import dev.cake.core.voucher.VoucherStatus;
import dev.cake.core.voucher.VoucherTerms;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TopupRepository} in memory, with the adapter's outcomes: a voucher is claimed only when it is the user's,
 * active and not expired; a taken Idempotency-Key or a refused voucher writes nothing.
 */
public final class InMemoryTopupRepository implements TopupRepository {
  private record StoredVoucher(VoucherTerms terms, long userId, VoucherStatus status, Instant expiresAt) {
    StoredVoucher with(VoucherStatus next) {
      return new StoredVoucher(terms, userId, next, expiresAt);
    }
  }

  private record Key(long userId, String key) {}

  private final Clock clock;
  private final Map<String, StoredVoucher> vouchers = new HashMap<>();
  private final List<Topup> topups = new ArrayList<>();
  private final Map<Key, Long> topupByKey = new HashMap<>();
  private final Map<Key, String> hashByKey = new HashMap<>();
  private Runnable beforeNextReserve;

  public InMemoryTopupRepository(Clock clock) {
    this.clock = clock;
  }

  /** Issues a voucher of {@code percent}% (at least {@code minimum}, no cap) to the user. */
  public synchronized void addVoucher(long userId, String code, VoucherStatus status, Instant expiresAt,
                                      String percent, String minimum) {
    var terms = new VoucherTerms(vouchers.size() + 1, code, new BigDecimal(percent), new BigDecimal(minimum), null);
    vouchers.put(code, new StoredVoucher(terms, userId, status, expiresAt));
  }

  public synchronized VoucherStatus voucherStatus(String code) {
    return vouchers.get(code).status();
  }

  public synchronized int topupCount() {
    return topups.size();
  }

  /**
   * Runs {@code action} at the start of the next {@link #reserve}, as a concurrent request would between the
   * service's key lookup and its reservation.
   */
  public synchronized void beforeNextReserve(Runnable action) {
    this.beforeNextReserve = action;
  }

  @Override
  public synchronized Optional<Keyed> findByIdempotencyKey(long userId, String key) {
    var k = new Key(userId, key);
    return Optional.ofNullable(topupByKey.get(k)).map(id -> new Keyed(byId(id), hashByKey.get(k)));
  }

  @Override
  public Reservation reserve(TopupRequest r, String transactionId, String idempotencyKey, String requestHash) {
    Runnable concurrent;
    synchronized (this) {
      concurrent = beforeNextReserve;
      beforeNextReserve = null;
    }
    if (concurrent != null) concurrent.run();
    synchronized (this) {
      Key key = idempotencyKey == null ? null : new Key(r.userId(), idempotencyKey);
      if (key != null && topupByKey.containsKey(key)) return new Reservation.KeyTaken();
      BigDecimal discount = BigDecimal.ZERO.setScale(2);
      Long voucherId = null;
      if (r.voucherCode() != null) {
        StoredVoucher v = vouchers.get(r.voucherCode());
        if (v == null || v.userId() != r.userId()) return new Reservation.VoucherNotFound();
        boolean expired = !v.expiresAt().isAfter(clock.instant());
        if (v.status() != VoucherStatus.ACTIVE || expired) {
          return new Reservation.VoucherUnavailable(v.status() == VoucherStatus.ACTIVE ? VoucherStatus.EXPIRED
              : v.status());
        }
        if (!Discounts.admits(r.amount(), v.terms())) {
          return new Reservation.BelowMinimum(v.terms().minTopupAmount());
        }
        discount = Discounts.discount(r.amount(), v.terms());
        voucherId = v.terms().voucherId();
        vouchers.put(r.voucherCode(), v.with(VoucherStatus.RESERVED));
      }
      Instant now = clock.instant();
      var pending = new Topup(topups.size() + 1, transactionId, r.userId(), r.phoneNumber(), r.amount(), discount,
          r.amount().subtract(discount).setScale(2, RoundingMode.UNNECESSARY), voucherId, r.voucherCode(),
          r.paymentMethod(), TopupStatus.PENDING, null, now, now);
      topups.add(pending);
      if (key != null) {
        topupByKey.put(key, pending.id());
        hashByKey.put(key, requestHash);
      }
      return new Reservation.Reserved(pending);
    }
  }

  @Override
  public synchronized Topup settle(Topup pending, PaymentGateway.Result result) {
    Topup current = byId(pending.id());
    if (current.status() != TopupStatus.PENDING) return current;
    var settled = new Topup(current.id(), current.transactionId(), current.userId(), current.phoneNumber(),
        current.originalAmount(), current.discountAmount(), current.finalAmount(), current.voucherId(),
        current.voucherCode(), current.paymentMethod(),
        result.approved() ? TopupStatus.SUCCEEDED : TopupStatus.FAILED, result.approved() ? null : result.reason(),
        current.createdAt(), clock.instant());
    topups.set((int) current.id() - 1, settled);
    if (current.voucherCode() != null) {
      vouchers.computeIfPresent(current.voucherCode(),
          (code, v) -> v.with(result.approved() ? VoucherStatus.USED : VoucherStatus.ACTIVE));
    }
    return settled;
  }

  @Override
  public synchronized List<Topup> pendingOlderThan(Duration olderThan, int limit) {
    Instant before = clock.instant().minus(olderThan);
    return topups.stream().filter(t -> t.status() == TopupStatus.PENDING && t.createdAt().isBefore(before))
        .limit(limit).toList();
  }

  @Override
  public int releaseOrphanReservations(Duration olderThan) {
    throw new UnsupportedOperationException("not kept in memory: no reservation times");
  }

  @Override
  public int pruneIdempotencyKeys(Duration olderThan) {
    throw new UnsupportedOperationException("not kept in memory: no key ages");
  }

  @Override
  public synchronized List<Topup> history(long userId, Long beforeId, int limit) {
    return topups.stream()
        .filter(t -> t.userId() == userId && (beforeId == null || t.id() < beforeId))
        .sorted(Comparator.comparingLong(Topup::id).reversed())
        .limit(limit).toList();
  }

  private Topup byId(long id) {
    return topups.get((int) id - 1);
  }
}
