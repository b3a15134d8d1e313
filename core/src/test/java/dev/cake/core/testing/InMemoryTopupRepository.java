package dev.cake.core.testing;

import dev.cake.core.topup.Settlement;
import dev.cake.core.topup.Topup;
import dev.cake.core.topup.TopupRepository;
import dev.cake.core.topup.TopupStatus;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherRepository;
import dev.cake.core.voucher.VoucherStatus;
import dev.cake.core.voucher.VoucherTerms;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TopupRepository} and {@link VoucherRepository} in memory, with the adapter's outcomes: a voucher is reserved
 * only when it is the user's, active and not expired; a taken Idempotency-Key or a refused voucher writes nothing.
 */
public final class InMemoryTopupRepository implements TopupRepository, VoucherRepository {
  private record StoredVoucher(VoucherTerms terms, long userId, VoucherStatus status, Instant expiresAt) {
    StoredVoucher with(VoucherStatus next) {
      return new StoredVoucher(terms, userId, next, expiresAt);
    }

    Voucher voucher() {
      return new Voucher(terms.voucherId(), terms.code(), userId, 1, Voucher.MOBILE_TOPUP_DISCOUNT, status,
          terms.discountPercentage(), terms.minTopupAmount(), terms.maxDiscountAmount(), expiresAt.minusSeconds(1),
          expiresAt, null, null, null, null);
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
  public Reservation reserve(PendingTopup p) {
    Runnable concurrent;
    synchronized (this) {
      concurrent = beforeNextReserve;
      beforeNextReserve = null;
    }
    if (concurrent != null) concurrent.run();
    synchronized (this) {
      var r = p.request();
      Key key = p.idempotencyKey() == null ? null : new Key(r.userId(), p.idempotencyKey());
      if (key != null && topupByKey.containsKey(key)) return new Reservation.KeyTaken();
      if (p.voucherId() != null) {
        StoredVoucher v = vouchers.get(r.voucherCode());
        if (v.terms().voucherId() != p.voucherId() || v.userId() != r.userId()) {
          throw new IllegalStateException("reserve asked for a voucher that is not the user's");
        }
        boolean expired = !v.expiresAt().isAfter(p.at());
        if (v.status() != VoucherStatus.ACTIVE || expired) {
          return new Reservation.VoucherUnavailable(v.status() == VoucherStatus.ACTIVE ? VoucherStatus.EXPIRED
              : v.status());
        }
        vouchers.put(r.voucherCode(), v.with(VoucherStatus.RESERVED));
      }
      var pending = new Topup(topups.size() + 1, p.transactionId(), r.userId(), r.phoneNumber(), r.amount(),
          p.discount(), p.finalAmount(), p.voucherId(), r.voucherCode(), r.paymentMethod(), TopupStatus.PENDING,
          null, p.at(), p.at());
      topups.add(pending);
      if (key != null) {
        topupByKey.put(key, pending.id());
        hashByKey.put(key, p.requestHash());
      }
      return new Reservation.Reserved(pending);
    }
  }

  @Override
  public synchronized Topup settle(Topup pending, Settlement settlement) {
    Topup current = byId(pending.id());
    if (current.status() != TopupStatus.PENDING) return current;
    var settled = new Topup(current.id(), current.transactionId(), current.userId(), current.phoneNumber(),
        current.originalAmount(), current.discountAmount(), current.finalAmount(), current.voucherId(),
        current.voucherCode(), current.paymentMethod(), settlement.status(), settlement.failureReason(),
        current.createdAt(), settlement.at());
    topups.set((int) current.id() - 1, settled);
    if (current.voucherCode() != null) {
      vouchers.computeIfPresent(current.voucherCode(), (code, v) -> v.with(settlement.voucherStatus()));
    }
    return settled;
  }

  @Override
  public synchronized List<Topup> pendingBefore(Instant cutoff, int limit) {
    return topups.stream().filter(t -> t.status() == TopupStatus.PENDING && t.createdAt().isBefore(cutoff))
        .limit(limit).toList();
  }

  @Override
  public List<Long> releaseOrphanReservations(Instant cutoff) {
    throw new UnsupportedOperationException("not kept in memory: no reservation times");
  }

  @Override
  public int pruneIdempotencyKeys(Instant cutoff) {
    throw new UnsupportedOperationException("not kept in memory: no key ages");
  }

  @Override
  public synchronized List<Voucher> vouchersOf(long userId) {
    return vouchers.values().stream().filter(v -> v.userId() == userId).map(StoredVoucher::voucher).toList();
  }

  @Override
  public synchronized Optional<Voucher> voucherOf(long userId, String code) {
    return Optional.ofNullable(vouchers.get(code)).filter(v -> v.userId() == userId).map(StoredVoucher::voucher);
  }

  @Override
  public synchronized Optional<Long> ownerOf(String code) {
    return Optional.ofNullable(vouchers.get(code)).map(StoredVoucher::userId);
  }

  @Override
  public List<Long> expire(Instant now) {
    throw new UnsupportedOperationException("not kept in memory: the expiry job is tested against PostgreSQL");
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
