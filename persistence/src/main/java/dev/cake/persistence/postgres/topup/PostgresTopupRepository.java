package dev.cake.persistence.postgres.topup;

import dev.cake.core.topup.Settlement;
import dev.cake.core.topup.Topup;
import dev.cake.core.topup.TopupRepository;
import dev.cake.core.voucher.VoucherStatus;
import dev.cake.persistence.postgres.voucher.VoucherDao;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The two top-up transactions (docs/ARCHITECTURE.md, "Top-up"), as {@link dev.cake.core.topup.TopupService} decided
 * them. The voucher is reserved by one conditional UPDATE (its row lock makes concurrent claims of one voucher queue,
 * and all but the first find it no longer active); the payment call happens between the two transactions, never
 * inside one.
 *
 * <p>Reads outside a transaction are fluent queries over {@link TopupDao}'s SQL constants (docs/ARCHITECTURE.md,
 * "Database reads"); transactions attach the DAOs to their handle; a single write outside one calls the on-demand
 * DAO.
 */
@Singleton
public final class PostgresTopupRepository implements TopupRepository {
  private final Jdbi jdbi;
  private final TopupDao dao;
  private final VoucherDao vouchers;

  @Inject
  public PostgresTopupRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.dao = jdbi.onDemand(TopupDao.class);
    this.vouchers = jdbi.onDemand(VoucherDao.class);
  }

  @Override
  public Optional<Keyed> findByIdempotencyKey(long userId, String key) {
    return jdbi.withHandle(h -> h.createQuery(TopupDao.FIND_BY_KEY).bind("userId", userId).bind("key", key)
            .mapTo(TopupDao.KeyedRow.class).findOne())
        .map(row -> new Keyed(row.topup(), Optional.ofNullable(row.requestHash()).orElseThrow()));
  }

  @Override
  public Reservation reserve(PendingTopup topup) {
    if (topup.voucherId() == null) return insert(dao, topup); // one statement, atomic by itself
    return jdbi.inTransaction(handle -> {
      VoucherDao voucher = handle.attach(VoucherDao.class);
      if (!voucher.reserve(topup.voucherId(), topup.request().userId(), topup.at())) {
        return new Reservation.VoucherUnavailable(voucher.state(topup.voucherId(), topup.at()).orElseThrow());
      }
      var reservation = insert(handle.attach(TopupDao.class), topup);
      if (!(reservation instanceof Reservation.Reserved)) handle.rollback(); // the reservation is given back
      return reservation;
    });
  }

  /** The pending top-up, or {@link Reservation.KeyTaken} when the user's key is taken (nothing was written). */
  private static Reservation insert(TopupDao dao, PendingTopup topup) {
    return dao.insert(topup).<Reservation>map(Reservation.Reserved::new).orElseGet(Reservation.KeyTaken::new);
  }

  @Override
  public Topup settle(Topup pending, Settlement settlement) {
    long topupId = pending.id();
    if (pending.voucherId() == null) { // one statement, atomic by itself
      return dao.settle(topupId, settlement).orElseGet(() -> findById(topupId));
    }
    return jdbi.inTransaction(handle -> {
      TopupDao tx = handle.attach(TopupDao.class);
      var settled = tx.settle(topupId, settlement);
      if (settled.isEmpty()) return tx.findById(topupId).orElseThrow(); // settled before: nothing more to do
      long voucherId = settled.get().voucherId();
      VoucherDao voucher = handle.attach(VoucherDao.class);
      if (settlement.voucherStatus() == VoucherStatus.USED) {
        voucher.use(topupId, settlement.at());
        tx.markPromotionUsed(voucherId, settlement.at());
      } else {
        voucher.release(voucherId);
      }
      return settled.get();
    });
  }

  @Override
  public List<Topup> pendingBefore(Instant cutoff, int limit) {
    return jdbi.withHandle(h -> h.createQuery(TopupDao.PENDING_BEFORE).bind("cutoff", cutoff).bind("limit", limit)
        .mapTo(Topup.class).list());
  }

  @Override
  public List<Long> releaseOrphanReservations(Instant cutoff) {
    return vouchers.releaseOrphans(cutoff);
  }

  @Override
  public int pruneIdempotencyKeys(Instant cutoff) {
    return dao.pruneIdempotencyKeys(cutoff);
  }

  @Override
  public List<Topup> history(long userId, Long beforeId, int limit) {
    return jdbi.withHandle(h -> h.createQuery(TopupDao.HISTORY).bind("userId", userId).bind("before", beforeId)
        .bind("limit", limit).mapTo(Topup.class).list());
  }

  /** A top-up that exists (settled before). */
  private Topup findById(long topupId) {
    return jdbi.withHandle(h -> h.createQuery(TopupDao.FIND_BY_ID).bind("id", topupId).mapTo(Topup.class).findOne())
        .orElseThrow();
  }
}
