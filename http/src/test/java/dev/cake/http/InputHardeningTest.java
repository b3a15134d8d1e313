package dev.cake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, input rows: control characters and over-long strings in any field are 400 naming the field; PostgreSQL
 * data errors are 400; a username that reads as a phone number is refused; hidden campaigns are 404 for all but
 * admins; a route without an access level is not public.
 */
class InputHardeningTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static TestApi api;
  static String admin;
  static String user;

  @BeforeAll
  static void start() {
    api = new TestApi(Map.of("CAKE_RATE_LIMITS", "off"));
    admin = api.adminToken();
    user = api.register().get("access_token").asText();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A route taking a JSON body, a valid body for it and the token it needs. */
  private record Route(String method, String path, Map<String, Object> valid, String token) {}

  private static List<Route> jsonRoutes() {
    var campaign = Map.<String, Object>of("name", "Hardening", "description", "d", "type", "first_login_discount",
        "startDate", Instant.now().plusSeconds(86_400).toString(),
        "endDate", Instant.now().plusSeconds(2 * 86_400).toString());
    return List.of(
        new Route("POST", "/auth/register", new HashMap<>(TestApi.newRegistration()), null),
        new Route("POST", "/auth/login", Map.of("account", "nobody-here", "password", "wrong-password"), null),
        new Route("POST", "/auth/refresh", Map.of("refresh_token", "not-a-token"), null),
        new Route("POST", "/auth/logout", Map.of("refresh_token", "not-a-token"), user),
        new Route("POST", "/promotions/campaigns", campaign, admin),
        new Route("PATCH", "/promotions/campaigns/999999999", Map.of("status", "inactive"), admin),
        new Route("POST", "/promotions/topup", Map.of("phoneNumber", "+84912345678", "amount", 100000,
            "voucherCode", "CAKE-ZZZZZZZZ", "paymentMethod", "bank_transfer"), user));
  }

  private static final List<String> BAD_CHARACTERS =
      List.of("\u0000", "\u0001", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009f", "\u2028", "\u2029");

  @Test
  void controlCharactersAndLoneSurrogatesInEveryStringFieldOfEveryRouteAre400NamingTheField() throws Exception {
    int sent = 0;
    for (Route route : jsonRoutes()) {
      for (var field : route.valid().entrySet()) {
        if (!(field.getValue() instanceof String good)) continue;
        for (String bad : BAD_CHARACTERS) {
          var body = new HashMap<>(route.valid());
          body.put(field.getKey(), good.substring(0, good.length() / 2) + bad + good.substring(good.length() / 2));
          assertFieldRejected(route, JSON.writeValueAsString(body), field.getKey(), "control characters");
          sent++;
        }
        for (String surrogate : List.of("\\ud800", "\\udfff", "x\\ud83dy")) {
          var body = new HashMap<>(route.valid());
          body.put(field.getKey(), "@@S@@");
          String text = JSON.writeValueAsString(body).replace("@@S@@", surrogate);
          assertFieldRejected(route, text, field.getKey(), "unpaired surrogates");
          sent++;
        }
      }
    }
    System.out.println("control characters and lone surrogates: " + sent + " requests, every one 400 naming its field");
    assertThat(sent).isEqualTo(19 * 14); // 19 string fields over 7 routes, 11 characters and 3 surrogates each
  }

  @Test
  void nulOnLoginAndInFullnameOnRegisterAre400() {
    Response login = api.post("/auth/login", Map.of("account", "a\u0000b", "password", "whatever-long"), null);
    assertThat(login.status()).isEqualTo(400);
    assertThat(login.json().at("/errors/0/field").asText()).isEqualTo("account");
    assertThat(login.json().at("/message/0").asText()).isEqualTo("account must not contain control characters");
    assertThat(login.json().has("requestId")).isFalse();

    var reg = new HashMap<String, Object>(TestApi.newRegistration());
    reg.put("fullname", "Nul\u0000Name");
    Response register = api.post("/auth/register", reg, null);
    assertThat(register.status()).isEqualTo(400);
    assertThat(register.json().at("/errors/0/field").asText()).isEqualTo("fullname");
  }

  @Test
  void overLongStringsAre400AndAnAccountIsAtMost254Characters() throws Exception {
    Response sixtyKb = api.post("/auth/login", Map.of("account", "a".repeat(60 * 1024), "password", "pw-pw-pw-pw"),
        null);
    assertThat(sixtyKb.status()).isEqualTo(400);
    assertThat(sixtyKb.json().at("/errors/0/field").asText()).isEqualTo("account");
    assertThat(sixtyKb.json().at("/message/0").asText()).isEqualTo("account must be at most 254 characters");
    assertThat(api.post("/auth/login", Map.of("account", "a".repeat(255), "password", "pw-pw-pw-pw"), null).status())
        .isEqualTo(400);
    assertThat(api.post("/auth/login", Map.of("account", "a".repeat(254), "password", "pw-pw-pw-pw"), null).status())
        .isEqualTo(401);

    int checked = 0;
    for (Route route : jsonRoutes()) {
      for (var field : route.valid().entrySet()) {
        if (!(field.getValue() instanceof String)) continue;
        int max = InputRules.MAX_LENGTH.getOrDefault(field.getKey(), InputRules.DEFAULT_MAX_LENGTH);
        var body = new HashMap<>(route.valid());
        body.put(field.getKey(), "a".repeat(max + 1));
        assertFieldRejected(route, JSON.writeValueAsString(body), field.getKey(), "at most " + max);
        checked++;
      }
    }
    System.out.println("over-long strings: " + checked + " fields, each 400 at its maximum + 1");
  }

  @Test
  void hugeAndTinyDecimalsAre400NamingTheField() {
    for (String number : List.of("1e400", "-1e-400", "99999999999999999999999", "1e-30")) {
      Response r = api.send("/promotions/topup", "POST", "{\"phoneNumber\":\"+84912345678\",\"amount\":" + number
          + ",\"paymentMethod\":\"bank_transfer\"}", user);
      assertThat(r.status()).as(number).isEqualTo(400);
      assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("amount");
    }
    Response deep = api.send("/auth/login", "POST", "[".repeat(10_000) + "]".repeat(10_000), null);
    assertThat(deep.status()).isEqualTo(400);
  }

  @Test
  void postgresDataErrorsAre400() {
    Response r = api.get("/test/data-error?value=not-a-number", null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).isEqualTo("A value in the request is invalid or out of range");
    assertThat(r.json().has("requestId")).isFalse();
    assertThat(api.get("/test/data-error?value=42", null).body()).isEqualTo("42");
    // a NUL reaching a query through a path parameter: invalid byte sequence (22021), not a 500
    // (Jetty refuses that URI itself: 400, in our error shape)
    Response nul = api.get("/promotions/vouchers/CAKE%00X/validate", user);
    assertThat(nul.status()).isEqualTo(400);
    assertThat(nul.json().get("message").asText()).isEqualTo("Malformed request");
    assertThat(nul.json().get("path").isTextual()).isTrue(); // Jetty no longer has the URI it refused
  }

  @Test
  void aUsernameThatReadsAsAPhoneNumberIsRefused() {
    for (String username : List.of("0912345678", "+84912345678", "84912345678", "091.234.5678", "123")) {
      var reg = new HashMap<String, Object>(TestApi.newRegistration());
      reg.put("username", username);
      Response r = api.post("/auth/register", reg, null);
      assertThat(r.status()).as(username).isEqualTo(400);
      List<String> fields = new ArrayList<>();
      r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
      assertThat(fields).as(username).containsExactly("username");
    }
    var ok = new HashMap<String, Object>(TestApi.newRegistration());
    ok.put("username", "u0912345678" + System.nanoTime() % 1000);
    assertThat(api.post("/auth/register", ok, null).status()).isEqualTo(201);
  }

  @Test
  void pausedScheduledAndEndedCampaignsAre404ForAnyoneButAnAdmin() {
    JsonNode running = api.createCampaign(admin, Map.of());
    JsonNode paused = api.createCampaign(admin, Map.of());
    JsonNode scheduled = api.createCampaign(admin, Map.of("startDate", Instant.now().plusSeconds(3600).toString()));
    JsonNode ended = api.createCampaign(admin, Map.of());
    try {
      assertThat(api.send("/promotions/campaigns/" + paused.get("id").asText(), "PATCH",
          Map.of("status", "inactive"), admin).status()).isEqualTo(200);
      api.endCampaign(ended.get("id").asText());

      for (JsonNode hidden : List.of(paused, scheduled, ended)) {
        String path = "/promotions/campaigns/" + hidden.get("id").asText();
        assertThat(api.get(path, null).status()).as(path).isEqualTo(404);
        assertThat(api.get(path, user).status()).as(path).isEqualTo(404);
        assertThat(api.get(path, "not-a-token").status()).as(path).isEqualTo(404);
        assertThat(api.get(path, admin).status()).as(path).isEqualTo(200);
      }
      String path = "/promotions/campaigns/" + running.get("id").asText();
      assertThat(api.get(path, null).status()).isEqualTo(200);
      assertThat(api.get(path, user).status()).isEqualTo(200);
      assertThat(api.get(path, admin).status()).isEqualTo(200);
    } finally {
      for (JsonNode c : List.of(running, paused, scheduled, ended)) api.endCampaign(c.get("id").asText());
    }
  }

  @Test
  void aRouteWithoutAnAccessLevelOrWithAnUnknownRoleIsNotPublic() {
    for (String path : List.of("/test/undeclared", "/test/foreign-role")) {
      assertThat(api.get(path, null).status()).as(path).isEqualTo(401);
      assertThat(api.get(path, "not-a-token").status()).as(path).isEqualTo(401);
      assertThat(api.get(path, user).status()).as(path).isEqualTo(200);
    }
    assertThat(api.get("/test/thread", null).status()).isEqualTo(200); // declared ANYONE: public
  }

  private static void assertFieldRejected(Route route, String body, String field, String messagePart) {
    Response r = api.send(route.path(), route.method(), body, route.token());
    assertThat(r.status()).as(route.path() + " " + field + " " + body.length()).isEqualTo(400);
    assertThat(r.json().at("/errors/0/field").asText()).as(route.path()).isEqualTo(field);
    assertThat(r.json().at("/message/0").asText()).as(route.path()).contains(field).contains(messagePart);
  }
}
