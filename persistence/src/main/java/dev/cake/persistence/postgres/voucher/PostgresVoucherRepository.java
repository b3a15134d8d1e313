package dev.cake.persistence.postgres.voucher;

import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

@Singleton
public final class PostgresVoucherRepository implements VoucherRepository {
  private final VoucherDao dao;

  @Inject
  public PostgresVoucherRepository(Jdbi jdbi) {
    this.dao = jdbi.onDemand(VoucherDao.class);
  }

  @Override
  public List<Voucher> vouchersOf(long userId) {
    return dao.vouchersOf(userId);
  }

  @Override
  public Optional<Voucher> voucherOf(long userId, String code) {
    return dao.voucherOf(userId, code);
  }

  @Override
  public Optional<Long> ownerOf(String code) {
    return dao.ownerOf(code);
  }

  @Override
  public List<Long> expire(Instant now) {
    return dao.expire(now);
  }
}
