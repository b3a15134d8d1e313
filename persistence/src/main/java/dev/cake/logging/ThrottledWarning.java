package dev.cake.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning written at most once a second, with how many like it were left out since: a fallback taken by
 * thousands of requests at once (Redis pool exhausted, Redis down) says so in one line a second, not thousands.
 */
public final class ThrottledWarning {
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Logger log;
  private final String message;
  private final AtomicLong lastAt = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
  private final AtomicLong skipped = new AtomicLong();

  /** {@code message} takes one argument: the cause. */
  public ThrottledWarning(Logger log, String message) {
    this.log = log;
    this.message = message;
  }

  public void warn(Throwable cause) {
    long now = System.nanoTime();
    long last = lastAt.get();
    if (now - last < INTERVAL_NANOS || !lastAt.compareAndSet(last, now)) {
      skipped.incrementAndGet();
      return;
    }
    long more = skipped.getAndSet(0);
    if (more == 0) {
      log.warn(message, cause.toString());
    } else {
      log.warn(message + " ({} more like this in the last second)", cause.toString(), more);
    }
  }
}
