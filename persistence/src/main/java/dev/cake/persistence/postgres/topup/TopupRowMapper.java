package dev.cake.persistence.postgres.topup;

import static dev.cake.persistence.postgres.Rows.instant;

import dev.cake.core.topup.Topup;
import dev.cake.core.topup.TopupStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code topups t LEFT JOIN vouchers v} (column {@code voucher_code}). */
public final class TopupRowMapper implements RowMapper<Topup> {
  @Override
  public Topup map(ResultSet rs, StatementContext ctx) throws SQLException {
    long voucherId = rs.getLong("voucher_id");
    return new Topup(
        rs.getLong("id"), rs.getString("transaction_id"), rs.getLong("user_id"), rs.getString("phone_number"),
        rs.getBigDecimal("original_amount"), rs.getBigDecimal("discount_amount"), rs.getBigDecimal("final_amount"),
        rs.wasNull() ? null : voucherId, rs.getString("voucher_code"), rs.getString("payment_method"),
        TopupStatus.of(rs.getString("status")), rs.getString("failure_reason"),
        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")));
  }
}
