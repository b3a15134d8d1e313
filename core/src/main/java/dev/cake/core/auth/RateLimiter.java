package dev.cake.core.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: abuse limits shared by every replica (token buckets). Implementations fail open: when the store is down,
 * everything is allowed rather than locking every user out.
 */
public interface RateLimiter {
  /** Takes one token; empty when allowed, else how long until a token is back. */
  Optional<Duration> take(Limit limit, String key);

  /** Whether a token is available, without taking it; empty when it is, else how long until one is back. */
  Optional<Duration> peek(Limit limit, String key);

  /** {@code capacity} tokens refilled over {@code period}; {@code name} namespaces the keys. */
  record Limit(String name, int capacity, Duration period) {}
}
