package dev.cake.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Abuse limits (docs/API.md "Errors") with small limits: 429 with Retry-After, a backoff, never a lockout of others. */
class RateLimitTest {
  static TestApi api;

  @BeforeAll
  static void start() {
    api = new TestApi(Map.of(
        "CAKE_RATE_LOGIN_ATTEMPTS_PER_ACCOUNT_AND_IP", "3/1h",
        "CAKE_RATE_TOPUPS_PER_USER", "2/1h"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void loginAttemptsPerAccountBackOffWith429() {
    var reg = TestApi.newRegistration();
    api.post("/auth/register", reg, null);
    String username = (String) reg.get("username");
    // three failures, the identifier spelt with other case and spaces: one identifier (LoginAbuseTest shows that
    // the email and phone of the same account are not affected)
    for (String spelling : new String[] {username, " " + username.toUpperCase() + " ", username}) {
      assertThat(api.post("/auth/login", Map.of("account", spelling, "password", "wrong-password"), null).status())
          .isEqualTo(401);
    }
    Response limited = api.post("/auth/login", Map.of("account", username.toUpperCase(), "password",
        "correct-horse"), null);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
    assertThat(limited.json().get("statusCode").asInt()).isEqualTo(429);

    // someone else is not locked out
    var other = TestApi.newRegistration();
    api.post("/auth/register", other, null);
    assertThat(api.post("/auth/login", Map.of("account", other.get("username"), "password", "correct-horse"), null)
        .status()).isEqualTo(200);
  }

  @Test
  void successfulLoginsAreAttemptsButNotFailures() {
    // four attempts per account and IP, a ceiling of two failures: four right passwords pass, the fifth is 429
    try (var strict = new TestApi(Map.of("CAKE_RATE_LOGIN_ATTEMPTS_PER_ACCOUNT_AND_IP", "4/1h",
        "CAKE_RATE_LOGIN_FAILURES_PER_ACCOUNT", "2/1h"))) {
      var reg = TestApi.newRegistration();
      strict.post("/auth/register", reg, null);
      var body = Map.of("account", reg.get("username"), "password", "correct-horse");
      for (int i = 0; i < 4; i++) assertThat(strict.post("/auth/login", body, null).status()).isEqualTo(200);
      assertThat(strict.post("/auth/login", body, null).status()).isEqualTo(429);
    }
  }

  @Test
  void topUpsPerUserAreLimited() {
    String token = api.register().get("access_token").asText();
    var body = Map.of("phoneNumber", "0912345678", "amount", 10);
    assertThat(api.post("/promotions/topup", body, token).status()).isEqualTo(200);
    assertThat(api.post("/promotions/topup", body, token).status()).isEqualTo(200);
    Response third = api.post("/promotions/topup", body, token);
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.header("Retry-After")).isNotBlank();
    String other = api.register().get("access_token").asText();
    assertThat(api.post("/promotions/topup", body, other).status()).isEqualTo(200);
  }

  @Test
  void registrationsPerIpAreLimited() {
    try (var strict = new TestApi(Map.of("CAKE_RATE_REGISTRATIONS_PER_IP", "2/1h"))) {
      // a fresh bucket: this limit (2/1h) is used by no other test in this run's key prefix
      assertThat(strict.post("/auth/register", TestApi.newRegistration(), null).status()).isEqualTo(201);
      assertThat(strict.post("/auth/register", TestApi.newRegistration(), null).status()).isEqualTo(201);
      Response r = strict.post("/auth/register", TestApi.newRegistration(), null);
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.header("Retry-After")).isNotBlank();
    }
  }
}
