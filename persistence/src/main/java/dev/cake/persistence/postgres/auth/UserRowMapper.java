package dev.cake.persistence.postgres.auth;

import static dev.cake.persistence.postgres.Rows.instant;

import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps a {@code users} row to {@link User}. */
public final class UserRowMapper implements RowMapper<User> {
  @Override
  public User map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new User(
        rs.getLong("id"),
        rs.getString("fullname"),
        rs.getString("email"),
        rs.getString("username"),
        rs.getString("phone"),
        rs.getObject("birthday", LocalDate.class),
        Role.of(rs.getString("role")),
        instant(rs.getTimestamp("latest_login")),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")));
  }

}
