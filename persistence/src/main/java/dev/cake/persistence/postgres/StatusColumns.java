package dev.cake.persistence.postgres;

import dev.cake.core.auth.Role;
import dev.cake.core.promotion.CampaignStatus;
import dev.cake.core.topup.TopupStatus;
import dev.cake.core.voucher.VoucherStatus;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.spi.JdbiPlugin;

/** One column mapper per status enum: the database stores each as its lower-case {@code value()}. */
public final class StatusColumns implements JdbiPlugin {
  @Override
  public void customizeJdbi(Jdbi jdbi) {
    jdbi.registerColumnMapper(Role.class, lowerCase(Role::of));
    jdbi.registerColumnMapper(CampaignStatus.class, lowerCase(CampaignStatus::of));
    jdbi.registerColumnMapper(VoucherStatus.class, lowerCase(VoucherStatus::of));
    jdbi.registerColumnMapper(TopupStatus.class, lowerCase(TopupStatus::of));
  }

  private static <T> ColumnMapper<T> lowerCase(Function<String, T> of) {
    return (rs, column, ctx) -> {
      String value = rs.getString(column);
      return value == null ? null : of.apply(value);
    };
  }
}
