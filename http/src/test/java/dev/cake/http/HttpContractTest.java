package dev.cake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The status codes and error shape of docs/API.md "Errors", on the real server. */
class HttpContractTest {
  static TestApi api;

  @BeforeAll
  static void start() {
    api = new TestApi();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static void assertErrorShape(Response r, int status, String path) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    var json = r.json();
    assertThat(json.get("statusCode").asInt()).isEqualTo(status);
    assertThat(json.get("error").asText()).isNotBlank();
    JsonNode message = json.get("message");
    if (message.isArray()) { // a validation error: the original's list, one message per failed rule
      assertThat(status).isEqualTo(400);
      assertThat(message.size()).isPositive();
      message.forEach(m -> assertThat(m.isTextual() && !m.asText().isBlank()).as(m.toString()).isTrue());
    } else {
      assertThat(message.isTextual() && !message.asText().isBlank()).as(message.toString()).isTrue();
    }
    assertThat(json.get("timestamp").asText()).endsWith("Z");
    assertThat(json.get("path").asText()).isEqualTo(path);
  }

  @Test
  void handlersRunOnVirtualThreads() {
    assertThat(api.get("/test/thread", null).json().get("virtual").asBoolean()).isTrue();
  }

  @Test
  void unknownRouteIs404() {
    assertErrorShape(api.get("/no/such/route", null), 404, "/no/such/route");
  }

  @Test
  void wrongMethodIs405() {
    assertErrorShape(api.send("/auth/login", "DELETE", null, null), 405, "/auth/login");
    assertErrorShape(api.send("/auth/profile", "POST", "{}", null), 405, "/auth/profile");
  }

  @Test
  void malformedJsonIs400() {
    assertErrorShape(api.post("/auth/login", "{\"account\": ", null), 400, "/auth/login");
    assertErrorShape(api.post("/auth/login", "[1,2]", null), 400, "/auth/login");
    assertErrorShape(api.post("/auth/login", "", null), 400, "/auth/login");
  }

  @Test
  void nonJsonBodyIs415() {
    var request = HttpRequest.newBuilder(URI.create(api.baseUrl + "/auth/login"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("account=a")).build();
    assertErrorShape(api.send(request), 415, "/auth/login");
    var missing = HttpRequest.newBuilder(URI.create(api.baseUrl + "/auth/login"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    assertErrorShape(api.send(missing), 415, "/auth/login");
  }

  @Test
  void bodyOver64KiBIs413() {
    String big = "{\"account\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}";
    assertErrorShape(api.post("/auth/login", big, null), 413, "/auth/login");
    String justUnder = "{\"account\":\"" + "a".repeat(60 * 1024) + "\",\"password\":\"x\"}";
    // under the body limit, the body is read: then the account's own limit (254 characters) refuses it
    assertThat(api.post("/auth/login", justUnder, null).status()).isEqualTo(400);
  }

  @Test
  void unexpectedErrorsAre500WithoutInternals() {
    Response r = api.get("/test/boom", null);
    assertErrorShape(r, 500, "/test/boom");
    assertThat(r.body()).doesNotContain("secret").doesNotContain("hunter2").doesNotContain("IllegalState")
        .doesNotContain("at dev.cake");
    assertThat(r.json().get("message").asText()).isEqualTo("Internal server error");
    assertThat(r.json().get("requestId").asText()).isEqualTo(r.header("X-Request-Id"));
  }

  @Test
  void roleChecksAre401WithoutATokenAnd403ForAUser() {
    assertErrorShape(api.get("/test/admin-only", null), 401, "/test/admin-only");
    String userToken = api.register().get("access_token").asText();
    assertErrorShape(api.get("/test/admin-only", userToken), 403, "/test/admin-only");
  }

  @Test
  void anAdminPassesTheRoleCheck() {
    var reg = TestApi.newRegistration();
    api.component.adminAccounts().create((String) reg.get("username"), "admin-password", null, null, null);
    String token = api.login((String) reg.get("username"), "admin-password").get("access_token").asText();
    assertThat(api.get("/test/admin-only", token).status()).isEqualTo(200);
  }

  @Test
  void requestIdIsEchoedOrGenerated() {
    var withId = HttpRequest.newBuilder(URI.create(api.baseUrl + "/health/live"))
        .header("X-Request-Id", "abc-123").GET().build();
    assertThat(api.send(withId).header("X-Request-Id")).isEqualTo("abc-123");
    var hostile = HttpRequest.newBuilder(URI.create(api.baseUrl + "/health/live"))
        .header("X-Request-Id", "<script>").GET().build();
    assertThat(api.send(hostile).header("X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void generatedRequestIdsAreDistinctVersion4Uuids() {
    var ids = new java.util.HashSet<String>();
    for (int i = 0; i < 10_000; i++) {
      var id = java.util.UUID.fromString(RequestLog.newId());
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      ids.add(id.toString());
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void rootAnswersAsTheOriginal() {
    Response r = api.get("/", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.body()).isEqualTo("Hello World!");
  }

  @Test
  void healthReportsEveryCheck() {
    Response r = api.get("/health", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("healthy");
    for (String check : new String[] {"database", "cache", "memory"}) {
      assertThat(r.json().at("/details/" + check + "/status").asText()).as(check).isEqualTo("up");
      assertThat(r.json().at("/checks/" + check).asText()).as(check).isEqualTo("healthy");
    }
    assertThat(r.json().get("version").asText()).isNotBlank();
    assertThat(r.json().at("/memory/used").isIntegralNumber()).isTrue();
    assertThat(r.json().get("uptime").isNumber()).isTrue();
    assertThat(api.get("/health/live", null).status()).isEqualTo(200);
    Response ready = api.get("/health/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("checks").has("memory")).isFalse();
  }

  @Test
  void unknownJsonFieldsAreIgnored() {
    var body = new java.util.HashMap<String, Object>(TestApi.newRegistration());
    body.put("isAdmin", true);
    body.put("nested", Map.of("x", 1));
    assertThat(api.post("/auth/register", body, null).status()).isEqualTo(201);
  }
}
