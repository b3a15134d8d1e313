package dev.cake.persistence.postgres;

import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations in {@code db/migration}. The same code runs in bin/migrate, on start and in tests.
 *
 * <p>Least privilege (docs/SECURITY.md, "Database roles"): before migrating it creates the {@link DatabaseRoles}
 * that are missing (roles are cluster-wide and concurrent runs may race: a role created meanwhile counts as created),
 * makes the owner role own this database and its objects, then migrates as the owner ({@code SET ROLE}), and after
 * every migrate grants the API and worker roles exactly their privileges again ({@code db/grants.sql}).
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final String LOCK_TIMEOUT = "10s";

  private final DataSource dataSource;
  private final DatabaseRoles roles;

  /**
   * Migrations get connections of their own, outside the application's pool and its bounded waits: a migration may
   * rightly take minutes (a large index), so no statement timeout; but it waits at most {@link #LOCK_TIMEOUT} for a
   * lock, since every query of the running system would queue behind a migration waiting for one.
   */
  @Inject
  public Migrations(DatabaseSettings settings, DatabaseRoles roles) {
    var ds = new PGSimpleDataSource();
    ds.setURL(settings.jdbcUrl());
    ds.setUser(settings.user());
    ds.setPassword(settings.password());
    ds.setConnectTimeout((int) Math.max(1, settings.timeouts().connectTimeout().toSeconds()));
    ds.setTcpKeepAlive(true);
    ds.setApplicationName("cake-migrate");
    ds.setOptions("-c lock_timeout=" + LOCK_TIMEOUT); // every session's, from the start (Flyway's initSql is deprecated)
    this.dataSource = ds;
    this.roles = roles;
  }

  /** Migrates through {@code dataSource} as it is, its sessions' settings included (tests). */
  public Migrations(DataSource dataSource, DatabaseRoles roles) {
    this.dataSource = dataSource;
    this.roles = roles;
  }

  /** Applies pending migrations; returns how many ran. */
  public int migrate() {
    boolean setRole = prepareRoles();
    var result = Flyway.configure()
        .dataSource(setRole ? asOwner(dataSource, roles.owner()) : dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
    grant(setRole);
    if (result.migrationsExecuted == 0) log.info("database schema is up to date");
    else log.info("database schema now at version {} ({} migration(s) applied)", result.targetSchemaVersion,
        result.migrationsExecuted);
    return result.migrationsExecuted;
  }

  /** {@code dataSource} whose every connection acts as {@code owner} ({@code SET ROLE} once it is opened). */
  private static DataSource asOwner(DataSource dataSource, String owner) {
    return (DataSource) java.lang.reflect.Proxy.newProxyInstance(Migrations.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(dataSource, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof Connection c) {
            try (var s = c.createStatement()) {
              s.execute("SET ROLE " + owner);
            }
          }
          return result;
        });
  }

  /** Runs {@code db/grants.sql} as the owner, in one transaction: the app roles get exactly those privileges. */
  private void grant(boolean setRole) {
    String sql = new String(read("db/grants.sql"), java.nio.charset.StandardCharsets.UTF_8)
        .replace("${apiRole}", roles.api()).replace("${workerRole}", roles.worker());
    try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
      c.setAutoCommit(false);
      if (setRole) s.execute("SET LOCAL ROLE " + roles.owner());
      s.execute(sql);
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot grant the app roles their privileges: " + e.getMessage(), e);
    }
  }

  private static byte[] read(String resource) {
    try (var in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing from the classpath: " + resource);
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Creates the missing roles, sets the passwords given, and hands this database and what the connecting role owns in
   * it to the owner role. Returns whether migrations must {@code SET ROLE} to the owner (false when the connecting
   * role is the owner: production may log in as it).
   */
  private boolean prepareRoles() {
    try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
      String me;
      boolean superuser;
      try (var rs = s.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
        rs.next();
        me = rs.getString(1);
        superuser = rs.getBoolean(2);
      }
      createRole(s, roles.owner(), false);
      createRole(s, roles.api(), true);
      createRole(s, roles.worker(), true);
      var pg = c.unwrap(PGConnection.class);
      if (!roles.apiPassword().isEmpty()) pg.alterUserPassword(roles.api(), roles.apiPassword().toCharArray(), null);
      if (!roles.workerPassword().isEmpty()) {
        pg.alterUserPassword(roles.worker(), roles.workerPassword().toCharArray(), null);
      }
      if (me.equals(roles.owner())) return false;
      if (!superuser) s.execute("GRANT " + roles.owner() + " TO CURRENT_USER");
      // the owner owns the database (and so, from PostgreSQL 15, its public schema) and every object the connecting
      // role created before roles existed; nobody else may connect but the app's roles
      s.execute("""
          DO $$
          DECLARE r record;
          BEGIN
            EXECUTE format('ALTER DATABASE %%I OWNER TO %1$s', current_database());
            EXECUTE format('REVOKE ALL ON DATABASE %%I FROM PUBLIC', current_database());
            EXECUTE format('GRANT CONNECT ON DATABASE %%I TO %2$s, %3$s', current_database());
            GRANT USAGE, CREATE ON SCHEMA public TO %1$s;
            FOR r IN SELECT n.nspname FROM pg_namespace n
                     WHERE n.nspowner = CURRENT_USER::regrole AND n.nspname NOT LIKE 'pg\\_%%'
                       AND n.nspname NOT IN ('public', 'information_schema') LOOP
              EXECUTE format('ALTER SCHEMA %%I OWNER TO %1$s', r.nspname);
            END LOOP;
            FOR r IN SELECT n.nspname, c.relname,
                            CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END AS kind
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relowner = CURRENT_USER::regrole AND c.relkind IN ('r', 'p', 'v', 'S')
                       AND n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema'
                       AND NOT (c.relkind = 'S' AND EXISTS (
                         SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
              EXECUTE format('ALTER %%s %%I.%%I OWNER TO %1$s', r.kind, r.nspname, r.relname);
            END LOOP;
          END $$""".formatted(roles.owner(), roles.api(), roles.worker()));
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the database roles " + roles + " (bin/migrate must connect as "
          + "a superuser, a role with CREATEROLE, or the owner role once the roles exist): " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code role} unless it exists. Roles belong to the whole cluster and concurrent runs (the tests, each in
   * its own database) may create it at the same moment: the loser's duplicate counts as created.
   */
  private static void createRole(java.sql.Statement s, String role, boolean login) throws SQLException {
    s.execute("""
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
            CREATE ROLE %1$s %2$s NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
          NULL; -- created by a concurrent run
        END $$""".formatted(role, login ? "LOGIN" : "NOLOGIN"));
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
