package dev.cake.persistence.postgres.auth;

import dev.cake.core.auth.NewUser;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

public interface UserDao {
  String COLUMNS = "id, fullname, email, username, phone, birthday, role, latest_login, created_at, updated_at";

  @SqlQuery("""
      INSERT INTO users (fullname, email, username, phone, birthday, password_hash, role)
      VALUES (:fullname, :email, :username, :phone, :birthday, :passwordHash, :role)
      RETURNING\s""" + COLUMNS)
  User insert(@BindMethods NewUser user);

  @SqlQuery("""
      SELECT CASE WHEN lower(username) = lower(:username) THEN 'username'
                  WHEN lower(email) = :email THEN 'email' ELSE 'phone' END
      FROM users
      WHERE lower(email) = :email OR lower(username) = lower(:username) OR phone = :phone
      ORDER BY (lower(username) = lower(:username)) IS TRUE DESC, (lower(email) = :email) IS TRUE DESC
      LIMIT 1""")
  Optional<String> takenField(String email, String username, String phone);

  @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
  Optional<User> findById(long id);

  @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(:username)")
  Optional<User> findByUsername(String username);

  /** Username wins over phone when one string could be both. */
  @SqlQuery("""
      SELECT\s""" + COLUMNS + """
      , password_hash FROM users
      WHERE lower(email) = :email OR lower(username) = lower(:username) OR phone = :phone
      ORDER BY (lower(username) = lower(:username)) IS TRUE DESC
      LIMIT 1""")
  Optional<CredentialsRow> findCredentials(String email, String username, String phone);

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

  @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE role = :role ORDER BY id")
  List<User> findByRole(Role role);

  @SqlQuery("UPDATE users SET role = :role, updated_at = :now WHERE id = :id RETURNING " + COLUMNS)
  Optional<User> changeRole(long id, Role role, Instant now);

  /** A {@code users} row with its password hash. */
  record CredentialsRow(@Nested User user, String passwordHash) {}

  /** A {@code users} row after a login, and whether it was the user's first. */
  record LoginRow(@Nested User user, boolean firstLogin) {}
}
