package dev.cake.core.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: abuse limits shared by every replica (token buckets). Implementations fail open: when the store is down,
 * everything is allowed rather than locking every user out.
 */
public interface RateLimiter {
  /** Takes one token; empty when allowed, else how long until a token is back. */
  Optional<Duration> take(Limit limit, String key);

  /** Gives back a token taken earlier (never above the capacity): an attempt that turned out not to count. */
  void refund(Limit limit, String key);

  /** {@code capacity} tokens refilled over {@code period}; {@code name} namespaces the keys. */
  record Limit(String name, int capacity, Duration period) {}
}
