package dev.cake.http.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.persistence.PersistenceSettings;
import dev.cake.http.testing.TcpProxy;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import dev.cake.persistence.postgres.DatabaseModule;
import dev.cake.persistence.testing.TestServices;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL hangs: a TCP proxy of the test's own sits between the API and PostgreSQL and stops forwarding bytes
 * (every socket stays open, as in a partition or a frozen host). With the shipped database timeouts (the test
 * overrides TestServices' 10 s connection wait back to the shipped 2 s), a request that needs the database answers
 * 503 well within 5 s, a profile cached in Redis still answers 200, and the API recovers within 5 s of the thaw. A
 * holder that is cut off while holding a row lock loses it to {@code idle_in_transaction_session_timeout} (5 s).
 */
class PostgresHangTest {
  private static final String DIRECT_URL = TestServices.get().environment().get("DATABASE_URL");

  private record Timed(int status, long millis) {}

  private static TcpProxy proxyToPostgres() throws Exception {
    URI direct = URI.create(DIRECT_URL);
    return new TcpProxy(direct.getHost(), direct.getPort() == -1 ? 5432 : direct.getPort());
  }

  /** This run's DATABASE_URL, through the proxy. */
  private static String viaProxy(TcpProxy proxy) {
    return DIRECT_URL.replaceFirst("@[^/]+/", "@127.0.0.1:" + proxy.port() + "/");
  }

  private static Map<String, String> shippedTimeoutsVia(TcpProxy proxy) {
    var env = new HashMap<String, String>();
    env.put("DATABASE_URL", viaProxy(proxy));
    env.put("CAKE_DB_CONNECTION_TIMEOUT", "2s"); // the shipped default (TestServices raises it for bursts)
    return env;
  }

  @Test
  void aFrozenDatabaseGivesFast503sCachedReadsStillAnswerAndRecoveryIsQuick() throws Exception {
    try (var proxy = proxyToPostgres(); var api = new TestApi(shippedTimeoutsVia(proxy))) {
      var reg = TestApi.newRegistration();
      String account = (String) reg.get("username");
      assertThat(api.post("/auth/register", reg, null).status()).isEqualTo(201);
      String token = api.login(account, "correct-horse").get("access_token").asText();
      assertThat(api.get("/auth/profile", token).status()).isEqualTo(200); // now cached in Redis
      assertThat(api.get("/health", null).status()).isEqualTo(200);

      proxy.freeze();
      Timed login = timed(() -> api.post("/auth/login", Map.of("account", account, "password", "correct-horse"),
          null));
      Timed register = timed(() -> api.post("/auth/register", TestApi.newRegistration(), null));
      Timed secondLogin = timed(() -> api.post("/auth/login",
          Map.of("account", account, "password", "correct-horse"), null));
      Timed profile = timed(() -> api.get("/auth/profile", token));
      Timed health = timed(() -> api.get("/health", null));
      System.out.printf("PostgresHangTest: frozen: login %s, register %s, login again %s, cached profile %s,"
          + " /health %s%n", login, register, secondLogin, profile, health);
      for (Timed needsDatabase : new Timed[] {login, register, secondLogin}) {
        assertThat(needsDatabase.status()).isEqualTo(503);
        assertThat(needsDatabase.millis()).isLessThan(5_000);
      }
      assertThat(profile.status()).isEqualTo(200);
      assertThat(profile.millis()).isLessThan(1_000);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.millis()).isLessThan(2_000);

      // requests already waiting when the database comes back are served, not failed
      proxy.thaw();
      long thawed = System.nanoTime();
      Response again;
      do {
        again = api.post("/auth/login", Map.of("account", account, "password", "correct-horse"), null);
        if (again.status() != 200) Thread.sleep(100);
      } while (again.status() != 200 && System.nanoTime() - thawed < TimeUnit.SECONDS.toNanos(10));
      long recovered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - thawed);
      System.out.println("PostgresHangTest: login 200 again " + recovered + " ms after the thaw");
      assertThat(again.status()).isEqualTo(200);
      assertThat(recovered).isLessThan(5_000);
    }
  }

  @Test
  void aLockHolderCutOffMidTransactionLosesItsLockWithinSeconds() throws Exception {
    try (var proxy = proxyToPostgres(); var api = new TestApi()) {
      String campaignId = api.createCampaign(api.adminToken(), Map.of()).get("id").asText();
      // the holder uses the product's own pool and session settings, through the proxy
      PersistenceSettings holderConfig = TestServices.get().persistence(Map.of("DATABASE_URL", viaProxy(proxy)));
      try (var holderPool = DatabaseModule.dataSource(holderConfig.database())) {
        Connection holder = holderPool.getConnection();
        try (var s = holder.createStatement(); var rs = s.executeQuery("SHOW idle_in_transaction_session_timeout")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("5s");
        }
        holder.setAutoCommit(false);
        try (var lock = holder.prepareStatement("SELECT id FROM campaigns WHERE id = ? FOR UPDATE")) {
          lock.setLong(1, Long.parseLong(campaignId));
          lock.executeQuery().close();
        }
        proxy.freeze(); // the holder is cut off with its transaction open
        long frozen = System.nanoTime();

        try (Connection direct = directConnection()) {
          direct.setAutoCommit(false);
          assertThatThrownBy(() -> lockCampaign(direct, campaignId, "300ms"))
              .isInstanceOf(SQLException.class)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03"));
          direct.rollback();
          lockCampaign(direct, campaignId, "20s"); // waits until the server ends the holder's session
          long released = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen);
          System.out.println("PostgresHangTest: lock of a cut-off holder released " + released + " ms after the cut");
          assertThat(released).isLessThan(10_000);
          direct.rollback();
        }
        proxy.thaw();
        // the holder's session is gone: its next statement fails, and the pool drops the connection
        assertThatThrownBy(() -> holder.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        holder.close();
      } finally {
        api.endCampaign(campaignId); // other tests of this run share the database and count enrolments
      }
    }
  }

  @Test
  void aRequestBlockedOnALockedRowAnswers503AfterTheLockTimeout() throws Exception {
    try (var api = new TestApi(Map.of("CAKE_DB_CONNECTION_TIMEOUT", "2s"))) {
      var reg = TestApi.newRegistration();
      String userId = api.post("/auth/register", reg, null).json().at("/user/id").asText();
      try (Connection direct = directConnection()) {
        direct.setAutoCommit(false);
        try (var lock = direct.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
          lock.setLong(1, Long.parseLong(userId));
          lock.executeQuery().close();
        }
        // a login updates the user's row: it waits for the lock at most lock_timeout (2 s), then 503, not 500
        Timed login = timed(() -> api.post("/auth/login",
            Map.of("account", reg.get("username"), "password", "correct-horse"), null));
        System.out.println("PostgresHangTest: login behind a held row lock: " + login);
        assertThat(login.status()).isEqualTo(503);
        assertThat(login.millis()).isLessThan(5_000);
        direct.rollback();
      }
      assertThat(api.post("/auth/login", Map.of("account", reg.get("username"), "password", "correct-horse"), null)
          .status()).isEqualTo(200);
    }
  }

  private static void lockCampaign(Connection c, String id, String lockTimeout) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute("SET LOCAL lock_timeout = '" + lockTimeout + "'");
    }
    try (var lock = c.prepareStatement("SELECT id FROM campaigns WHERE id = ? FOR UPDATE")) {
      lock.setLong(1, Long.parseLong(id));
      lock.executeQuery().close();
    }
  }

  private static Connection directConnection() throws SQLException {
    var db = TestServices.get().persistence().database();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static Timed timed(Supplier<Response> call) throws Exception {
    // on a virtual thread of its own, so that a hang shows as a failed bound rather than a stuck test
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      Response r = executor.submit(call::get).get(30, TimeUnit.SECONDS);
      return new Timed(r.status(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
  }
}
