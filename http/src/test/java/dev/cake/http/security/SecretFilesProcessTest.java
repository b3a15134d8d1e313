package dev.cake.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.persistence.testing.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real API process ({@code ApiMain}) reads its secrets from files ({@code NAME_FILE}) and never shows them: not
 * in its output, not in {@code /health}, not in an error answer, not when it refuses a bad configuration.
 */
class SecretFilesProcessTest {
  private static final String JWT = "jwt-from-a-file-7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c1e";
  private static final String DB_PASSWORD = "db-pass-from-a-file-4b8e2d6a";

  @Test
  void startsOnSecretFilesAndNeverShowsThem(@TempDir Path dir) throws Exception {
    Map<String, String> env = new HashMap<>(TestServices.get().environment());
    // trust authentication ignores the password: the point is that it is read and never echoed
    String url = env.remove("DATABASE_URL").replaceFirst("://([^:@/]+)@", "://$1:" + DB_PASSWORD + "@");
    env.put("DATABASE_URL_FILE", Files.writeString(dir.resolve("database_url"), url + "\n").toString());
    env.put("JWT_SECRET_FILE", Files.writeString(dir.resolve("jwt_secret"), JWT + "\n").toString());
    env.put("CAKE_ENV", "production");
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    env.put("PORT", Integer.toString(port));
    Path log = dir.resolve("api.log");
    Process api = start(env, log);
    try {
      var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String base = "http://127.0.0.1:" + port;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.readString(log).contains("listening on")) {
        assertThat(api.isAlive()).as("api is running: %s", Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("api started within 30 s").isLessThan(deadline);
        Thread.sleep(100);
      }
      var answers = new StringBuilder();
      for (String path : List.of("/health", "/health/ready", "/health/live", "/auth/profile", "/nope")) {
        var r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        answers.append(r.statusCode()).append(' ').append(r.headers().map()).append(r.body()).append('\n');
      }
      var bad = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"nobody\",\"password\":\"" + JWT + "\"}"))
              .build(), HttpResponse.BodyHandlers.ofString());
      answers.append(bad.statusCode()).append(' ').append(bad.body());
      assertThat(answers.toString()).contains("200").doesNotContain(JWT).doesNotContain(DB_PASSWORD);
      api.destroy();
      assertThat(api.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(log)).isNotEmpty().doesNotContain(JWT).doesNotContain(DB_PASSWORD);
    } finally {
      api.destroyForcibly();
    }
  }

  @Test
  void refusesASecretGivenBothWaysWithoutShowingIt(@TempDir Path dir) throws Exception {
    Map<String, String> env = new HashMap<>(TestServices.get().environment());
    env.put("JWT_SECRET", JWT);
    env.put("JWT_SECRET_FILE", Files.writeString(dir.resolve("jwt_secret"), JWT + "-other\n").toString());
    String url = env.get("DATABASE_URL").replaceFirst("://([^:@/]+)@", "://$1:" + DB_PASSWORD + "@");
    env.put("DATABASE_URL", url.replace("postgresql://", "postgresql:/")); // malformed: reported redacted
    Path log = dir.resolve("api.log");
    Process api = start(env, log);
    assertThat(api.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(api.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains("JWT_SECRET and JWT_SECRET_FILE are both set")
        .contains("DATABASE_URL: expected")
        .doesNotContain(JWT).doesNotContain(DB_PASSWORD);
  }

  private static Process start(Map<String, String> env, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), "dev.cake.http.ApiMain")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }
}
