package dev.cake.http.auth;

import static dev.cake.persistence.testing.StartGate.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.core.auth.RefreshTokens;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Refresh tokens under retries: concurrent refreshes with one token all get a working session; reuse after the grace
 * window revokes the family; rotation never extends a session past its absolute lifetime.
 */
class RefreshGraceTest {
  /** The default grace window (20 s): long enough for any test of the concurrent case. */
  static TestApi api;
  /** A one-second grace window, so that a test can step past it. */
  static TestApi shortGrace;
  /** Sessions that live three seconds from login. */
  static TestApi shortSession;

  @BeforeAll
  static void start() {
    api = new TestApi();
    shortGrace = new TestApi(Map.of("CAKE_REFRESH_REUSE_GRACE", "1s"));
    shortSession = new TestApi(Map.of("CAKE_SESSION_MAX_AGE", "3s"));
  }

  @AfterAll
  static void stop() {
    api.close();
    shortGrace.close();
    shortSession.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 10})
  void concurrentRefreshesWithOneTokenAllGetTheSameWorkingSuccessor(int clients) throws Exception {
    String first = api.register().get("refresh_token").asText();

    List<Response> answers = concurrently(clients,
        () -> api.post("/auth/refresh", Map.of("refresh_token", first), null));
    var refreshTokens = new HashSet<String>();
    int ok = 0;
    for (Response r : answers) {
      if (r.status() == 200) ok++;
      refreshTokens.add(r.json().get("refresh_token").asText());
      assertThat(api.get("/auth/profile", r.json().get("access_token").asText()).status()).isEqualTo(200);
    }
    assertThat(ok).isEqualTo(clients);
    assertThat(refreshTokens).hasSize(1);
    String successor = refreshTokens.iterator().next();
    assertThat(successor).isNotEqualTo(first);
    assertThat(api.count("SELECT count(*) FROM refresh_tokens WHERE token_hash = ? AND spent_at IS NULL",
        RefreshTokens.hash(successor))).isEqualTo(1);

    // the returned token works once: it rotates to a new one, which works in turn
    Response next = api.post("/auth/refresh", Map.of("refresh_token", successor), null);
    assertThat(next.status()).isEqualTo(200);
    String third = next.json().get("refresh_token").asText();
    assertThat(third).isNotIn(first, successor);
    assertThat(api.post("/auth/refresh", Map.of("refresh_token", third), null).status()).isEqualTo(200);
  }

  @Test
  void reuseAfterTheGraceWindowIsRefusedAndRevokesTheFamily() throws Exception {
    JsonNode reg = shortGrace.register();
    String first = reg.get("refresh_token").asText();
    Response rotated = shortGrace.post("/auth/refresh", Map.of("refresh_token", first), null);
    assertThat(rotated.status()).isEqualTo(200);
    String second = rotated.json().get("refresh_token").asText();

    Thread.sleep(1_500); // past the one-second window
    Response reuse = shortGrace.post("/auth/refresh", Map.of("refresh_token", first), null);
    assertThat(reuse.status()).isEqualTo(401);
    assertThat(reuse.json().get("message").asText()).contains("already used");
    // the thief's reuse killed the legitimate holder's newer token too
    assertThat(shortGrace.post("/auth/refresh", Map.of("refresh_token", second), null).status()).isEqualTo(401);
    assertThat(shortGrace.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL",
        reg.at("/user/id").asLong())).isZero();
  }

  @Test
  void rotationNeverExtendsASessionPastItsLifetime() throws Exception {
    JsonNode reg = shortSession.register();
    long userId = reg.at("/user/id").asLong();
    Instant sessionEnd = Instant.parse(shortSession.component.jdbi().withHandle(h -> h.createQuery(
        "SELECT to_char(session_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
            + "FROM refresh_tokens WHERE user_id = ?").bind(0, userId).mapTo(String.class).one()));
    String token = reg.get("refresh_token").asText();
    Response rotated = shortSession.post("/auth/refresh", Map.of("refresh_token", token), null);
    assertThat(rotated.status()).isEqualTo(200);
    token = rotated.json().get("refresh_token").asText();
    // the rotated token expires with the session (three seconds after login), not 30 days from now
    assertThat(shortSession.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ? AND spent_at IS NULL"
        + " AND expires_at = session_expires_at", userId)).isEqualTo(1);

    Duration left = Duration.between(Instant.now(), sessionEnd);
    Thread.sleep(Math.max(0, left.toMillis()) + 500);
    Response late = shortSession.post("/auth/refresh", Map.of("refresh_token", token), null);
    assertThat(late.status()).isEqualTo(401);
  }
}
