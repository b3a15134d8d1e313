package dev.cake.persistence.postgres;

import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations in {@code db/migration}. The same code runs in bin/migrate, on start and in tests. */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final String LOCK_TIMEOUT = "10s";

  private final DataSource dataSource;

  /**
   * Migrations get connections of their own, outside the application's pool and its bounded waits: a migration may
   * rightly take minutes (a large index), so no statement timeout; but it waits at most {@link #LOCK_TIMEOUT} for a
   * lock, since every query of the running system would queue behind a migration waiting for one.
   */
  @Inject
  public Migrations(DatabaseSettings settings) {
    var ds = new PGSimpleDataSource();
    ds.setURL(settings.jdbcUrl());
    ds.setUser(settings.user());
    ds.setPassword(settings.password());
    ds.setConnectTimeout((int) Math.max(1, settings.timeouts().connectTimeout().toSeconds()));
    ds.setTcpKeepAlive(true);
    ds.setApplicationName("cake-migrate");
    ds.setOptions("-c lock_timeout=" + LOCK_TIMEOUT); // every session's, from the start (Flyway's initSql is deprecated)
    this.dataSource = ds;
  }

  /** Migrates through {@code dataSource} as it is, its sessions' settings included (tests). */
  public Migrations(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Applies pending migrations; returns how many ran. */
  public int migrate() {
    var result = Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
    if (result.migrationsExecuted == 0) log.info("database schema is up to date");
    else log.info("database schema now at version {} ({} migration(s) applied)", result.targetSchemaVersion,
        result.migrationsExecuted);
    return result.migrationsExecuted;
  }

  /**
   * Creates the database named in {@code jdbcUrl} when it does not exist, connecting to the server's
   * {@code postgres} database. Returns true when it was created.
   */
  public static boolean createDatabaseIfMissing(String jdbcUrl, String user, String password) throws SQLException {
    String base = jdbcUrl.contains("?") ? jdbcUrl.substring(0, jdbcUrl.indexOf('?')) : jdbcUrl;
    String name = base.substring(base.lastIndexOf('/') + 1);
    if (!name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("database name must be letters, digits and '_': " + name);
    }
    // the query stays: with several hosts it holds targetServerType=primary (CREATE DATABASE on a standby fails)
    String query = jdbcUrl.contains("?") ? jdbcUrl.substring(jdbcUrl.indexOf('?')) : "";
    String adminUrl = base.substring(0, base.lastIndexOf('/') + 1) + "postgres" + query;
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
         var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (var rs = exists.executeQuery()) {
        if (rs.next()) return false;
      }
      try (var create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + name + "\"");
      }
      log.info("created database {}", name);
      return true;
    }
  }
}
