package dev.cake.http.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.http.ApiSettings;
import dev.cake.persistence.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real API on a random port against this run's PostgreSQL and Redis, driven over HTTP. Every exchange is checked
 * against the OpenAPI document ({@link ContractCheck}): a response (or an accepted request) that breaks it fails the
 * exchange with an {@link AssertionError} carrying the validator's report. {@link #sendUnchecked} is for the rare
 * exchange that is off the contract on purpose.
 */
public final class TestApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * {@code -Dcake.contract=report} prints contract violations (lines starting {@code [contract]}) instead of failing
   * the exchange: to list every difference at once while changing shapes, never for a normal run.
   */
  private static final boolean REPORT_ONLY = "report".equals(System.getProperty("cake.contract"));
  /** Phone numbers unique within this JVM (each run has its own database). */
  private static final AtomicInteger PHONES = new AtomicInteger(new java.util.Random().nextInt(5_000_000));

  public final ApiSettings config;
  public final TestApiComponent component;
  public final String baseUrl;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  public TestApi() {
    this(Map.of());
  }

  public TestApi(Map<String, String> overrides) {
    this.config = ApiSettings.fromEnv(TestServices.get().environment(overrides));
    this.component = DaggerTestApiComponent.factory().create(config.core(), config.persistence(), config.http());
    component.lifecycle().start();
    this.baseUrl = "http://127.0.0.1:" + component.server().port();
  }

  @Override
  public void close() {
    component.lifecycle().stop();
  }

  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
    }
  }

  public Response get(String path, String token) {
    var b = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    return exchange(b.build(), new byte[0], true);
  }

  public Response post(String path, Object body, String token) {
    return send(path, "POST", body, token);
  }

  public Response send(String path, String method, Object body, String token) {
    try {
      String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
      var b = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .method(method, HttpRequest.BodyPublishers.ofString(text))
          .header("Content-Type", "application/json");
      if (token != null) b.header("Authorization", "Bearer " + token);
      return exchange(b.build(), text.getBytes(StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** {@link #send(String, String, Object, String)} with extra request headers (a request id, a forwarded IP). */
  public Response sendWith(String path, String method, Object body, String token, Map<String, String> headers) {
    try {
      String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
      var b = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .method(method, HttpRequest.BodyPublishers.ofString(text))
          .header("Content-Type", "application/json");
      if (token != null) b.header("Authorization", "Bearer " + token);
      headers.forEach(b::header);
      return exchange(b.build(), text.getBytes(StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Sends {@code request} and checks the exchange against the OpenAPI document: the response always, the request
   * when it was accepted (its body is read back from the request's body publisher).
   */
  public Response send(HttpRequest request) {
    return exchange(request, bodyOf(request), true);
  }

  /**
   * Sends {@code request} without checking it or its response against the OpenAPI document: only for an exchange
   * that is off the contract on purpose (say why at the call), never to hide a difference from the document.
   */
  public Response sendUnchecked(HttpRequest request) {
    return exchange(request, null, false);
  }

  private Response exchange(HttpRequest request, byte[] body, boolean check) {
    Response response;
    try {
      HttpResponse<String> r;
      try {
        r = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException stale) {
        // once, as JsonFuzzTest does: after a 413 the server closes the keep-alive connection without reading the
        // body, and the next request the client sends on it gets no byte back (it never reached the server)
        if (stale instanceof java.net.http.HttpTimeoutException || !String.valueOf(stale.getMessage())
            .contains("received no bytes")) throw stale;
        r = client.send(request, HttpResponse.BodyHandlers.ofString());
      }
      response = new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (check) {
      var problems = ContractCheck.get().problems(new ContractCheck.Exchange(request.method(), request.uri(),
          request.headers().map(), body, response.status(), response.headers(), response.body()));
      if (!problems.isEmpty()) {
        var broken = new AssertionError(describe(request, body, response, problems));
        if (!REPORT_ONLY) throw broken;
        System.err.println("[contract] " + broken.getMessage()); // -Dcake.contract=report: list them all, fail none
      }
    }
    return response;
  }

  private static String describe(HttpRequest request, byte[] body, Response response, List<String> problems) {
    String query = request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery();
    return "OpenAPI contract broken by " + request.method() + " " + request.uri().getRawPath() + query + " -> "
        + response.status() + "\n  " + String.join("\n  ", problems)
        + "\n  response body: " + abbreviate(response.body())
        + (body == null || body.length == 0 ? "" : "\n  request body: "
            + abbreviate(new String(body, StandardCharsets.UTF_8)));
  }

  private static String abbreviate(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + text.length() + " chars)";
  }

  /**
   * The bytes a request's body publisher sends (read by subscribing to it once more, as the client does on a
   * retry); empty without a body; null when they cannot be known without consuming a one-shot stream.
   */
  public static byte[] bodyOf(HttpRequest request) {
    var publisher = request.bodyPublisher().orElse(null);
    if (publisher == null || publisher.contentLength() == 0) return new byte[0];
    if (publisher.contentLength() < 0) return null; // a stream: reading it here would take it from the server
    var bytes = new java.io.ByteArrayOutputStream();
    var done = new java.util.concurrent.CompletableFuture<byte[]>();
    publisher.subscribe(new java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer>() {
      @Override
      public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(java.nio.ByteBuffer item) {
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        synchronized (bytes) {
          bytes.write(chunk, 0, chunk.length);
        }
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }

      @Override
      public void onComplete() {
        synchronized (bytes) {
          done.complete(bytes.toByteArray());
        }
      }
    });
    try {
      return done.get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cannot read the request body back for the contract check", e);
    }
  }

  /** A unique, valid registration body. */
  public static Map<String, Object> newRegistration() {
    String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String phone = String.format("+8490%07d", PHONES.incrementAndGet());
    return Map.of("fullname", "Test " + tag, "email", "t" + tag + "@example.com", "username", "t" + tag,
        "phone", phone, "password", "correct-horse", "birthday", "1991-02-03");
  }

  /** Registers a new user; returns the 201 body. */
  public JsonNode register() {
    var r = post("/auth/register", newRegistration(), null);
    if (r.status() != 201) throw new AssertionError("register failed: " + r.status() + " " + r.body());
    return r.json();
  }

  /** A fresh admin's access token. Its first login takes no campaign slot: admins are never enrolled. */
  public String adminToken() {
    String username = "admin" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    component.adminAccounts().create(username, "admin-password", null, null, null);
    return login(username, "admin-password").get("access_token").asText();
  }

  /** Creates a campaign (defaults: 100 slots, started an hour ago, ends in a day) with {@code fields} on top. */
  public JsonNode createCampaign(String adminToken, Map<String, Object> fields) {
    var body = new java.util.HashMap<String, Object>(Map.of("name", "Campaign " + UUID.randomUUID(),
        "startDate", java.time.Instant.now().minusSeconds(3600).toString(),
        "endDate", java.time.Instant.now().plusSeconds(86_400).toString()));
    body.putAll(fields);
    var r = post("/promotions/campaigns", body, adminToken);
    if (r.status() != 201) throw new AssertionError("create campaign failed: " + r.status() + " " + r.body());
    return r.json();
  }

  /** Ends a campaign so that later first logins cannot join it. */
  public void endCampaign(String id) {
    component.jdbi().useHandle(h -> h.execute("UPDATE campaigns SET status = 'expired' WHERE id = ?",
        Long.parseLong(id)));
    component.promotionChanges().campaignsChanged();
  }

  /**
   * Logs in and then enrols the user as the worker would for a first login (the HTTP tests run without a worker;
   * the worker module's end-to-end tests cover the queue path).
   */
  public JsonNode loginAndEnrol(String account, String password) {
    JsonNode login = login(account, password);
    component.enrolment().enrolFirstLogin(login.at("/user/id").asLong(),
        java.time.Instant.parse(login.at("/user/latestLogin").asText()));
    return login;
  }

  /** A user holding one voucher of a campaign with {@code terms}; the campaign is ended afterwards. */
  public record VoucherHolder(String token, String userId, String code, Map<String, Object> registration) {}

  public VoucherHolder userWithVoucher(String adminToken, Map<String, Object> terms) {
    JsonNode campaign = createCampaign(adminToken, terms);
    try {
      var reg = newRegistration();
      post("/auth/register", reg, null);
      JsonNode login = loginAndEnrol((String) reg.get("username"), (String) reg.get("password"));
      String token = login.get("access_token").asText();
      JsonNode vouchers = get("/promotions/my-vouchers", token).json();
      if (vouchers.size() != 1) throw new AssertionError("expected one voucher, got " + vouchers);
      return new VoucherHolder(token, login.at("/user/id").asText(), vouchers.get(0).get("code").asText(), reg);
    } finally {
      endCampaign(campaign.get("id").asText());
    }
  }

  public long count(String sql, Object... args) {
    return component.jdbi().withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) q.bind(i, args[i]);
      return q.mapTo(Long.class).one();
    });
  }

  public Response post(String path, Object body, String token, Map<String, String> headers) {
    try {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      var b = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .POST(HttpRequest.BodyPublishers.ofString(text))
          .header("Content-Type", "application/json");
      if (token != null) b.header("Authorization", "Bearer " + token);
      headers.forEach(b::header);
      return exchange(b.build(), text.getBytes(StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public JsonNode login(String account, String password) {
    var r = post("/auth/login", Map.of("account", account, "password", password), null);
    if (r.status() != 200) throw new AssertionError("login failed: " + r.status() + " " + r.body());
    return r.json();
  }
}
