package dev.cake.persistence.postgres.voucher;

import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads are fluent queries over {@link VoucherDao}'s SQL constants (docs/ARCHITECTURE.md, "Database reads"); the
 * expiry, a single write, calls the on-demand DAO.
 */
@Singleton
public final class PostgresVoucherRepository implements VoucherRepository {
  private final Jdbi jdbi;
  private final VoucherDao dao;

  @Inject
  public PostgresVoucherRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.dao = jdbi.onDemand(VoucherDao.class);
  }

  @Override
  public List<Voucher> vouchersOf(long userId) {
    return jdbi.withHandle(h -> h.createQuery(VoucherDao.VOUCHERS_OF).bind("userId", userId).mapTo(Voucher.class)
        .list());
  }

  @Override
  public Optional<Voucher> voucherOf(long userId, String code) {
    return jdbi.withHandle(h -> h.createQuery(VoucherDao.VOUCHER_OF).bind("userId", userId).bind("code", code)
        .mapTo(Voucher.class).findOne());
  }

  @Override
  public Optional<Long> ownerOf(String code) {
    return jdbi.withHandle(h -> h.createQuery(VoucherDao.OWNER_OF).bind("code", code).mapTo(Long.class).findOne());
  }

  @Override
  public List<Long> expire(Instant now) {
    return dao.expire(now);
  }
}
