package dev.cake.persistence.postgres;

import dev.cake.core.auth.User;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.topup.Topup;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherTerms;
import dev.cake.bank.BankLedgerDao;
import dev.cake.persistence.postgres.auth.RefreshTokenDao;
import dev.cake.persistence.postgres.auth.UserDao;
import dev.cake.persistence.postgres.event.OutboxDao;
import dev.cake.persistence.postgres.promotion.PromotionDao;
import dev.cake.persistence.postgres.seed.SeedDao;
import dev.cake.persistence.postgres.topup.TopupDao;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Every record a DAO method or a fluent read maps, mapped by Jdbi's {@link ConstructorMapper} (columns to constructor
 * parameters by name), registered once here rather than with {@code @RegisterConstructorMapper} on each DAO.
 *
 * <p>ConstructorMapper matches the columns against the parameters again for every result set: reflection over the
 * constructor's annotations and a column-mapper lookup per column, about 40 µs of CPU per query on the hot reads
 * (jdbi/jdbi#2406). A statement's columns never change, so the matched mapper is kept per record and column list
 * and reused. That is correct because every column mapper here is registered on the {@link Jdbi} itself (see
 * {@link StatusColumns}), never per statement.
 */
public final class RecordMappers implements JdbiPlugin {
  private static final List<Class<?>> RECORDS = List.of(
      User.class, UserDao.CredentialsRow.class, UserDao.LoginRow.class, RefreshTokenDao.TokenRow.class,
      Campaign.class, PromotionDao.Participant.class, PromotionDao.Slot.class, PromotionDao.PromotionRow.class,
      Voucher.class, VoucherTerms.class, Topup.class, TopupDao.KeyedRow.class, OutboxDao.OutboxRow.class,
      BankLedgerDao.Entry.class,
      SeedDao.SeededUser.class, dev.cake.persistence.postgres.audit.AuditDao.AuditRow.class);

  @Override
  public void customizeJdbi(Jdbi jdbi) {
    for (Class<?> type : RECORDS) {
      register(jdbi, type);
    }
  }

  private static <T> void register(Jdbi jdbi, Class<T> type) {
    jdbi.registerRowMapper(type, new Matched<>(ConstructorMapper.of(type)));
  }

  /** A row mapper that matches columns once per column list, then reuses the match. */
  static final class Matched<T> implements RowMapper<T> {
    private final RowMapper<T> byName;
    private final ConcurrentHashMap<List<String>, RowMapper<T>> byColumns = new ConcurrentHashMap<>();

    Matched(RowMapper<T> byName) {
      this.byName = byName;
    }

    @Override
    public T map(ResultSet rs, StatementContext ctx) throws SQLException {
      return specialize(rs, ctx).map(rs, ctx);
    }

    @Override
    public RowMapper<T> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
      ResultSetMetaData meta = rs.getMetaData();
      String[] labels = new String[meta.getColumnCount()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = meta.getColumnLabel(i + 1);
      }
      List<String> columns = Arrays.asList(labels);
      RowMapper<T> matched = byColumns.get(columns);
      if (matched == null) {
        matched = byName.specialize(rs, ctx);
        byColumns.putIfAbsent(columns, matched);
      }
      return matched;
    }
  }
}
