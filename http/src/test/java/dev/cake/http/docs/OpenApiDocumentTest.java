package dev.cake.http.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cake.http.Access;
import dev.cake.http.testing.ContractCheck;
import dev.cake.http.testing.TestApi;
import io.javalin.Javalin;
import io.javalin.security.Roles;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document (http/src/main/resources/openapi/openapi.yaml) is valid, describes exactly the routes the
 * server registers with the access each declares, keeps response objects closed, and is served as /openapi.json and
 * through Swagger UI at /docs (from the webjar on the classpath, no CDN).
 */
class OpenApiDocumentTest {
  private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
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
  void theDocumentIsValidOpenApi303() {
    var parsed = ContractCheck.get().parsed();
    assertThat(parsed.getMessages()).as("the swagger parser's messages").isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
    assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearerAuth");
  }

  /** "GET /promotions/campaigns/{id}" to the access it declares, for every route the server registers. */
  private static Map<String, String> registeredRoutes() {
    var app = Javalin.create(config -> api.component.routes().forEach(r -> r.register(config.routes)));
    Map<String, String> routes = new TreeMap<>();
    for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
      var endpoint = parsed.endpoint;
      if (endpoint.path.startsWith("/test/")) continue; // test-only routes (TestRoutesModule), not the API
      String kind = endpoint.method.name();
      if (kind.startsWith("BEFORE") || kind.startsWith("AFTER")) continue; // filters (RedisBudgetFilter), not operations
      Roles roles = endpoint.metadata(Roles.class);
      String access = roles == null ? "undeclared" : roles.getRoles().stream()
          .map(r -> r instanceof Access a ? a.name().toLowerCase(Locale.ROOT) : "unknown role " + r)
          .sorted().reduce((a, b) -> a + "," + b).orElse("undeclared");
      routes.put(endpoint.method.name() + " " + endpoint.path, access);
    }
    return routes;
  }

  /** The same, for every operation in the document (its x-cake-access). */
  private static Map<String, String> documentedOperations() {
    Map<String, String> operations = new TreeMap<>();
    ContractCheck.get().api().getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
      Object access = op.getExtensions() == null ? null : op.getExtensions().get("x-cake-access");
      operations.put(method.name() + " " + path, String.valueOf(access));
    }));
    return operations;
  }

  @Test
  void everyRegisteredRouteIsDocumentedWithItsAccessAndEveryDocumentedOperationIsRegistered() {
    Map<String, String> registered = registeredRoutes();
    Map<String, String> documented = documentedOperations();
    assertThat(registered).as("routes found").hasSizeGreaterThan(15);
    assertThat(documented.keySet()).as("documented operations vs registered routes")
        .containsExactlyInAnyOrderElementsOf(registered.keySet());
    assertThat(documented).as("x-cake-access of each operation vs the Access its route declares")
        .isEqualTo(registered);
  }

  @Test
  void securityAndErrorResponsesFollowEachOperationsAccess() {
    List<String> problems = new ArrayList<>();
    ContractCheck.get().api().getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
      String name = method + " " + path;
      String access = String.valueOf(op.getExtensions().get("x-cake-access"));
      var security = op.getSecurity();
      boolean anonymousAllowed = security != null
          && (security.isEmpty() || security.stream().anyMatch(Map::isEmpty));
      boolean bearerOffered = security != null && security.stream().anyMatch(r -> r.containsKey("bearerAuth"));
      switch (access) {
        case "anyone" -> {
          if (!anonymousAllowed) problems.add(name + ": public, but its security does not allow anonymous calls");
        }
        case "user", "admin" -> {
          if (anonymousAllowed || !bearerOffered) problems.add(name + ": needs a token, but security does not say so");
          if (!op.getResponses().containsKey("401")) problems.add(name + ": needs a token but documents no 401");
          if (access.equals("admin") && !op.getResponses().containsKey("403")) {
            problems.add(name + ": admins only but documents no 403");
          }
        }
        default -> problems.add(name + ": x-cake-access must be anyone, user or admin, not " + access);
      }
      if (op.getRequestBody() != null && op.getRequestBody().getContent().containsKey("application/json")) {
        for (String status : List.of("400", "413", "415")) {
          if (!op.getResponses().containsKey(status)) problems.add(name + ": reads a JSON body but has no " + status);
        }
      }
    }));
    assertThat(problems).isEmpty();
  }

  @Test
  void responseObjectsAreClosedAndRequestObjectsOpen() {
    List<String> problems = new ArrayList<>();
    Map<String, Schema> schemas = ContractCheck.get().api().getComponents().getSchemas();
    schemas.forEach((name, schema) -> {
      if (!"object".equals(schema.getType())) return;
      boolean request = name.endsWith("Request");
      Object additional = schema.getAdditionalProperties();
      if (request && Boolean.FALSE.equals(additional)) {
        problems.add(name + ": a request schema must not forbid unknown fields (the server ignores them)");
      }
      if (!request && additional == null) {
        problems.add(name + ": a response schema must say additionalProperties (false, so added fields fail)");
      }
      if (!request && (schema.getRequired() == null || schema.getRequired().isEmpty())) {
        problems.add(name + ": a response schema must list its required fields (so removed fields fail)");
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void openapiJsonServesTheDocument() throws Exception {
    var r = api.get("/openapi.json", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    var yaml = new YAMLMapper().readTree(ContractCheck.documentText());
    assertThat(new ObjectMapper().readTree(r.body())).isEqualTo(yaml);
  }

  @Test
  void docsServesSwaggerUiFromTheClasspathReadingOpenapiJson() {
    var page = api.get("/docs", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("id=\"swagger-ui\"").doesNotContain("http://").doesNotContain("https://");

    List<String> assets = new ArrayList<>();
    var m = ASSET.matcher(page.body());
    while (m.find()) assets.add(m.group(1));
    assertThat(assets).contains("/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js",
        "/docs/swagger-ui-standalone-preset.js", "/docs/swagger-initializer.js");
    for (String asset : assets) {
      var r = api.get(asset, null);
      assertThat(r.status()).as(asset).isEqualTo(200);
      String expected = asset.endsWith(".css") ? "text/css" : asset.endsWith(".js") ? "text/javascript" : "image/png";
      assertThat(r.header("Content-Type")).as(asset).startsWith(expected);
      assertThat(r.body()).as(asset).isNotEmpty();
    }
    assertThat(api.get("/docs/swagger-ui-bundle.js", null).body()).contains("SwaggerUIBundle");
    assertThat(api.get("/docs/swagger-initializer.js", null).body()).contains("url: \"/openapi.json\"")
        .contains("validatorUrl: null");

    for (String missing : List.of("/docs/nope.js", "/docs/index.html", "/docs/..%2F..%2Fopenapi%2Fopenapi.yaml")) {
      assertThat(api.get(missing, null).status()).as(missing).isEqualTo(404);
    }
  }

  @Test
  void theBodyOfARawRequestIsReadBackForTheRequestCheck() {
    var uri = java.net.URI.create(api.baseUrl + "/auth/login");
    var post = java.net.http.HttpRequest.newBuilder(uri)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"account\":\"é\"}")).build();
    assertThat(new String(TestApi.bodyOf(post), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"account\":\"é\"}");
    assertThat(TestApi.bodyOf(java.net.http.HttpRequest.newBuilder(uri).GET().build())).isEmpty();
    var stream = java.net.http.HttpRequest.newBuilder(uri).POST(java.net.http.HttpRequest.BodyPublishers
        .ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[1]))).build();
    assertThat(TestApi.bodyOf(stream)).as("a one-shot stream is not consumed").isNull();
  }

  @Test
  void theContractCheckCatchesDrift() {
    var check = ContractCheck.get();
    var json = Map.of("Content-Type", List.of("application/json"));
    var liveUri = java.net.URI.create(api.baseUrl + "/health/live");
    // a field the document does not have
    assertThat(check.problems(new ContractCheck.Exchange("GET", liveUri, Map.of(), new byte[0], 200, json,
        "{\"status\":\"alive\",\"extra\":1}"))).isNotEmpty();
    // a status the operation does not document
    assertThat(check.problems(new ContractCheck.Exchange("GET", liveUri, Map.of(), new byte[0], 418, json,
        "{\"status\":\"alive\"}"))).isNotEmpty();
    // a route the document does not have, answering 200
    assertThat(check.problems(new ContractCheck.Exchange("GET", java.net.URI.create(api.baseUrl + "/undocumented"),
        Map.of(), new byte[0], 200, json, "{}"))).isNotEmpty();
    // an accepted request must be valid (a missing required field fails; unknown fields are fine); a refused one
    // is not checked
    var logout = java.net.URI.create(api.baseUrl + "/auth/logout");
    var headers = Map.of("Content-Type", List.of("application/json"), "Authorization", List.of("Bearer x.y.z"));
    assertThat(check.problems(new ContractCheck.Exchange("POST", logout, headers, "{}".getBytes(), 204, Map.of(),
        ""))).isNotEmpty();
    assertThat(check.problems(new ContractCheck.Exchange("POST", logout, headers,
        "{\"refresh_token\":\"abc\",\"unknown\":true}".getBytes(), 204, Map.of(), ""))).isEmpty();
    String badRequest = "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":[\"refresh_token is required\"],"
        + "\"errors\":[{\"field\":\"refresh_token\",\"message\":\"refresh_token is required\"}],"
        + "\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"path\":\"/auth/logout\"}";
    assertThat(check.problems(new ContractCheck.Exchange("POST", logout, headers, "{}".getBytes(), 400, json,
        badRequest))).isEmpty();
    assertThat(check.problems(new ContractCheck.Exchange("GET", liveUri, Map.of(), new byte[0], 200, json,
        "{\"status\":\"alive\"}"))).isEmpty();
  }
}
