package dev.cake.workers.testing;

import dev.cake.persistence.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real API process ({@code ApiMain}) started as a child of the test JVM, on this run's database and Redis. */
public final class ApiProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  public final String baseUrl;

  private ApiProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /** Starts an API on a free port and waits until {@code /health/live} answers. */
  public static ApiProcess start(Map<String, String> overrides) throws IOException, InterruptedException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("cake-api", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), "dev.cake.http.ApiMain")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    var env = new HashMap<>(TestServices.get().environment());
    env.putAll(Map.of("PORT", Integer.toString(port), "CAKE_BCRYPT_COST", "4", "CAKE_RATE_LIMITS", "off",
        "CAKE_PAYMENT_LATENCY_MS", "0", "CAKE_SHUTDOWN_DRAIN", "0s"));
    env.putAll(overrides);
    builder.environment().putAll(env);
    var api = new ApiProcess(builder.start(), log, port);
    var client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!api.process.isAlive()) throw new IllegalStateException("API died:\n" + api.output());
      try {
        var r = client.send(HttpRequest.newBuilder(URI.create(api.baseUrl + "/health/live"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return api;
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) throw new IllegalStateException("API did not start:\n" + api.output());
      Thread.sleep(100);
    }
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
