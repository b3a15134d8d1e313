package dev.cake.http;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value computed at most once per {@code maxAge} however many requests ask for it: the first caller after it
 * ages recomputes it while the others wait for that result instead of computing it too. No caller is ever given
 * a value computed longer than {@code maxAge} before it asked (plus the time of the computation it waited for).
 * Used for answers many clients poll (the campaign list, health), kept as ready JSON bytes.
 */
public final class Reused<T> {
  private record Snapshot<T>(T value, long computedAt) {}

  private final long maxAgeNanos;
  private final ReentrantLock computing = new ReentrantLock();
  private volatile Snapshot<T> snapshot;
  /** Moved by {@link #invalidate()}: a computation that started before it does not keep its result. */
  private volatile long generation;

  public Reused(Duration maxAge) {
    this.maxAgeNanos = maxAge.toNanos();
  }

  public T get(Supplier<T> compute) {
    Snapshot<T> current = snapshot;
    if (fresh(current)) return current.value();
    computing.lock();
    try {
      current = snapshot;
      if (fresh(current)) return current.value();
      long startedGeneration = generation;
      long started = System.nanoTime();
      T value = compute.get();
      if (generation == startedGeneration) snapshot = new Snapshot<>(value, started);
      return value;
    } finally {
      computing.unlock();
    }
  }

  /** The next {@link #get} computes afresh (after a change the cached value does not show). */
  public void invalidate() {
    generation++;
    snapshot = null;
  }

  private boolean fresh(Snapshot<T> s) {
    return s != null && System.nanoTime() - s.computedAt() < maxAgeNanos;
  }
}
