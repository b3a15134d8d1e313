package dev.cake.workers;

import dev.cake.core.config.EnvironmentReader;
import java.time.Duration;

/**
 * The worker process: consumers per process, attempts before the failed list, the first retry delay (doubling
 * each time), the heartbeat lifetime after which a silent worker's jobs go back to the queue, how long an outbox
 * row may stay unpublished before the relay takes it, how long a published row may stay unprocessed before the
 * relay publishes it again (Redis lost it), how old a pending top-up must be before recovery settles it, how
 * long Idempotency-Keys are kept, and how long the jobs in hand may take to finish on SIGTERM (the same
 * {@code CAKE_SHUTDOWN_TIMEOUT} the API reads for its in-flight requests).
 */
public record WorkerSettings(int consumers, int maxAttempts, Duration backoffBase, Duration heartbeatTtl,
                             Duration relayAfter, Duration redeliverAfter, Duration settleAfter,
                             Duration idempotencyTtl, Duration shutdownTimeout) {

  public static WorkerSettings read(EnvironmentReader r) {
    return new WorkerSettings(
        r.integer("CAKE_WORKER_CONSUMERS", 4, 1, 256),
        r.integer("CAKE_QUEUE_MAX_ATTEMPTS", 5, 1, 100),
        r.duration("CAKE_QUEUE_BACKOFF", "1s"),
        r.duration("CAKE_WORKER_HEARTBEAT_TTL", "10s"),
        r.duration("CAKE_OUTBOX_RELAY_AFTER", "5s"),
        r.duration("CAKE_OUTBOX_REDELIVER_AFTER", "30s"),
        r.duration("CAKE_TOPUP_SETTLE_AFTER", "2m"),
        r.duration("CAKE_IDEMPOTENCY_TTL", "24h"),
        r.duration("CAKE_SHUTDOWN_TIMEOUT", "10s"));
  }
}
