package dev.cake.persistence.postgres.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.persistence.postgres.DatabaseRoles;
import dev.cake.persistence.postgres.Migrations;
import dev.cake.persistence.testing.StartGate;
import dev.cake.persistence.testing.TestPersistence;
import dev.cake.persistence.testing.TestServices;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The roles the app runs as (docs/SECURITY.md, "Database roles"): the API and worker roles can use their rows and
 * nothing more. Every refusal must be PostgreSQL's {@code insufficient_privilege} (42501) or "must be owner", so a
 * typo in a statement cannot pass for a denied privilege.
 */
class LeastPrivilegeTest {
  static TestPersistence api;
  static TestPersistence worker;

  @BeforeAll
  static void setUp() {
    api = new TestPersistence();
    worker = TestPersistence.asWorker();
  }

  @AfterAll
  static void tearDown() {
    api.close();
    worker.close();
  }

  static void denied(Jdbi jdbi, String sql) {
    assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(sql)))
        .as(sql)
        .satisfies(e -> assertThat(sqlState(e)).as("SQLSTATE of %s: %s", sql, e.getMessage()).isEqualTo("42501"));
  }

  static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) return s.getSQLState();
    }
    return null;
  }

  @Test
  void theAppRolesAreWhoTheAppConnectsAs() {
    String apiUser = api.jdbi.withHandle(h -> h.createQuery("SELECT current_user").mapTo(String.class).one());
    String workerUser = worker.jdbi.withHandle(h -> h.createQuery("SELECT current_user").mapTo(String.class).one());
    assertThat(apiUser).isEqualTo(DatabaseRoles.DEFAULTS.api());
    assertThat(workerUser).isEqualTo(DatabaseRoles.DEFAULTS.worker());
  }

  @Test
  void noDdlNoTruncateNoDeleteForTheApi() {
    for (Jdbi jdbi : List.of(api.jdbi, worker.jdbi)) {
      denied(jdbi, "DROP TABLE users");
      denied(jdbi, "DROP TABLE bank.transfers");
      denied(jdbi, "ALTER TABLE users ALTER COLUMN role TYPE text");
      denied(jdbi, "ALTER TABLE topups ADD COLUMN evil int");
      denied(jdbi, "CREATE TABLE evil (id int)");
      denied(jdbi, "CREATE TABLE bank.evil (id int)");
      denied(jdbi, "TRUNCATE users CASCADE");
      denied(jdbi, "TRUNCATE refresh_tokens");
      denied(jdbi, "DELETE FROM users");
      denied(jdbi, "DELETE FROM topups");
      denied(jdbi, "DELETE FROM campaigns");
      denied(jdbi, "UPDATE bank.transfers SET status = 'approved'");
      denied(jdbi, "DELETE FROM bank.transfers");
      denied(jdbi, "SELECT * FROM flyway_schema_history");
      denied(jdbi, "CREATE INDEX evil ON users (fullname)");
    }
    denied(api.jdbi, "DELETE FROM refresh_tokens WHERE false");
    // the worker's pruning job is the one place rows are deleted
    worker.jdbi.useHandle(h -> h.execute("DELETE FROM refresh_tokens WHERE false"));
  }

  @Test
  void theAuditTrailIsAppendOnly() throws Exception {
    String marker = "least-privilege-" + UUID.randomUUID();
    for (Jdbi jdbi : List.of(api.jdbi, worker.jdbi)) {
      jdbi.useHandle(h -> h.execute("INSERT INTO audit_log (at, actor, action, outcome, request_id)"
          + " VALUES (now(), 'test', 'test.inserted', 'success', ?)", marker));
      long seen = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE request_id = ?")
          .bind(0, marker).mapTo(Long.class).one());
      assertThat(seen).isPositive();
      denied(jdbi, "UPDATE audit_log SET actor = 'someone else'");
      denied(jdbi, "DELETE FROM audit_log");
      denied(jdbi, "TRUNCATE audit_log");
      denied(jdbi, "ALTER TABLE audit_log DISABLE TRIGGER ALL");
      denied(jdbi, "DROP TABLE audit_log");
    }
    // even the superuser (and so the owner) is refused by the table's trigger, unless it drops it on purpose
    try (var c = TestServices.get().adminConnection(); var s = c.createStatement()) {
      for (String sql : List.of("UPDATE audit_log SET actor = 'x' WHERE request_id = '" + marker + "'",
          "DELETE FROM audit_log WHERE request_id = '" + marker + "'", "TRUNCATE audit_log")) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining("audit_log is append-only");
      }
    }
  }

  @Test
  void theOwnerRoleOwnsEveryTable() throws Exception {
    try (var c = TestServices.get().adminConnection(); var s = c.createStatement();
         var rs = s.executeQuery("""
             SELECT string_agg(n.nspname || '.' || c.relname || '=' || pg_get_userbyid(c.relowner), ', ')
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('public', 'bank') AND c.relkind IN ('r', 'S', 'v')
               AND pg_get_userbyid(c.relowner) <> 'cake_owner'""")) {
      rs.next();
      assertThat(rs.getString(1)).as("objects not owned by cake_owner").isNull();
    }
  }

  /**
   * Roles are cluster-wide; test runs and deploys migrate their own databases at the same time. Two databases
   * migrated at once with roles neither has seen: both succeed, each database granted on its own.
   */
  @Test
  void concurrentMigrationsOfTwoDatabasesCreateTheSameNewRoles() throws Exception {
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    var roles = new DatabaseRoles("cake_race_owner_" + run, "cake_race_api_" + run, "cake_race_worker_" + run,
        "", "");
    List<String> databases = List.of("cake_test_race_a_" + run, "cake_test_race_b_" + run);
    try (var c = TestServices.get().adminConnection(); var s = c.createStatement()) {
      for (String db : databases) s.execute("CREATE DATABASE " + db);
    }
    String base;
    try (var c = TestServices.get().adminConnection()) {
      base = c.getMetaData().getURL();
      base = base.substring(0, base.lastIndexOf('/') + 1);
    }
    String adminUser;
    try (var c = TestServices.get().adminConnection()) {
      adminUser = c.getMetaData().getUserName();
    }
    try {
      String prefix = base;
      String user = adminUser;
      List<Callable<Integer>> tasks = databases.stream().<Callable<Integer>>map(db -> () -> {
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(prefix + db);
        ds.setUser(user);
        ds.setPassword(System.getenv().getOrDefault("PGPASSWORD", ""));
        return new Migrations(ds, roles).migrate();
      }).toList();
      assertThat(StartGate.concurrently(tasks)).allSatisfy(applied -> assertThat(applied).isPositive());
      try (var c = TestServices.get().adminConnection(); var s = c.createStatement();
           var rs = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'cake\\_race\\_%" + run + "'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }
    } finally {
      try (var c = TestServices.get().adminConnection(); var s = c.createStatement()) {
        for (String db : databases) s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        s.execute("DROP ROLE IF EXISTS " + roles.api() + ", " + roles.worker() + ", " + roles.owner());
      }
    }
  }
}
