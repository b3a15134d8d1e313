package dev.cake.persistence.postgres.promotion;

import static dev.cake.persistence.postgres.Rows.instant;

import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class VoucherRowMapper implements RowMapper<Voucher> {
  @Override
  public Voucher map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Voucher(
        rs.getLong("id"), rs.getString("code"), rs.getLong("user_id"), rs.getLong("campaign_id"),
        rs.getString("type"), VoucherStatus.of(rs.getString("status")), rs.getBigDecimal("discount_percentage"),
        rs.getBigDecimal("min_topup_amount"), rs.getBigDecimal("max_discount_amount"),
        instant(rs.getTimestamp("issued_at")), instant(rs.getTimestamp("expires_at")),
        instant(rs.getTimestamp("used_at")), rs.getBigDecimal("used_amount"), rs.getBigDecimal("discount_amount"),
        rs.getString("transaction_id"));
  }
}
