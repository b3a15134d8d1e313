package dev.cake.workers.compat;

import static dev.cake.workers.compat.Compat.PASSWORD;
import static dev.cake.workers.compat.Compat.absent;
import static dev.cake.workers.compat.Compat.api;
import static dev.cake.workers.compat.Compat.assertError;
import static dev.cake.workers.compat.Compat.assertValidation;
import static dev.cake.workers.compat.Compat.id;
import static dev.cake.workers.compat.Compat.instant;
import static dev.cake.workers.compat.Compat.instantOrNull;
import static dev.cake.workers.compat.Compat.login;
import static dev.cake.workers.compat.Compat.loginToken;
import static dev.cake.workers.compat.Compat.nullValue;
import static dev.cake.workers.compat.Compat.object;
import static dev.cake.workers.compat.Compat.register;
import static dev.cake.workers.compat.Compat.registration;
import static dev.cake.workers.compat.Compat.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /auth/register, POST /auth/login, GET /auth/profile, POST /auth/refresh (Bearer form), logout. */
abstract class AuthContract {

  @Test
  void registerAnswers201WithTokenAndUserOfTheOriginalShape() {
    var body = registration();
    Response r = api.post("/auth/register", body, null);
    assertThat(r.status()).as("POST /auth/register: 201; body " + r.body()).isEqualTo(201);
    JsonNode json = r.json();
    String where = "POST /auth/register 201";
    assertThat(string(json, "access_token", where)).isNotBlank();
    JsonNode user = object(json, "user", where);
    where += ".user";
    id(user, "id", where);
    assertThat(string(user, "fullname", where)).isEqualTo(body.get("fullname"));
    assertThat(string(user, "email", where)).isEqualTo(body.get("email"));
    assertThat(string(user, "username", where)).isEqualTo(body.get("username"));
    assertThat(string(user, "phone", where)).isEqualTo(body.get("phone"));
    assertThat(string(user, "birthday", where)).as(where + ".birthday is the date sent").startsWith("1990-05-17");
    nullValue(user, "latestLogin", where);
    absent(user, "password", where);
  }

  @Test
  void registerAcceptsAnIsoDateTimeBirthday() {
    var body = registration();
    body.put("birthday", "1990-01-01T00:00:00.000Z");
    Response r = api.post("/auth/register", body, null);
    assertThat(r.status()).as("POST /auth/register: birthday as an ISO date-time is accepted (original's "
        + "IsDateString); body " + r.body()).isEqualTo(201);
    string(r.json().get("user"), "birthday", "POST /auth/register 201.user");
  }

  @Test
  void registerValidationAnswers400WithAnArrayOfMessages() {
    var shortUsername = registration();
    shortUsername.put("username", "ab");
    assertValidation(api.post("/auth/register", shortUsername, null), "register username (>=3)", "username");

    var badEmail = registration();
    badEmail.put("email", "not-an-email");
    assertValidation(api.post("/auth/register", badEmail, null), "register email must be an email", "email");

    var badPhone = registration();
    badPhone.put("phone", "12");
    assertValidation(api.post("/auth/register", badPhone, null), "register phone (valid phone)", "phone");

    var shortPassword = registration();
    shortPassword.put("password", "abc");
    assertValidation(api.post("/auth/register", shortPassword, null), "register password (>=6)", "password");

    var badBirthday = registration();
    badBirthday.put("birthday", "yesterday");
    assertValidation(api.post("/auth/register", badBirthday, null), "register birthday (ISO date string)",
        "birthday");

    var twoBad = registration();
    twoBad.put("email", "nope");
    twoBad.put("username", "x");
    assertValidation(api.post("/auth/register", twoBad, null), "register: one message per failed rule",
        "email", "username");

    var missing = new HashMap<String, Object>(registration());
    missing.remove("fullname");
    assertValidation(api.post("/auth/register", missing, null), "register fullname required", "fullname");
  }

  @Test
  void registerConflictsAnswer409InTheOriginalsOrder() {
    var first = registration();
    register(first);

    var all = registration(); // username, email and phone all taken: the username is reported
    all.put("username", first.get("username"));
    all.put("email", first.get("email"));
    all.put("phone", first.get("phone"));
    assertError(api.post("/auth/register", all, null), 409, "Username already exists",
        "register 409 checks username first");

    var emailAndPhone = registration();
    emailAndPhone.put("email", first.get("email"));
    emailAndPhone.put("phone", first.get("phone"));
    assertError(api.post("/auth/register", emailAndPhone, null), 409, "Email already exists",
        "register 409 checks email second");

    var phone = registration();
    phone.put("phone", first.get("phone"));
    assertError(api.post("/auth/register", phone, null), 409, "Phone number already exists",
        "register 409 checks phone third");
  }

  @Test
  void loginByUsernameEmailOrPhoneAnswersTheOriginalShape() {
    var body = registration();
    register(body);
    for (String field : new String[] {"username", "email", "phone"}) {
      String where = "POST /auth/login by " + field;
      Response r = api.post("/auth/login", Map.of("account", body.get(field), "password", PASSWORD), null);
      assertThat(r.status()).as(where + ": 200; body " + r.body()).isEqualTo(200);
      JsonNode json = r.json();
      assertThat(string(json, "access_token", where)).isNotBlank();
      JsonNode user = object(json, "user", where);
      where += ".user";
      id(user, "id", where);
      assertThat(string(user, "fullname", where)).isEqualTo(body.get("fullname"));
      assertThat(string(user, "email", where)).isEqualTo(body.get("email"));
      assertThat(string(user, "username", where)).isEqualTo(body.get("username"));
      assertThat(string(user, "phone", where)).isEqualTo(body.get("phone"));
      instant(user, "latestLogin", where);
      // the original's login user has no birthday; ours has it as an extra field, which no client breaks on
      absent(user, "password", where);
    }
  }

  @Test
  void loginFailuresAnswer401InvalidCredentials() {
    var body = registration();
    register(body);
    assertError(api.post("/auth/login", Map.of("account", body.get("username"), "password", "wrong-password-123"),
        null), 401, "Invalid credentials", "login with a wrong password");
    assertError(api.post("/auth/login", Map.of("account", "nobody-" + body.get("username"), "password", PASSWORD),
        null), 401, "Invalid credentials", "login with an unknown account");
    assertValidation(api.post("/auth/login", Map.of("password", PASSWORD), null), "login account required",
        "account");
  }

  @Test
  void profileAnswersTheOriginalShapeAndCacheHeader() {
    var body = registration();
    register(body);
    String token = login((String) body.get("email")).get("access_token").asText();
    Response r = api.get("/auth/profile", token);
    assertThat(r.status()).as("GET /auth/profile: 200; body " + r.body()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).as("GET /auth/profile header Cache-Control")
        .isEqualTo("private, max-age=300");
    String where = "GET /auth/profile";
    JsonNode p = r.json();
    id(p, "id", where);
    assertThat(string(p, "fullname", where)).isEqualTo(body.get("fullname"));
    assertThat(string(p, "email", where)).isEqualTo(body.get("email"));
    assertThat(string(p, "username", where)).isEqualTo(body.get("username"));
    assertThat(string(p, "phone", where)).isEqualTo(body.get("phone"));
    assertThat(string(p, "birthday", where)).startsWith("1990-05-17");
    instant(p, "latestLogin", where);
    instant(p, "createdAt", where);
    instant(p, "updatedAt", where);
    absent(p, "password", where);

    assertError(api.get("/auth/profile", null), 401, null, "GET /auth/profile without a token");
    assertError(api.get("/auth/profile", "not.a.jwt"), 401, null, "GET /auth/profile with a bad token");
  }

  @Test
  void profileBeforeAnyLoginHasNullLatestLogin() {
    var user = register();
    Response r = api.get("/auth/profile", user.registerToken());
    assertThat(r.status()).as("GET /auth/profile with the register token: 200; body " + r.body()).isEqualTo(200);
    instantOrNull(r.json(), "latestLogin", "GET /auth/profile before any login");
  }

  /** The original's refresh: POST /auth/refresh with the access token as Bearer and no body. */
  private Response bearerRefresh(String accessToken) {
    var b = HttpRequest.newBuilder(URI.create(api.baseUrl + "/auth/refresh"))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (accessToken != null) b.header("Authorization", "Bearer " + accessToken);
    return api.send(b.build());
  }

  @Test
  void refreshWithBearerAndNoBodyAnswersANewWorkingAccessToken() {
    var user = register();
    String token = loginToken(user);
    Response r = bearerRefresh(token);
    assertThat(r.status()).as("POST /auth/refresh with `Authorization: Bearer <access_token>` and no body "
        + "(the original's form): 200; body " + r.body()).isEqualTo(200);
    String fresh = string(r.json(), "access_token", "POST /auth/refresh 200");
    Response profile = api.get("/auth/profile", fresh);
    assertThat(profile.status()).as("the refreshed access_token works on GET /auth/profile").isEqualTo(200);
    assertThat(profile.json().path("id").asText()).isEqualTo(user.id());

    // clients that send an empty body with a JSON content type
    Response jsonTyped = api.post("/auth/refresh", null, loginToken(user));
    assertThat(jsonTyped.status()).as("POST /auth/refresh, Bearer, Content-Type json and empty body: 200; body "
        + jsonTyped.body()).isEqualTo(200);

    assertError(bearerRefresh(null), 401, null, "POST /auth/refresh without a token");
    assertError(bearerRefresh("not.a.jwt"), 401, null, "POST /auth/refresh with a bad token");
  }

  @Test
  void afterLogoutTheBearerRefreshAnswers401() {
    var user = register();
    JsonNode login = login(user.username());
    String token = login.get("access_token").asText();
    assertThat(login.hasNonNull("refresh_token")).as("our login also hands out a refresh_token (for logout); got "
        + login).isTrue();
    Response out = api.post("/auth/logout", Map.of("refresh_token", login.get("refresh_token").asText()), token);
    assertThat(out.status()).as("POST /auth/logout {refresh_token} with the Bearer: 2xx; body " + out.body())
        .isBetween(200, 299);
    assertError(bearerRefresh(token), 401, null, "POST /auth/refresh (Bearer form) after logout");
  }
}
