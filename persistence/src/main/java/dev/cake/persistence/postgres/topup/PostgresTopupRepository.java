package dev.cake.persistence.postgres.topup;

import dev.cake.core.topup.PaymentGateway;
import dev.cake.core.topup.Topup;
import dev.cake.core.topup.TopupRepository;
import dev.cake.core.topup.TopupRequest;
import dev.cake.core.topup.TopupStatus;
import dev.cake.core.voucher.Discounts;
import dev.cake.core.voucher.VoucherTerms;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The two top-up transactions (docs/ARCHITECTURE.md, "Top-up"). The voucher is claimed by one conditional UPDATE (its
 * row lock makes concurrent claims of one voucher queue, and all but the first find it no longer active); the payment
 * call happens between the two transactions, never inside one.
 */
@Singleton
public final class PostgresTopupRepository implements TopupRepository {
  private final Jdbi jdbi;
  private final TopupDao dao;
  private final Clock clock;

  @Inject
  public PostgresTopupRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.dao = jdbi.onDemand(TopupDao.class);
    this.clock = clock;
  }

  @Override
  public Optional<Keyed> findByIdempotencyKey(long userId, String key) {
    return jdbi.withHandle(h -> {
      TopupDao d = h.attach(TopupDao.class);
      return d.findByKey(userId, key).map(t -> new Keyed(t, d.requestHash(userId, key).orElseThrow()));
    });
  }

  @Override
  public Reservation reserve(TopupRequest r, String transactionId, String idempotencyKey, String requestHash) {
    if (r.voucherCode() == null) { // one statement, atomic by itself: no transaction round trips
      return insert(dao, r, transactionId, idempotencyKey, requestHash, BigDecimal.ZERO.setScale(2), null);
    }
    return jdbi.inTransaction(handle -> {
      TopupDao tx = handle.attach(TopupDao.class);
      var claimed = tx.reserveVoucher(r.voucherCode(), r.userId());
      if (claimed.isEmpty()) {
        return tx.voucherState(r.voucherCode(), r.userId())
            .<Reservation>map(Reservation.VoucherUnavailable::new)
            .orElseGet(Reservation.VoucherNotFound::new);
      }
      VoucherTerms terms = claimed.get();
      if (!Discounts.admits(r.amount(), terms)) {
        handle.rollback(); // the claim is given back
        return new Reservation.BelowMinimum(terms.minTopupAmount());
      }
      var reservation = insert(tx, r, transactionId, idempotencyKey, requestHash,
          Discounts.discount(r.amount(), terms), terms.voucherId());
      if (!(reservation instanceof Reservation.Reserved)) handle.rollback();
      return reservation;
    });
  }

  /** The pending top-up, or {@link Reservation.KeyTaken} when the user's key is taken (nothing was written). */
  private static Reservation insert(TopupDao dao, TopupRequest r, String transactionId, String idempotencyKey,
                                    String requestHash, BigDecimal discount, Long voucherId) {
    return dao.insert(r, transactionId, discount, voucherId, idempotencyKey, requestHash)
        .<Reservation>map(Reservation.Reserved::new)
        .orElseGet(Reservation.KeyTaken::new);
  }

  @Override
  public Topup settle(Topup pending, PaymentGateway.Result result) {
    long topupId = pending.id();
    TopupStatus status = result.approved() ? TopupStatus.SUCCEEDED : TopupStatus.FAILED;
    String reason = result.approved() ? null : result.reason();
    if (pending.voucherId() == null) { // one statement, atomic by itself
      return dao.settle(topupId, status, reason).orElseGet(() -> dao.findById(topupId).orElseThrow());
    }
    return jdbi.inTransaction(handle -> {
      TopupDao tx = handle.attach(TopupDao.class);
      var settled = tx.settle(topupId, status, reason);
      if (settled.isEmpty()) return tx.findById(topupId).orElseThrow(); // settled before: nothing more to do
      long voucherId = settled.get().voucherId();
      if (result.approved()) {
        var now = clock.instant();
        tx.useVoucher(topupId, now);
        tx.markPromotionUsed(voucherId, now);
      } else {
        tx.releaseVoucher(voucherId);
      }
      return settled.get();
    });
  }

  @Override
  public List<Topup> pendingOlderThan(java.time.Duration olderThan, int limit) {
    return dao.pendingOlderThan(olderThan.toMillis() / 1000.0, limit);
  }

  @Override
  public int releaseOrphanReservations(java.time.Duration olderThan) {
    return dao.releaseOrphanReservations(olderThan.toMillis() / 1000.0);
  }

  @Override
  public int pruneIdempotencyKeys(java.time.Duration olderThan) {
    return dao.pruneIdempotencyKeys(olderThan.toMillis() / 1000.0);
  }

  @Override
  public List<Topup> history(long userId, Long beforeId, int limit) {
    return dao.history(userId, beforeId, limit);
  }
}
