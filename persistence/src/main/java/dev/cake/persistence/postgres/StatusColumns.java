package dev.cake.persistence.postgres;

import dev.cake.core.auth.Role;
import dev.cake.core.promotion.CampaignStatus;
import dev.cake.core.topup.TopupStatus;
import dev.cake.core.voucher.VoucherStatus;
import java.sql.Types;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.spi.JdbiPlugin;

/**
 * The status enums as the database stores them, their lower-case {@code value()}: one column mapper per enum to
 * read it, and one argument factory per enum to bind it (so a DAO takes and returns the enum, never its string).
 */
public final class StatusColumns implements JdbiPlugin {
  @Override
  public void customizeJdbi(Jdbi jdbi) {
    register(jdbi, Role.class, Role::of, Role::value);
    register(jdbi, CampaignStatus.class, CampaignStatus::of, CampaignStatus::value);
    register(jdbi, VoucherStatus.class, VoucherStatus::of, VoucherStatus::value);
    register(jdbi, TopupStatus.class, TopupStatus::of, TopupStatus::value);
  }

  private static <E extends Enum<E>> void register(Jdbi jdbi, Class<E> type, Function<String, E> of,
                                                   Function<E, String> value) {
    ColumnMapper<E> column = (rs, index, ctx) -> {
      String stored = rs.getString(index);
      return stored == null ? null : of.apply(stored);
    };
    ArgumentFactory.Preparable argument = (boundType, config) -> boundType != type ? Optional.empty()
        : Optional.of(bound -> (position, statement, ctx) -> {
          if (bound == null) statement.setNull(position, Types.VARCHAR);
          else statement.setString(position, value.apply(type.cast(bound)));
        });
    jdbi.registerColumnMapper(type, column);
    jdbi.registerArgument(argument);
  }
}
