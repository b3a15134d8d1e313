package dev.cake.http.auth;

import static dev.cake.persistence.testing.StartGate.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthRoutesTest {
  static TestApi api;

  @BeforeAll
  static void start() {
    api = new TestApi();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void registerAnswers201WithTokensAndTheUserAndIgnoresARoleInTheBody() {
    var body = new HashMap<>(TestApi.newRegistration());
    body.put("role", "admin");
    body.put("email", ((String) body.get("email")).toUpperCase());
    Response r = api.post("/auth/register", body, null);

    assertThat(r.status()).isEqualTo(201);
    JsonNode json = r.json();
    assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(json.get("expires_in").asLong()).isEqualTo(900);
    assertThat(json.get("access_token").asText()).contains(".");
    assertThat(json.get("refresh_token").asText()).hasSizeGreaterThan(30);
    JsonNode user = json.get("user");
    assertThat(user.get("id").isTextual()).isTrue();
    assertThat(user.get("role").asText()).isEqualTo("user");
    assertThat(user.get("email").asText()).isEqualTo(((String) body.get("email")).toLowerCase());
    assertThat(user.has("password")).isFalse();
    assertThat(user.has("passwordHash")).isFalse();
    assertThat(user.get("latestLogin").isNull()).isTrue();
    assertThat(user.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void normalisesPhonesToE164() {
    var body = new HashMap<>(TestApi.newRegistration());
    body.put("phone", "+1-418-543-8090");
    assertThat(api.post("/auth/register", body, null).json().at("/user/phone").asText()).isEqualTo("+14185438090");

    var national = new HashMap<>(TestApi.newRegistration());
    national.put("phone", "0912345678");
    assertThat(api.post("/auth/register", national, null).json().at("/user/phone").asText())
        .isEqualTo("+84912345678");
  }

  @Test
  void reportsEveryFieldErrorAtOnce() {
    Response r = api.post("/auth/register", Map.of("fullname", "", "email", "not-an-email", "username", "a b",
        "phone", "12", "password", "short", "birthday", "1899-12-31"), null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("statusCode").asInt()).isEqualTo(400);
    assertThat(r.json().get("path").asText()).isEqualTo("/auth/register");
    List<String> fields = new ArrayList<>();
    r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("fullname", "email", "username", "phone", "password", "birthday");
  }

  @Test
  void rejectsPasswordsOver72BytesAndFutureBirthdays() {
    var body = new HashMap<>(TestApi.newRegistration());
    body.put("password", "é".repeat(37)); // 37 characters, 74 bytes
    body.put("birthday", "2999-01-01");
    Response r = api.post("/auth/register", body, null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("72 bytes").contains("birthday must be in the past");
  }

  @Test
  void wrongJsonTypeIsAFieldError() {
    var body = new HashMap<String, Object>(TestApi.newRegistration());
    body.put("username", 12345);
    Response r = api.post("/auth/register", body, null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("username");
  }

  @Test
  void takenFieldsAre409NamingTheField() {
    var first = TestApi.newRegistration();
    assertThat(api.post("/auth/register", first, null).status()).isEqualTo(201);

    var sameUsername = new HashMap<>(TestApi.newRegistration());
    sameUsername.put("username", ((String) first.get("username")).toUpperCase());
    Response r = api.post("/auth/register", sameUsername, null);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("username");

    var sameEmail = new HashMap<>(TestApi.newRegistration());
    sameEmail.put("email", first.get("email"));
    assertThat(api.post("/auth/register", sameEmail, null).json().at("/errors/0/field").asText()).isEqualTo("email");

    var samePhone = new HashMap<>(TestApi.newRegistration());
    samePhone.put("phone", first.get("phone"));
    assertThat(api.post("/auth/register", samePhone, null).json().at("/errors/0/field").asText()).isEqualTo("phone");
  }

  @Test
  void twentyConcurrentRegistrationsOfOneUsernameGiveOne201AndNineteen409() throws Exception {
    String username = (String) TestApi.newRegistration().get("username");
    List<Callable<Integer>> registrations = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      var body = new HashMap<>(TestApi.newRegistration());
      body.put("username", username);
      registrations.add(() -> api.post("/auth/register", body, null).status());
    }
    Map<Integer, Integer> counts = new HashMap<>();
    for (int status : concurrently(registrations)) counts.merge(status, 1, Integer::sum);
    assertThat(counts).isEqualTo(Map.of(201, 1, 409, 19));
  }

  @Test
  void logsInByUsernameEmailOrPhoneAndSetsLatestLogin() {
    var reg = TestApi.newRegistration();
    api.post("/auth/register", reg, null);
    for (String account : List.of((String) reg.get("username"), ((String) reg.get("email")).toUpperCase(),
        (String) reg.get("phone"))) {
      JsonNode json = api.login(account, "correct-horse");
      assertThat(json.at("/user/username").asText()).isEqualTo(reg.get("username"));
      assertThat(json.at("/user/latestLogin").isTextual()).isTrue();
      assertThat(json.get("access_token").asText()).isNotBlank();
    }
  }

  @Test
  void unknownAccountAndWrongPasswordAreTheSame401() {
    var reg = TestApi.newRegistration();
    api.post("/auth/register", reg, null);
    Response wrong = api.post("/auth/login", Map.of("account", reg.get("username"), "password", "wrong-password"),
        null);
    Response unknown = api.post("/auth/login", Map.of("account", "nobody-here", "password", "wrong-password"), null);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.json().get("message").asText()).isEqualTo("Invalid credentials")
        .isEqualTo(unknown.json().get("message").asText());
  }

  @Test
  void profileIsTheCallersAndNeverStaleAfterALogin() {
    var reg = TestApi.newRegistration();
    String token = api.post("/auth/register", reg, null).json().get("access_token").asText();

    Response first = api.get("/auth/profile", token);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("latestLogin").isNull()).isTrue();
    assertThat(api.get("/auth/profile", token).body()).isEqualTo(first.body()); // served from the cache

    JsonNode login = api.login((String) reg.get("username"), "correct-horse");
    Response after = api.get("/auth/profile", token);
    assertThat(after.json().get("latestLogin").asText()).isEqualTo(login.at("/user/latestLogin").asText());
  }

  @Test
  void refreshRotatesAndARetryWithinTheGraceWindowGetsTheSameSuccessor() {
    JsonNode reg = api.register();
    String first = reg.get("refresh_token").asText();

    Response rotated = api.post("/auth/refresh", Map.of("refresh_token", first), null);
    assertThat(rotated.status()).isEqualTo(200);
    String second = rotated.json().get("refresh_token").asText();
    assertThat(second).isNotEqualTo(first);
    assertThat(api.get("/auth/profile", rotated.json().get("access_token").asText()).status()).isEqualTo(200);

    // a retry of the same request (its answer was lost) gets the successor the first one got; RefreshGraceTest
    // covers reuse after the window
    Response retry = api.post("/auth/refresh", Map.of("refresh_token", first), null);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().get("refresh_token").asText()).isEqualTo(second);
    assertThat(api.post("/auth/refresh", Map.of("refresh_token", second), null).status()).isEqualTo(200);
    assertThat(api.post("/auth/refresh", Map.of("refresh_token", "garbage"), null).status()).isEqualTo(401);
    assertThat(api.post("/auth/refresh", Map.of(), null).status()).isEqualTo(400);
  }

  @Test
  void logoutRevokesTheFamily() {
    JsonNode reg = api.register();
    String access = reg.get("access_token").asText();
    String refresh = reg.get("refresh_token").asText();
    assertThat(api.post("/auth/logout", Map.of("refresh_token", refresh), null).status()).isEqualTo(401);
    Response out = api.post("/auth/logout", Map.of("refresh_token", refresh), access);
    assertThat(out.status()).isEqualTo(204);
    assertThat(api.post("/auth/refresh", Map.of("refresh_token", refresh), null).status()).isEqualTo(401);
  }

  @Test
  void someoneElsesRefreshTokenCannotBeLoggedOut() {
    JsonNode victim = api.register();
    JsonNode attacker = api.register();
    api.post("/auth/logout", Map.of("refresh_token", victim.get("refresh_token").asText()),
        attacker.get("access_token").asText());
    assertThat(api.post("/auth/refresh", Map.of("refresh_token", victim.get("refresh_token").asText()), null)
        .status()).isEqualTo(200);
  }
}
