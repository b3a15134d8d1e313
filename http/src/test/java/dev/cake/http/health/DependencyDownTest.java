package dev.cake.http.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real server whose PostgreSQL or Redis is unreachable (a port nothing listens on): health names the failing
 * check with 503, requests that need the database get 503 (not 500), and the profile still answers without Redis.
 */
class DependencyDownTest {
  static int deadPort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void databaseDownIs503NamingTheDatabase() throws Exception {
    try (var api = new TestApi(Map.of(
        "DATABASE_URL", "postgresql://postgres@127.0.0.1:" + deadPort() + "/nothing",
        "CAKE_DB_CONNECTION_TIMEOUT", "500ms"))) {
      Response health = api.get("/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().get("status").asText()).isEqualTo("unhealthy");
      assertThat(health.json().at("/details/database/status").asText()).isEqualTo("down");
      assertThat(health.json().at("/details/cache/status").asText()).isEqualTo("up");
      assertThat(api.get("/health/ready", null).status()).isEqualTo(503);
      assertThat(api.get("/health/live", null).status()).isEqualTo(200);

      Response login = api.post("/auth/login", Map.of("account", "someone", "password", "whatever-123"), null);
      assertThat(login.status()).isEqualTo(503);
      assertThat(login.json().get("statusCode").asInt()).isEqualTo(503);
    }
  }

  @Test
  void redisDownIs503NamingTheCacheAndTheProfileStillAnswers() throws Exception {
    try (var api = new TestApi(Map.of("REDIS_URL", "redis://127.0.0.1:" + deadPort() + "/0",
        "CAKE_REDIS_TIMEOUT", "300ms"))) {
      Response health = api.get("/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().at("/details/cache/status").asText()).isEqualTo("down");
      assertThat(health.json().at("/details/database/status").asText()).isEqualTo("up");
      // Redis is not required to serve: the instance stays in rotation
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);

      var reg = TestApi.newRegistration();
      String token = api.post("/auth/register", reg, null).json().get("access_token").asText();
      var login = api.login((String) reg.get("username"), "correct-horse");
      Response profile = api.get("/auth/profile", token);
      assertThat(profile.status()).isEqualTo(200);
      assertThat(profile.json().get("latestLogin").asText()).isEqualTo(login.at("/user/latestLogin").asText());
    }
  }
}
