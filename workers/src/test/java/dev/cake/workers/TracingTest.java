package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.persistence.testing.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real API and worker, each a child process with the OpenTelemetry Java agent and the console exporter: one
 * first login must leave an HTTP server span, JDBC and Redis client spans, and a worker job span in the same trace
 * (the traceparent travelled in the queue envelope), and the trace id in the X-Trace-Id header and the log lines.
 */
class TracingTest {
  static final Path AGENT = Path.of("..", "target", "otel", "opentelemetry-javaagent.jar").toAbsolutePath();

  record Child(Process process, Path log) {
    String output() throws Exception {
      return Files.readString(log);
    }
  }

  static Child start(String main, Map<String, String> extraEnv) throws Exception {
    Path log = Files.createTempFile("cake-otel", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder = new ProcessBuilder(java, "-javaagent:" + AGENT, "--enable-native-access=ALL-UNNAMED",
        "-Dlogback.configurationFile=logback.xml", // the production log format, not the tests'
        "-cp", System.getProperty("java.class.path"), main).redirectErrorStream(true).redirectOutput(log.toFile());
    var env = new HashMap<>(main.endsWith("WorkerMain") ? TestServices.get().workerEnvironment()
        : TestServices.get().environment());
    env.putAll(Map.of("OTEL_TRACES_EXPORTER", "console", "OTEL_METRICS_EXPORTER", "none",
        "OTEL_LOGS_EXPORTER", "none", "OTEL_BSP_SCHEDULE_DELAY", "200"));
    env.putAll(extraEnv);
    builder.environment().putAll(env);
    return new Child(builder.start(), log);
  }

  static void awaitOutput(Child child, String expected) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!child.output().contains(expected)) {
      assertThat(System.nanoTime()).as("'%s' in:%n%s", expected, child.output()).isLessThan(until);
      Thread.sleep(100);
    }
  }

  static HttpResponse<String> post(HttpClient client, String url, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFirstLoginIsOneTraceFromTheRequestToTheWorkersJob() throws Exception {
    assertThat(AGENT).as("the build fetches the agent into target/otel (mvn package)").exists();
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<Child> children = new ArrayList<>();
    try {
      Child api = start("dev.cake.http.ApiMain", Map.of("PORT", Integer.toString(port), "OTEL_SERVICE_NAME",
          "cake-api"));
      children.add(api);
      Child worker = start("dev.cake.workers.WorkerMain", Map.of("OTEL_SERVICE_NAME", "cake-worker"));
      children.add(worker);
      var client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!api.output().contains("listening on") || !worker.output().contains("started:")) {
        assertThat(System.nanoTime()).as("API and worker start with the agent").isLessThan(deadline);
        assertThat(api.process().isAlive()).as(api.output()).isTrue();
        Thread.sleep(200);
      }

      String user = "otel" + UUID.randomUUID().toString().substring(0, 8);
      String phone = String.format("+8493%07d", Math.floorMod(user.hashCode(), 10_000_000));
      assertThat(post(client, base + "/auth/register", """
          {"fullname":"Traced","email":"%s@example.com","username":"%s","phone":"%s","password":"traced-pass-1",
           "birthday":"1990-01-01"}""".formatted(user, user, phone)).statusCode()).isEqualTo(201);
      var login = post(client, base + "/auth/login",
          "{\"account\":\"%s\",\"password\":\"traced-pass-1\"}".formatted(user));
      assertThat(login.statusCode()).isEqualTo(200);
      String traceId = login.headers().firstValue("X-Trace-Id").orElseThrow();
      assertThat(traceId).matches("[0-9a-f]{32}");

      // both processes export their spans in batches (every 200 ms here)
      awaitOutput(worker, "'queue.process user.first-login' : " + traceId);
      awaitOutput(api, "' : " + traceId);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      var serverSpan = java.util.regex.Pattern.compile("'POST [^']*' : " + traceId + " [0-9a-f]{16} SERVER[^\n]*"
          + "url.path=/auth/login");
      while (!serverSpan.matcher(api.output()).find()) {
        assertThat(System.nanoTime()).as("HTTP server span of the login:%n%s", api.output()).isLessThan(until);
        Thread.sleep(100);
      }
      String apiSpans = api.output();
      assertThat(apiSpans).as("JDBC span").containsPattern("'UPDATE [a-z0-9_]+\\.users' : " + traceId);
      assertThat(apiSpans).as("outbox insert span").containsPattern("'INSERT [a-z0-9_]+\\.outbox' : " + traceId);
      assertThat(apiSpans).as("Redis span (publish)").contains("'EVAL' : " + traceId);
      assertThat(apiSpans).as("trace id in the log lines").contains("trace=" + traceId);
      assertThat(worker.output()).as("the job's own database work joins the trace")
          .containsPattern("'SELECT [a-z0-9_]+\\.campaigns' : " + traceId);
    } finally {
      for (Child c : children) {
        c.process().destroy();
        c.process().waitFor(20, TimeUnit.SECONDS);
        c.process().destroyForcibly();
        Files.deleteIfExists(c.log());
      }
    }
  }
}
