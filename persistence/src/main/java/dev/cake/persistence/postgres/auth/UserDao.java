package dev.cake.persistence.postgres.auth;

import dev.cake.core.auth.Credentials;
import dev.cake.core.auth.User;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterRowMapper(UserRowMapper.class)
public interface UserDao {
  String COLUMNS = "id, fullname, email, username, phone, birthday, role, latest_login, created_at, updated_at";

  @SqlQuery("""
      INSERT INTO users (fullname, email, username, phone, birthday, password_hash, role)
      VALUES (:fullname, :email, :username, :phone, :birthday, :passwordHash, :role)
      RETURNING\s""" + COLUMNS)
  User insert(@Bind("fullname") String fullname, @Bind("email") String email, @Bind("username") String username,
              @Bind("phone") String phone, @Bind("birthday") LocalDate birthday,
              @Bind("passwordHash") String passwordHash, @Bind("role") String role);

  @SqlQuery("""
      SELECT CASE WHEN lower(username) = lower(:username) THEN 'username'
                  WHEN lower(email) = :email THEN 'email' ELSE 'phone' END
      FROM users
      WHERE lower(email) = :email OR lower(username) = lower(:username) OR phone = :phone
      ORDER BY (lower(username) = lower(:username)) IS TRUE DESC, (lower(email) = :email) IS TRUE DESC
      LIMIT 1""")
  Optional<String> takenField(@Bind("email") String email, @Bind("username") String username,
                              @Bind("phone") String phone);

  @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
  Optional<User> findById(@Bind("id") long id);

  @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(:username)")
  Optional<User> findByUsername(@Bind("username") String username);

  /** Username wins over phone when one string could be both. */
  @SqlQuery("""
      SELECT\s""" + COLUMNS + """
      , password_hash FROM users
      WHERE lower(email) = :email OR lower(username) = lower(:username) OR phone = :phone
      ORDER BY (lower(username) = lower(:username)) IS TRUE DESC
      LIMIT 1""")
  @RegisterRowMapper(CredentialsRowMapper.class)
  Optional<Credentials> findCredentials(@Bind("email") String email, @Bind("username") String username,
                                      @Bind("phone") String phone);

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
  @RegisterRowMapper(LoginRowMapper.class)
  Optional<dev.cake.core.auth.UserRepository.LoginRecord> recordLogin(@Bind("id") long id, @Bind("at") Instant at);

  @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE role = :role ORDER BY id")
  java.util.List<User> findByRole(@Bind("role") String role);

  @SqlQuery("UPDATE users SET role = :role, updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
  Optional<User> changeRole(@Bind("id") long id, @Bind("role") String role);
}
