package dev.cake.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The original's refresh: {@code POST /auth/refresh} with the access token as Bearer and no body re-signs it, but only
 * while the session it was issued in lives (not logged out, not revoked, within its absolute lifetime), and within
 * the refresh limit.
 */
class BearerRefreshTest {
  static TestApi api;
  /** Sessions that live three seconds from login. */
  static TestApi shortSession;
  /** Three refreshes per user per hour. */
  static TestApi fewRefreshes;

  @BeforeAll
  static void start() {
    api = new TestApi();
    shortSession = new TestApi(Map.of("CAKE_SESSION_MAX_AGE", "3s"));
    fewRefreshes = new TestApi(Map.of("CAKE_RATE_REFRESHES_PER_USER", "3/1h"));
  }

  @AfterAll
  static void stop() {
    api.close();
    shortSession.close();
    fewRefreshes.close();
  }

  /** The original app's request: no body, no content type, only the Bearer header. */
  static Response bearerRefresh(TestApi on, String accessToken) {
    var request = HttpRequest.newBuilder(URI.create(on.baseUrl + "/auth/refresh"))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (accessToken != null) request.header("Authorization", "Bearer " + accessToken);
    return on.send(request.build());
  }

  @Test
  void aValidAccessTokenIsReSignedAndTheNewOneWorks() {
    JsonNode session = api.register();
    Response r = bearerRefresh(api, session.get("access_token").asText());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String renewed = r.json().get("access_token").asText();
    assertThat(renewed).isNotBlank().isNotEqualTo(session.get("access_token").asText());
    assertThat(r.json().get("token_type").asText()).isEqualTo("Bearer");
    assertThat(r.json().get("expires_in").asLong()).isPositive();
    assertThat(r.json().has("refresh_token")).as("the session's refresh token is not rotated").isFalse();

    Response profile = api.get("/auth/profile", renewed);
    assertThat(profile.status()).isEqualTo(200);
    assertThat(profile.json().get("id").asText()).isEqualTo(session.at("/user/id").asText());
    // the renewed token renews again, and the refresh token of the same session still rotates
    assertThat(bearerRefresh(api, renewed).status()).isEqualTo(200);
    assertThat(api.post("/auth/refresh", Map.of("refresh_token", session.get("refresh_token").asText()), null)
        .status()).isEqualTo(200);
  }

  @Test
  void itKeepsTheSessionFromExpiringForInactivityLikeARotation() {
    JsonNode session = api.register();
    long userId = Long.parseLong(session.at("/user/id").asText());
    api.component.jdbi().useHandle(h -> h.execute(
        "UPDATE refresh_tokens SET expires_at = now() + interval '1 minute' WHERE user_id = ?", userId));
    assertThat(bearerRefresh(api, session.get("access_token").asText()).status()).isEqualTo(200);
    assertThat(api.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ? AND spent_at IS NULL"
        + " AND expires_at > now() + interval '29 days'", userId)).as("30 days again").isEqualTo(1);
    assertThat(api.post("/auth/refresh", Map.of("refresh_token", session.get("refresh_token").asText()), null)
        .status()).as("the refresh token still rotates").isEqualTo(200);
  }

  @Test
  void anEmptyJsonBodyIsTheBearerFormToo() {
    JsonNode session = api.register();
    Response r = api.send("/auth/refresh", "POST", "", session.get("access_token").asText());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("access_token").asText()).isNotBlank();
  }

  @Test
  void withoutAValidAccessTokenItIs401() {
    assertThat(bearerRefresh(api, null).status()).isEqualTo(401);
    assertThat(bearerRefresh(api, "not-a-token").status()).isEqualTo(401);
    String session = api.register().get("refresh_token").asText();
    assertThat(bearerRefresh(api, session).status()).as("a refresh token is not an access token").isEqualTo(401);
  }

  @Test
  void afterLogoutTheSessionCannotBeRenewed() {
    JsonNode session = api.register();
    String access = session.get("access_token").asText();
    Response out = api.post("/auth/logout", Map.of("refresh_token", session.get("refresh_token").asText()), access);
    assertThat(out.status()).isEqualTo(204);
    Response r = bearerRefresh(api, access);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("message").asText()).isEqualTo("Session has ended; please log in again");
  }

  @Test
  void refreshTokenReuseRevokesAndEndsBearerRenewalToo() {
    JsonNode session = api.register();
    String refresh = session.get("refresh_token").asText();
    api.component.jdbi().useHandle(h -> h.execute(
        "UPDATE refresh_tokens SET spent_at = now() - interval '1 hour' WHERE user_id = ?",
        Long.parseLong(session.at("/user/id").asText())));
    assertThat(api.post("/auth/refresh", Map.of("refresh_token", refresh), null).status()).isEqualTo(401);
    assertThat(bearerRefresh(api, session.get("access_token").asText()).status()).isEqualTo(401);
  }

  @Test
  void neverPastTheSessionsAbsoluteLifetime() throws Exception {
    JsonNode session = shortSession.register();
    String access = session.get("access_token").asText();
    assertThat(bearerRefresh(shortSession, access).status()).isEqualTo(200);
    Thread.sleep(3_200);
    Response r = bearerRefresh(shortSession, access);
    assertThat(r.status()).as("the access token itself is still valid, the session is over").isEqualTo(401);
    assertThat(shortSession.get("/auth/profile", access).status()).isEqualTo(200);
  }

  @Test
  void bearerRefreshesCountAgainstTheRefreshLimitUnderConcurrency() throws Exception {
    String access = fewRefreshes.register().get("access_token").asText();
    List<Future<Integer>> answers = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 10; i++) answers.add(pool.submit(() -> bearerRefresh(fewRefreshes, access).status()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (var answer : answers) statuses.add(answer.get());
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(3);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(7);
  }
}
