package dev.cake.workers;

import dev.cake.persistence.Failures;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What becomes of a job whose handler threw: a dependency that is down postpones it without using an attempt; a
 * failure of the job itself is retried with exponential backoff until the last attempt, then goes to the failed list.
 */
public final class RetryPolicy {
  static final Duration POSTPONE = Duration.ofSeconds(2);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final WorkerSettings settings;
  private final DoubleSupplier random;

  @Inject
  public RetryPolicy(WorkerSettings settings) {
    this(settings, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** {@code random}: uniform in [0, 1), the jitter's source (a fixed one in tests). */
  RetryPolicy(WorkerSettings settings, DoubleSupplier random) {
    this.settings = settings;
    this.random = random;
  }

  public sealed interface Outcome {
    /** A dependency was unavailable: not the job's fault. */
    record Postpone(Duration delay) implements Outcome {}

    record Retry(int attempt, Duration delay) implements Outcome {}

    record GiveUp(int attempts) implements Outcome {}
  }

  /** {@code attemptsBefore}: failed handlings before this one. */
  public Outcome after(Throwable failure, int attemptsBefore) {
    if (Failures.classify(failure).isTransient()) return new Outcome.Postpone(POSTPONE);
    int attempt = attemptsBefore + 1;
    if (attempt >= settings.maxAttempts()) return new Outcome.GiveUp(attempt);
    return new Outcome.Retry(attempt, backoff(attempt));
  }

  public int maxAttempts() {
    return settings.maxAttempts();
  }

  /** base × 2^(attempt-1), at most five minutes, with ±20 % jitter so retries do not march in step. */
  Duration backoff(int attempt) {
    long base = settings.backoffBase().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    double jitter = 0.8 + random.getAsDouble() * 0.4;
    return Duration.ofMillis((long) (capped * jitter));
  }
}
