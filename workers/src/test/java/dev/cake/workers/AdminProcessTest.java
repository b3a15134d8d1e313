package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.persistence.testing.TestServices;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/admin} and {@code bin/migrate} as processes, started as those scripts start them (the JVM flags of
 * bin/lib.sh, the production logback.xml, CAKE_LOG_LEVEL=WARN): nothing on stderr but their own lines, and a database
 * that cannot be used is named for what is wrong with it.
 */
class AdminProcessTest {
  static final Path LIB = Path.of("..", "bin", "lib.sh").toAbsolutePath().normalize();

  record Ran(int code, String out, String err) {}

  /** CAKE_JVM_FLAGS, read from bin/lib.sh by bash. */
  static List<String> jvmFlags() throws Exception {
    var p = new ProcessBuilder("bash", "-c", "source \"$1\"; echo \"$CAKE_JVM_FLAGS\"", "flags", LIB.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).isZero();
    assertThat(out).contains("--sun-misc-unsafe-memory-access=allow");
    return Arrays.asList(out.split(" +"));
  }

  /** The program's class path: this module's classes and their dependencies, without the tests' log configuration. */
  static String mainClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
        .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
  }

  /** Runs OpsMain with only {@code env} (and PATH) in its environment, as bin/admin runs it. */
  static Ran ops(Map<String, String> env, String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags());
    command.addAll(List.of("-Xmx128m", "-cp", mainClasspath(), "dev.cake.workers.OpsMain"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().put("CAKE_LOG_LEVEL", "WARN"); // what bin/admin and bin/migrate set
    builder.environment().putAll(env);
    var p = builder.start();
    p.getOutputStream().close();
    var err = p.getErrorStream();
    var errText = new StringBuilder();
    Thread drain = Thread.ofVirtual().start(() -> {
      try {
        errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
      } catch (Exception ignored) {
        // the process ended
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    drain.join();
    return new Ran(p.exitValue(), out, errText.toString());
  }

  static Map<String, String> envWith(String databaseUrl) {
    var env = new HashMap<>(TestServices.get().environment());
    env.put("DATABASE_URL", databaseUrl);
    return env;
  }

  /** This run's DATABASE_URL with another database name, user or port. */
  static String testUrl() {
    return TestServices.get().environment().get("DATABASE_URL");
  }

  static String hostPort() {
    String url = testUrl();
    String afterAt = url.substring(url.indexOf('@') + 1);
    return afterAt.substring(0, afterAt.indexOf('/'));
  }

  @Test
  void aMissingDatabaseIsNamedAndNothingElseIsPrinted() throws Exception {
    String missing = "cake_bin_missing_" + UUID.randomUUID().toString().substring(0, 8);
    String url = testUrl().substring(0, testUrl().lastIndexOf('/') + 1) + missing;
    Ran ran = ops(envWith(url), "list-admins");
    assertThat(ran.code()).isEqualTo(1);
    assertThat(ran.out()).isEmpty();
    assertThat(ran.err()).isEqualTo("error: database \"" + missing + "\" does not exist on " + hostPort()
        + " (DATABASE_URL; bin/migrate --create-database creates it)\n");
  }

  @Test
  void anUnreachableDatabaseIsNamed() throws Exception {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String url = "postgresql://postgres@127.0.0.1:" + closed + "/cake";
    Ran ran = ops(envWith(url), "reconcile");
    assertThat(ran.code()).isEqualTo(1);
    assertThat(ran.out()).isEmpty();
    assertThat(ran.err()).isEqualTo("error: PostgreSQL is unreachable at 127.0.0.1:" + closed
        + ": connection refused (is it running? DATABASE_URL)\n");
  }

  @Test
  void aRefusedLoginIsNamed() throws Exception {
    String url = testUrl();
    String nobody = "cake_bin_nobody_" + UUID.randomUUID().toString().substring(0, 8);
    String other = "postgresql://" + nobody + ":wrong@" + url.substring(url.indexOf('@') + 1);
    Ran ran = ops(envWith(other), "queue-stats");
    assertThat(ran.code()).isEqualTo(1);
    assertThat(ran.out()).isEmpty();
    // a server that trusts everyone refuses an unknown role (28000); one asking passwords refuses it as 28P01
    assertThat(ran.err()).startsWith("error: PostgreSQL on " + hostPort() + " refused ")
        .contains("\"" + nobody + "\"").endsWith("\n").doesNotContain("timed out");
    assertThat(ran.err().lines()).hasSize(1);
  }

  @Test
  void migrateNeedsNoJwtSecretEvenInProductionAndPrintsNoWarning() throws Exception {
    String db = "cake_bin_migrate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    // bin/migrate makes the database and the roles: it runs as the superuser, as an operator's would
    String privileged = TestServices.get().adminEnvironment().get("DATABASE_URL");
    String url = privileged.substring(0, privileged.lastIndexOf('/') + 1) + db;
    var env = new HashMap<String, String>();
    env.put("DATABASE_URL", url);
    env.put("CAKE_ENV", "production"); // and no JWT_SECRET, no REDIS_URL
    try {
      Ran ran = ops(env, "migrate", "--create-database");
      assertThat(ran.err()).isEmpty();
      assertThat(ran.code()).isZero();
      assertThat(ran.out()).contains("created database").contains("applied");
      Ran again = ops(env, "migrate");
      assertThat(again.err()).isEmpty();
      assertThat(again.out()).isEqualTo("database is up to date\n");
    } finally {
      String admin = "jdbc:postgresql://" + hostPort() + "/postgres";
      String userInfo = privileged.substring("postgresql://".length(), privileged.indexOf('@'));
      String user = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
      String password = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : "";
      try (var c = DriverManager.getConnection(admin, user, password); var s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }

  @Test
  void aCleanStartPrintsOnlyTheCommandsOwnLines() throws Exception {
    Ran ran = ops(TestServices.get().environment(), "list-admins");
    assertThat(ran.code()).isZero();
    // stdout: the admins (maybe none); stderr: the command's own count line, no JDK or library warning
    assertThat(ran.err()).matches("\\d+ admin\\(s\\)\n");
  }
}
