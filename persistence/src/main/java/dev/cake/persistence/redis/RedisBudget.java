package dev.cake.persistence.redis;

import java.time.Duration;

/**
 * One request's time budget on a hung Redis: the calls of a request that fail at the connection level (timeouts,
 * refused or broken connections) may together wait at most this long. After a failure the next call's socket timeout
 * is cut to what is left, and once nothing is left a call fails at once with {@link RedisBudgetSpentException}, which callers treat like Redis being down (they already
 * degrade: PostgreSQL is the truth). Without it a hung Redis costs every call of a request its own timeout until the
 * breaker opens (a first login into a frozen Redis took 2.06 s). The API starts a budget per request; the worker does
 * not (its calls keep their own timeouts). Per thread: a request runs on its own virtual thread.
 */
public final class RedisBudget {
  private static final ThreadLocal<long[]> LEFT = new ThreadLocal<>(); // nanoseconds left

  private RedisBudget() {}

  /** Starts this thread's budget (a new request); replaces any earlier one. Zero turns it off. */
  public static void start(Duration budget) {
    if (budget.isZero()) LEFT.remove();
    else LEFT.set(new long[] {budget.toNanos()});
  }

  public static void clear() {
    LEFT.remove();
  }

  /** Nanoseconds this thread may still wait on Redis; {@code Long.MAX_VALUE} without a budget. */
  static long leftNanos() {
    long[] left = LEFT.get();
    return left == null ? Long.MAX_VALUE : left[0];
  }

  static void spend(long nanos) {
    long[] left = LEFT.get();
    if (left != null) left[0] -= nanos;
  }
}
