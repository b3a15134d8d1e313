package dev.cake.http;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A value computed at most once per {@code maxAge} however many requests ask for it: the first caller after it
 * ages recomputes it while the others wait for that result instead of computing it too. No caller is ever given
 * a value computed longer than {@code maxAge} before it asked (plus the time of the computation it waited for).
 * Used for answers many clients poll (the campaign list, health), kept as ready JSON bytes.
 *
 * <p>A one-entry Caffeine {@link AsyncCache}: the computation is registered in the cache (so the others wait for it)
 * and runs on the caller's thread; its age counts from when it started; an {@link #invalidate()} while it runs
 * drops it from the cache. The cache owns no thread: its upkeep runs in passing on the callers.
 */
public final class Reused<T> {
  private static final Boolean ONLY = Boolean.TRUE;

  private record Stamped<T>(T value, long startedNanos) {}

  private final Ticker ticker;
  private final AsyncCache<Boolean, Stamped<T>> latest;

  public Reused(Duration maxAge) {
    this(maxAge, Ticker.systemTicker());
  }

  /** {@code ticker}: the clock ages are measured with (a test's own). */
  Reused(Duration maxAge, Ticker ticker) {
    this.ticker = ticker;
    this.latest = Caffeine.newBuilder()
        .ticker(ticker)
        .executor(Runnable::run)
        .expireAfter(new AgedFromStart<T>(maxAge.toNanos()))
        .buildAsync();
  }

  public T get(Supplier<T> compute) {
    CompletableFuture<Stamped<T>> current = latest.getIfPresent(ONLY);
    if (current != null && current.isDone()) {
      Stamped<T> fresh = current.getNow(null); // never failed: a failed computation completes with null
      if (fresh != null) return fresh.value();
    }
    while (true) {
      var mine = new CompletableFuture<Stamped<T>>();
      CompletableFuture<Stamped<T>> shared = latest.get(ONLY, (key, upkeep) -> mine);
      if (shared == mine) return computeInto(mine, compute);
      Stamped<T> computed = shared.join();
      if (computed != null) return computed.value();
      // the computation waited for failed: take part in the next one (or run it)
    }
  }

  /** The next {@link #get} computes afresh (after a change the cached value does not show). */
  public void invalidate() {
    latest.synchronous().invalidate(ONLY);
  }

  /**
   * Runs the computation this caller registered. A failure completes it with null (Caffeine drops it without
   * logging, and the callers waiting for it retry) and is thrown to this caller.
   */
  private T computeInto(CompletableFuture<Stamped<T>> mine, Supplier<T> compute) {
    Stamped<T> computed = null;
    try {
      long started = ticker.read();
      computed = new Stamped<>(compute.get(), started);
      return computed.value();
    } finally {
      mine.complete(computed);
    }
  }

  /** A value expires {@code maxAge} after its computation started, not after it ended. */
  private record AgedFromStart<T>(long maxAgeNanos) implements Expiry<Boolean, Stamped<T>> {
    @Override
    public long expireAfterCreate(Boolean key, Stamped<T> value, long currentTime) {
      return Math.max(0, maxAgeNanos - (currentTime - value.startedNanos()));
    }

    @Override
    public long expireAfterUpdate(Boolean key, Stamped<T> value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(Boolean key, Stamped<T> value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
