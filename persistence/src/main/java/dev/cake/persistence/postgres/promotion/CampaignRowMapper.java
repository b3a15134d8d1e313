package dev.cake.persistence.postgres.promotion;

import static dev.cake.persistence.postgres.Rows.instant;

import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.CampaignStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class CampaignRowMapper implements RowMapper<Campaign> {
  @Override
  public Campaign map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Campaign(
        rs.getLong("id"), rs.getString("name"), rs.getString("description"), rs.getString("type"),
        CampaignStatus.of(rs.getString("status")), instant(rs.getTimestamp("start_at")),
        instant(rs.getTimestamp("end_at")), rs.getInt("max_participants"), rs.getInt("current_participants"),
        rs.getBigDecimal("discount_percentage"), rs.getBigDecimal("min_topup_amount"),
        rs.getBigDecimal("max_discount_amount"), rs.getInt("voucher_validity_days"),
        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")));
  }

}
