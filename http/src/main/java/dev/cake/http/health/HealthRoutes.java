package dev.cake.http.health;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.health.HealthCheck;
import dev.cake.http.Access;
import dev.cake.http.HttpSettings;
import dev.cake.http.Reused;
import dev.cake.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GET / (the original's "Hello World!"), /health (every check in the original's shape, with details; 503 when a
 * dependency is down), /health/live (the process answers),
 * /health/ready (what the instance needs to serve: PostgreSQL; 503 while shutting down).
 */
public final class HealthRoutes implements Routes {
  private static final String VERSION = versionOf();
  private static final long STARTED = System.nanoTime();

  /** A result may be reused this long: load balancers and monitors polling hard cost one round of checks a second. */
  private static final Duration REUSE = Duration.ofSeconds(1);

  private final List<HealthCheck> checks;
  private final List<HealthCheck> readinessChecks;
  private final Duration timeout;
  private final Readiness readiness;
  private final ObjectMapper json;
  private final Clock clock;
  private final Reused<Answer> all = new Reused<>(REUSE);
  private final Reused<Answer> ready = new Reused<>(REUSE);

  /** A route's answer as ready JSON. */
  private record Answer(int status, byte[] body) {}

  @Inject
  public HealthRoutes(Set<HealthCheck> checks, HttpSettings settings, Readiness readiness, ObjectMapper json,
                      Clock clock) {
    this.checks = checks.stream().sorted(java.util.Comparator.comparing(HealthCheck::name)).toList();
    this.readinessChecks = this.checks.stream().filter(HealthCheck::requiredForReadiness).toList();
    this.timeout = settings.healthTimeout();
    this.readiness = readiness;
    this.json = json;
    this.clock = clock;
  }

  /**
   * The original's fields ({@code checks} as "healthy", "unhealthy" or, for memory, "warning"; {@code memory} in MB;
   * {@code uptime} in seconds; {@code responseTime} in ms) and ours beside them: each check's {@code details}.
   */
  public record Report(String status, Instant timestamp, double uptime, long responseTime,
                       Map<String, String> checks, Memory memory, String version,
                       Map<String, CheckResult> details) {}

  /** Heap used and committed, and non-heap used, in MB. */
  public record Memory(long used, long total, long external) {
    static Memory now() {
      Runtime rt = Runtime.getRuntime();
      long nonHeap = java.lang.management.ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
      return new Memory((rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20, nonHeap >> 20);
    }
  }

  /** {@code fields}: a check's extra facts, written beside the others (the cache's {@code breaker}). */
  public record CheckResult(String status, String detail, long durationMs,
                            @JsonAnyGetter Map<String, String> fields) {
    public CheckResult(String status, String detail, long durationMs) {
      this(status, detail, durationMs, Map.of());
    }
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/", ctx -> ctx.contentType("text/plain; charset=utf-8").result("Hello World!"), Access.ANYONE);
    routes.get("/health", ctx -> respond(ctx, recent(all, checks)), Access.ANYONE);
    routes.get("/health/live", ctx -> ctx.json(Map.of("status", "alive")), Access.ANYONE);
    routes.get("/health/ready", ctx -> {
      if (!readiness.isReady()) {
        ctx.status(503).json(Map.of("status", "shutting down"));
        return;
      }
      respond(ctx, recent(ready, readinessChecks));
    }, Access.ANYONE);
  }

  private static void respond(Context ctx, Answer answer) {
    ctx.status(answer.status()).contentType("application/json").result(answer.body());
  }

  /** The checks' answer, reused for up to a second: one caller runs them while the others wait for its result. */
  private Answer recent(Reused<Answer> reused, List<HealthCheck> selected) {
    return reused.get(() -> {
      Report report = run(selected);
      try {
        return new Answer(report.status().equals("healthy") ? 200 : 503, json.writeValueAsBytes(report));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Runs every check at once, each bounded by the timeout; a check that does not answer in time is down. */
  private Report run(List<HealthCheck> selected) {
    long began = System.nanoTime();
    Map<String, CheckResult> results = new LinkedHashMap<>();
    Map<String, String> summary = new LinkedHashMap<>();
    boolean healthy = true;
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<CheckResult>> futures = new ArrayList<>();
      for (HealthCheck check : selected) {
        futures.add(executor.submit(() -> {
          long start = System.nanoTime();
          HealthCheck.Result r = check.check();
          return new CheckResult(r.healthy() ? "up" : "down", r.detail(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), r.fields());
        }));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      for (int i = 0; i < selected.size(); i++) {
        CheckResult result;
        try {
          result = futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          futures.get(i).cancel(true);
          result = new CheckResult("down", "no answer within " + timeout.toMillis() + " ms", timeout.toMillis());
        } catch (ExecutionException e) {
          result = new CheckResult("down", "check failed: " + e.getCause().getClass().getSimpleName(), 0);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          result = new CheckResult("down", "interrupted", 0);
        }
        HealthCheck check = selected.get(i);
        boolean up = result.status().equals("up");
        if (check.critical()) healthy &= up;
        summary.put(check.name(), up ? "healthy" : check.critical() ? "unhealthy" : "warning");
        results.put(check.name(), result);
      }
      executor.shutdownNow();
    }
    long now = System.nanoTime();
    return new Report(healthy ? "healthy" : "unhealthy", clock.instant().truncatedTo(ChronoUnit.MILLIS),
        (now - STARTED) / 1_000_000L / 1000.0, TimeUnit.NANOSECONDS.toMillis(now - began), summary, Memory.now(),
        VERSION, results);
  }

  private static String versionOf() {
    String v = HealthRoutes.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
