package dev.cake.http.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.config.Config;
import dev.cake.persistence.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The real API on a random port against this run's PostgreSQL and Redis, driven over HTTP. */
public final class TestApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Phone numbers unique within this JVM (each run has its own database). */
  private static final AtomicInteger PHONES = new AtomicInteger(new java.util.Random().nextInt(5_000_000));

  public final Config config;
  public final TestApiComponent component;
  public final String baseUrl;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public TestApi() {
    this(Map.of());
  }

  public TestApi(Map<String, String> overrides) {
    this.config = TestServices.get().config(overrides);
    this.component = DaggerTestApiComponent.factory().create(config);
    component.server().start();
    this.baseUrl = "http://127.0.0.1:" + component.server().port();
  }

  @Override
  public void close() {
    component.server().stop();
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
    return send(b.build());
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
      return send(b.build());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public Response send(HttpRequest request) {
    try {
      var r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
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

  public JsonNode login(String account, String password) {
    var r = post("/auth/login", Map.of("account", account, "password", password), null);
    if (r.status() != 200) throw new AssertionError("login failed: " + r.status() + " " + r.body());
    return r.json();
  }
}
