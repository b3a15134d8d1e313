package dev.cake.persistence.postgres.auth;

import dev.cake.core.auth.UserRepository.LoginRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class LoginRowMapper implements RowMapper<LoginRecord> {
  private final UserRowMapper users = new UserRowMapper();

  @Override
  public LoginRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new LoginRecord(users.map(rs, ctx), rs.getBoolean("first_login"), null);
  }
}
