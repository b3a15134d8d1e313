package dev.cake.persistence.postgres.auth;

import dev.cake.core.auth.Credentials;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class CredentialsRowMapper implements RowMapper<Credentials> {
  private final UserRowMapper users = new UserRowMapper();

  @Override
  public Credentials map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Credentials(users.map(rs, ctx), rs.getString("password_hash"));
  }
}
