package dev.cake.core.testing;

import dev.cake.core.limits.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RateLimiter} that allows everything and records each take and refund as "name key", in order. */
public final class RecordingRateLimiter implements RateLimiter {
  private final List<String> taken = new ArrayList<>();
  private final List<String> refunded = new ArrayList<>();

  public synchronized List<String> taken() {
    return List.copyOf(taken);
  }

  public synchronized List<String> refunded() {
    return List.copyOf(refunded);
  }

  @Override
  public synchronized Optional<Duration> take(Limit limit, String key) {
    taken.add(limit.name() + " " + key);
    return Optional.empty();
  }

  @Override
  public synchronized void refund(Limit limit, String key) {
    refunded.add(limit.name() + " " + key);
  }
}
