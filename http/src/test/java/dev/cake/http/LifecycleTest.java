package dev.cake.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.http.testing.TestApi;
import dev.cake.persistence.testing.Poll;
import dev.cake.persistence.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Starting and stopping the real API component (its {@code Lifecycle}) releases every thread and connection it took:
 * PostgreSQL sessions (counted in {@code pg_stat_activity} by an application name of this test's own), Redis
 * connections (the server's {@code CLIENT LIST} entries opened from this JVM while the API ran), and threads (no
 * new non-daemon thread, and none of the API's named daemon threads, is alive afterwards).
 */
class LifecycleTest {
  /** The API's own threads: Jetty ("http", "http-vt"), bcrypt, the profile feed, HikariCP ("cake-db ..."). */
  private static final Pattern OURS = Pattern.compile("^(http|bcrypt-|profile-changes|cake-db).*");

  @Test
  void stopReleasesEveryThreadAndConnectionTheApiTook() throws Exception {
    var services = TestServices.get();
    String application = "cake_rooms_lifecycle_" + UUID.randomUUID().toString().substring(0, 8);
    String databaseUrl = services.environment().get("DATABASE_URL");
    int redisPort = redisPort(services.environment().get("REDIS_URL"));
    var overrides = new HashMap<String, String>();
    overrides.put("DATABASE_URL", databaseUrl + (databaseUrl.contains("?") ? "&" : "?") + "ApplicationName=" + application);
    overrides.put("CAKE_PROFILE_NEAR_CACHE_TTL", "5s"); // so the profile change feed subscribes
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Set<String> redisClientsBefore = redisClientIds(Set.of());

    var api = new TestApi(Map.copyOf(overrides));
    Set<String> redisClientsDuring;
    try {
      var registration = TestApi.newRegistration();
      assertThat(api.post("/auth/register", registration, null).status()).isEqualTo(201);
      String token = api.login((String) registration.get("username"), "correct-horse").get("access_token").asText();
      assertThat(api.get("/auth/profile", token).status()).isEqualTo(200);
      assertThat(Poll.until(() -> api.component.profileChanges().live(), Duration.ofSeconds(10)))
          .as("profile change feed subscribed").isTrue();

      assertThat(sessions(application)).as("PostgreSQL sessions while running").isPositive();
      redisClientsDuring = redisClientIds(localPortsTo(redisPort));
      redisClientsDuring.removeAll(redisClientsBefore);
      assertThat(redisClientsDuring).as("Redis connections opened by the API (pool and subscription)").hasSizeGreaterThan(1);
      assertThat(newThreads(before).stream().filter(t -> !t.isDaemon())).as("the server's threads").isNotEmpty();
    } finally {
      api.close();
    }

    assertThat(Poll.until(() -> sessions(application) == 0, Duration.ofSeconds(5)))
        .as("PostgreSQL sessions left: %s", sessions(application)).isTrue();
    assertThat(Poll.until(() -> redisClientIds(Set.of()).stream().noneMatch(redisClientsDuring::contains),
        Duration.ofSeconds(5))).as("Redis connections left").isTrue();
    assertThat(Poll.until(() -> newThreads(before).stream()
        .noneMatch(t -> !t.isDaemon() || OURS.matcher(t.getName()).matches()), Duration.ofSeconds(5)))
        .as("threads left: %s", newThreads(before).stream().map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
            .toList())
        .isTrue();
  }

  private static List<Thread> newThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t)).toList();
  }

  private static long sessions(String application) {
    var db = TestServices.get().persistence().database();
    try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         var s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, application);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The ids of the Redis server's clients; with {@code localPorts} not empty, only those connected from one of these
   * local ports of this JVM.
   */
  private static Set<String> redisClientIds(Set<Integer> localPorts) {
    var settings = TestServices.get().persistence().redis();
    try (var redis = new Jedis(settings.uri())) {
      var ids = new HashSet<String>();
      for (String line : redis.clientList().split("\n")) {
        Map<String, String> fields = new HashMap<>();
        for (String field : line.strip().split(" ")) {
          int eq = field.indexOf('=');
          if (eq > 0) fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        String addr = fields.getOrDefault("addr", "");
        int port = addr.contains(":") ? Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1)) : -1;
        if (fields.containsKey("id") && (localPorts.isEmpty() || localPorts.contains(port))) ids.add(fields.get("id"));
      }
      return ids;
    }
  }

  /** Local ports of this process's TCP sockets whose remote port is {@code remotePort} (Linux /proc). */
  private static Set<Integer> localPortsTo(int remotePort) throws IOException {
    var inodes = new HashSet<String>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
        } catch (IOException gone) {
          // closed while listing
        }
      }
    }
    var ports = new HashSet<Integer>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.strip().split("\\s+");
        int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
        int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
        if (remote == remotePort && inodes.contains(f[9])) ports.add(local);
      }
    }
    return ports;
  }

  private static int redisPort(String url) {
    int port = URI.create(url).getPort();
    return port == -1 ? 6379 : port;
  }
}
