package dev.cake.persistence.postgres.auth;

import dev.cake.core.auth.NewUser;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The {@code users} table. Reads outside a transaction are the SQL constants, run as fluent queries by
 * {@link PostgresUserRepository} (docs/ARCHITECTURE.md, "Database reads"); the methods are the statements of its
 * transactions and its writes.
 */
public interface UserDao {
  String COLUMNS = "id, fullname, email, username, phone, birthday, role, latest_login, created_at, updated_at";

  /** The field a registration would take from another user; binds {@code email}, {@code username}, {@code phone}. */
  String TAKEN_FIELD = """
      SELECT CASE WHEN lower(username) = lower(:username) THEN 'username'
                  WHEN lower(email) = :email THEN 'email' ELSE 'phone' END
      FROM users
      WHERE lower(email) = :email OR lower(username) = lower(:username) OR phone = :phone
      ORDER BY (lower(username) = lower(:username)) IS TRUE DESC, (lower(email) = :email) IS TRUE DESC
      LIMIT 1""";

  /** A {@link User}; binds {@code id}. */
  String FIND_BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = :id";

  /** A {@link User}; binds {@code username}. */
  String FIND_BY_USERNAME = "SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(:username)";

  /**
   * A {@link CredentialsRow}; binds {@code email}, {@code username}, {@code phone}. Username wins over phone when one
   * string could be both.
   */
  String FIND_CREDENTIALS = """
      SELECT\s""" + COLUMNS + """
      , password_hash FROM users
      WHERE lower(email) = :email OR lower(username) = lower(:username) OR phone = :phone
      ORDER BY (lower(username) = lower(:username)) IS TRUE DESC
      LIMIT 1""";

  /** {@link User}s, by id; binds {@code role}. */
  String FIND_BY_ROLE = "SELECT " + COLUMNS + " FROM users WHERE role = :role ORDER BY id";

  @SqlQuery("""
      INSERT INTO users (fullname, email, username, phone, birthday, password_hash, role, created_at, updated_at)
      VALUES (:fullname, :email, :username, :phone, :birthday, :passwordHash, :role, :now, :now)
      RETURNING\s""" + COLUMNS)
  User insert(@BindMethods NewUser user, Instant now);

  /**
   * Sets latest_login. The row lock taken by the sub-select makes "was it null before?" exact under concurrent
   * logins of the same user: the second waits, then sees the first one's value.
   */
  @SqlQuery("""
      UPDATE users u SET latest_login = :at, updated_at = :at
      FROM (SELECT id, latest_login FROM users WHERE id = :id FOR UPDATE) previous
      WHERE u.id = previous.id
      RETURNING u.id, u.fullname, u.email, u.username, u.phone, u.birthday, u.role, u.latest_login, u.created_at,
                u.updated_at, previous.latest_login IS NULL AS first_login""")
  Optional<LoginRow> recordLogin(long id, Instant at);

  @SqlQuery("UPDATE users SET role = :role, updated_at = :now WHERE id = :id RETURNING " + COLUMNS)
  Optional<User> changeRole(long id, Role role, Instant now);

  /** A {@code users} row with its password hash. */
  record CredentialsRow(@Nested User user, String passwordHash) {}

  /** A {@code users} row after a login, and whether it was the user's first. */
  record LoginRow(@Nested User user, boolean firstLogin) {}
}
