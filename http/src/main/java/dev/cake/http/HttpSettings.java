package dev.cake.http;

import dev.cake.core.config.EnvironmentReader;
import java.time.Duration;

/**
 * The API process's own settings. {@code drainDelay}: how long readiness answers 503 before the server stops
 * accepting, so load balancers take the instance out first; {@code shutdownTimeout}: how long in-flight requests may
 * take to finish; {@code healthTimeout}: the longest wait for one health check; {@code migrateOnStart}: run the
 * database migrations before listening.
 */
public record HttpSettings(int port, int maxConcurrency, int acceptQueueSize, Duration drainDelay,
                           Duration shutdownTimeout, Duration healthTimeout, boolean migrateOnStart) {

  public static HttpSettings read(EnvironmentReader r) {
    return new HttpSettings(
        r.integer("PORT", 3000, 0, 65535),
        r.integer("CAKE_HTTP_MAX_CONCURRENCY", 4096, 16, 1_000_000),
        r.integer("CAKE_HTTP_ACCEPT_QUEUE", 4096, 50, 65535),
        r.durationOrZero("CAKE_SHUTDOWN_DRAIN", "1s", "a duration such as 0s, 1s or 500ms"),
        r.duration("CAKE_SHUTDOWN_TIMEOUT", "10s"),
        r.duration("CAKE_HEALTH_TIMEOUT", "1s"),
        r.bool("CAKE_MIGRATE_ON_START", false));
  }
}
