package dev.cake.persistence.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition instead of for a time: asks again every 20 ms until the answer is the awaited one or the
 * bound passes. The bound is generous (a slow machine passes) and the caller still asserts what it waited for (a
 * missed condition fails, never passes by default).
 */
public final class Poll {
  private static final Duration EVERY = Duration.ofMillis(20);

  private Poll() {}

  /** Asks {@code probe} until {@code done} holds for its answer or {@code bound} passes; returns the last answer. */
  public static <T> T until(Predicate<? super T> done, Supplier<T> probe, Duration bound)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    T answer = probe.get();
    while (!done.test(answer) && System.nanoTime() < deadline) {
      Thread.sleep(EVERY);
      answer = probe.get();
    }
    return answer;
  }

  /** Whether {@code condition} came true within {@code bound}. */
  public static boolean until(BooleanSupplier condition, Duration bound) throws InterruptedException {
    return until(Boolean::booleanValue, condition::getAsBoolean, bound);
  }
}
