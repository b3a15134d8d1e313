package dev.cake.persistence.testing;

import dev.cake.persistence.PersistenceSettings;
import dev.cake.persistence.postgres.DatabaseRoles;
import dev.cake.persistence.postgres.Migrations;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * The real PostgreSQL and Redis every integration test runs against, one per test JVM.
 *
 * <p>Resolution order: {@code CAKE_TEST_DATABASE_URL} / {@code CAKE_TEST_REDIS_URL}; else the local servers on
 * 127.0.0.1:5432 and :6379; else Testcontainers when a Docker engine answers; else a loud failure that says how to
 * start them. Nothing is ever skipped.
 *
 * <p>Each run gets its own database ({@code cake_test_<random>}, created, migrated with the production
 * {@code Migrations}, dropped at exit) and its own Redis key prefix (deleted at exit), so runs never see each
 * other's data.
 *
 * <p>Least privilege holds in the tests too: the database is migrated by the privileged connection (as the owner
 * role, like {@code bin/migrate}), and the application connects as the API role ({@link #environment()}) or the
 * worker role ({@link #workerEnvironment()}), never as the owner.
 */
public final class TestServices {
  private static final String HOW_TO_START = """
      Cake's integration tests need a real PostgreSQL and Redis. None was found.
        - set CAKE_TEST_DATABASE_URL=postgresql://user:pass@host:5432/postgres and CAKE_TEST_REDIS_URL=redis://host:6379/0, or
        - start local servers (Debian):
            pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
            redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
          or install them: apt-get install -y postgresql redis-server   (.ci/run does all of this), or
        - run a Docker engine (Testcontainers then starts postgres:16-alpine and redis:7-alpine).""";

  private static volatile TestServices instance;

  private final String adminJdbcUrl;
  private final String user;
  private final String password;
  private final String databaseName;
  private final URI redisUri;
  private final String redisPrefix;
  private final Map<String, String> env;
  private final Map<String, String> workerEnv;
  /** Local trust authentication needs no password; a server that checks them (Docker) gets this one. */
  private final String rolePassword;

  private TestServices(String adminJdbcUrl, String user, String password, URI redisUri) {
    this.adminJdbcUrl = adminJdbcUrl;
    this.user = user;
    this.password = password;
    this.redisUri = redisUri;
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.databaseName = "cake_test_" + run;
    this.redisPrefix = "cake-test-" + run + ":";
    String hostPort = adminJdbcUrl.substring("jdbc:postgresql://".length(), adminJdbcUrl.lastIndexOf('/'));
    this.rolePassword = password.isEmpty() ? "" : "cake-test-role-password";
    String secret = rolePassword.isEmpty() ? "" : ":" + rolePassword;
    DatabaseRoles roles = DatabaseRoles.DEFAULTS;
    this.env = common("postgresql://" + roles.api() + secret + "@" + hostPort + "/" + databaseName);
    this.workerEnv = common("postgresql://" + roles.worker() + secret + "@" + hostPort + "/" + databaseName);
  }

  private Map<String, String> common(String databaseUrl) {
    return Map.ofEntries(
        Map.entry("CAKE_ENV", "test"),
        Map.entry("DATABASE_URL", databaseUrl),
        Map.entry("REDIS_URL", redisUri.toString()),
        Map.entry("CAKE_REDIS_PREFIX", redisPrefix),
        Map.entry("CAKE_BCRYPT_COST", "4"),
        // bursts of hundreds of virtual threads queue for 10 connections
        Map.entry("CAKE_DB_CONNECTION_TIMEOUT", "10s"),
        Map.entry("CAKE_PAYMENT_LATENCY_MS", "0"),
        Map.entry("CAKE_SHUTDOWN_DRAIN", "0s"),
        // every test client is 127.0.0.1: per-IP limits would count the whole suite as one abuser
        Map.entry("CAKE_RATE_REGISTRATIONS_PER_IP", "1000000/1h"),
        Map.entry("CAKE_RATE_LOGIN_ATTEMPTS_PER_IP", "1000000/1h"),
        // tests log one account in many times; LoginAbuseTest sets the production allowance back
        Map.entry("CAKE_RATE_LOGIN_ATTEMPTS_PER_ACCOUNT_AND_IP", "1000000/1h"),
        Map.entry("CAKE_RATE_TOPUPS_PER_USER", "1000/1m"),
        Map.entry("PORT", "0"));
  }

  /** The services for this JVM, started and migrated on first use. */
  public static TestServices get() {
    TestServices local = instance;
    if (local == null) {
      synchronized (TestServices.class) {
        local = instance;
        if (local == null) {
          local = resolve();
          local.createAndMigrate();
          Runtime.getRuntime().addShutdownHook(new Thread(local::cleanUp, "test-services-cleanup"));
          instance = local;
        }
      }
    }
    return local;
  }

  /**
   * The environment pointing at this run's database and key prefix, {@code overrides} winning: each module reads its
   * own settings from it ({@code PersistenceSettings.fromEnv}, {@code ApiSettings.fromEnv}, ...).
   */
  public Map<String, String> environment(Map<String, String> overrides) {
    var merged = new HashMap<>(env);
    merged.putAll(overrides);
    return Map.copyOf(merged);
  }

  /** The adapters' settings pointing at this run's database and key prefix; {@code overrides} win. */
  public PersistenceSettings persistence(Map<String, String> overrides) {
    return PersistenceSettings.fromEnv(environment(overrides));
  }

  public PersistenceSettings persistence() {
    return persistence(Map.of());
  }

  /** The environment an API process needs to use this run's database (as the API role) and Redis prefix. */
  public Map<String, String> environment() {
    return env;
  }

  /** The environment a worker process needs: this run's database as the worker role. */
  public Map<String, String> workerEnvironment() {
    return workerEnv;
  }

  /** The environment of {@code bin/migrate}: this run's database as the privileged (superuser) connection. */
  public Map<String, String> adminEnvironment() {
    String hostPort = adminJdbcUrl.substring("jdbc:postgresql://".length(), adminJdbcUrl.lastIndexOf('/'));
    String userInfo = encode(user) + (password.isEmpty() ? "" : ":" + encode(password));
    var admin = new HashMap<>(env);
    admin.put("DATABASE_URL", "postgresql://" + userInfo + "@" + hostPort + "/" + databaseName);
    admin.put("CAKE_DB_API_PASSWORD", rolePassword);
    admin.put("CAKE_DB_WORKER_PASSWORD", rolePassword);
    return Map.copyOf(admin);
  }

  /** The adapters' settings as the worker role. */
  public PersistenceSettings workerPersistence() {
    return PersistenceSettings.fromEnv(workerEnv);
  }

  /** A superuser (or owner) connection to this run's database: for tests that check what the app roles cannot do. */
  public java.sql.Connection adminConnection() throws SQLException {
    return DriverManager.getConnection(adminJdbcUrl.substring(0, adminJdbcUrl.lastIndexOf('/') + 1) + databaseName,
        user, password);
  }

  public String redisPrefix() {
    return redisPrefix;
  }

  public URI redisUri() {
    return redisUri;
  }

  private static TestServices resolve() {
    String dbUrl = System.getenv("CAKE_TEST_DATABASE_URL");
    String redisUrl = System.getenv("CAKE_TEST_REDIS_URL");
    if (dbUrl != null && redisUrl != null) {
      PersistenceSettings.DatabaseSettings db = PersistenceSettings.fromEnv(Map.of("DATABASE_URL", dbUrl)).database();
      return new TestServices(db.jdbcUrl(), db.user(), db.password(), URI.create(redisUrl));
    }
    if (reachable("127.0.0.1", 5432) && reachable("127.0.0.1", 6379)) {
      return new TestServices("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "",
          URI.create("redis://127.0.0.1:6379/0"));
    }
    if (dockerAvailable()) {
      var postgres = new PostgreSQLContainer("postgres:16-alpine");
      postgres.start();
      var redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
      redis.start();
      String jdbc = postgres.getJdbcUrl();
      String admin = jdbc.substring(0, jdbc.lastIndexOf('/') + 1) + "postgres";
      return new TestServices(admin, postgres.getUsername(), postgres.getPassword(),
          URI.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379) + "/0"));
    }
    throw new IllegalStateException(HOW_TO_START);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | Error e) {
      return false;
    }
  }

  private static boolean reachable(String host, int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private void createAndMigrate() {
    try (var c = DriverManager.getConnection(adminJdbcUrl, user, password); var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + databaseName);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + databaseName + " via " + adminJdbcUrl
          + ": " + e.getMessage() + "\n" + HOW_TO_START, e);
    }
    try (var redis = RedisClient.create(redisUri)) {
      redis.ping();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot reach Redis at " + redisUri + "\n" + HOW_TO_START, e);
    }
    var ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(adminJdbcUrl.substring(0, adminJdbcUrl.lastIndexOf('/') + 1) + databaseName);
    ds.setUser(user);
    ds.setPassword(password);
    new Migrations(ds, new DatabaseRoles(DatabaseRoles.DEFAULTS.owner(), DatabaseRoles.DEFAULTS.api(),
        DatabaseRoles.DEFAULTS.worker(), rolePassword, rolePassword)).migrate();
  }

  private void cleanUp() {
    try (var c = DriverManager.getConnection(adminJdbcUrl, user, password); var s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop test database " + databaseName + ": " + e.getMessage());
    }
    try (var redis = RedisClient.create(redisUri)) {
      String cursor = ScanParams.SCAN_POINTER_START;
      var params = new ScanParams().match(redisPrefix + "*").count(1000);
      do {
        var page = redis.scan(cursor, params);
        if (!page.getResult().isEmpty()) redis.del(page.getResult().toArray(String[]::new));
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    } catch (RuntimeException e) {
      System.err.println("could not delete test keys " + redisPrefix + "*: " + e.getMessage());
    }
  }
}
