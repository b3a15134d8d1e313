package dev.cake.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The start-up check names why the database cannot be used. The states a trusting local server cannot produce (a
 * refused password) are checked from the driver's SQLState; a closed port is checked for real.
 */
class DatabaseConnectionCheckTest {
  static DatabaseSettings settings(String url) {
    return new DatabaseSettings(url, "cake", "secret", 2, Duration.ofSeconds(2));
  }

  static final DatabaseSettings CAKE = settings("jdbc:postgresql://db.example:5432/cake?sslmode=disable");

  @Test
  void eachSqlStateItKnowsIsNamed() {
    assertThat(DatabaseConnectionCheck.describe(new SQLException("FATAL: database \"cake\" does not exist", "3D000"),
        CAKE)).isEqualTo("database \"cake\" does not exist on db.example:5432 (DATABASE_URL;"
        + " bin/migrate --create-database creates it)");
    assertThat(DatabaseConnectionCheck.describe(new SQLException("FATAL: password authentication failed", "28P01"),
        CAKE)).isEqualTo("PostgreSQL on db.example:5432 refused the password of user \"cake\" (DATABASE_URL)");
    assertThat(DatabaseConnectionCheck.describe(new SQLException("FATAL: no pg_hba.conf entry\nmore", "28000"), CAKE))
        .isEqualTo("PostgreSQL on db.example:5432 refused user \"cake\" for database \"cake\" (no such role, or no"
            + " pg_hba.conf entry allows it: FATAL: no pg_hba.conf entry)");
    var refused = new SQLException("Connection to db.example:5432 refused", "08001", new ConnectException("refused"));
    assertThat(DatabaseConnectionCheck.describe(refused, CAKE))
        .isEqualTo("PostgreSQL is unreachable at db.example:5432: connection refused (is it running? DATABASE_URL)");
    assertThat(DatabaseConnectionCheck.describe(new SQLException("odd", "XX000"), CAKE))
        .isEqualTo("cannot connect to database \"cake\" on db.example:5432: odd (SQLState XX000)");
  }

  @Test
  void aFailureWrappedByThePoolOrFlywayIsFoundInItsCauses() {
    var wrapped = new RuntimeException("migration failed", new IllegalStateException("pool",
        new SQLException("FATAL: password authentication failed", "28P01")));
    assertThat(DatabaseConnectionCheck.describeOrNull(wrapped, CAKE)).contains("refused the password");
    assertThat(DatabaseConnectionCheck.describeOrNull(new RuntimeException("other"), CAKE)).isNull();
    assertThat(DatabaseConnectionCheck.describeOrNull(new SQLException("deadlock", "40P01"), CAKE)).isNull();
  }

  @Test
  void aClosedPortIsUnreachable() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(DatabaseConnectionCheck.problem(settings("jdbc:postgresql://127.0.0.1:" + port + "/cake")))
        .hasValue("PostgreSQL is unreachable at 127.0.0.1:" + port + ": connection refused (is it running?"
            + " DATABASE_URL)");
  }
}
