package dev.cake.persistence.redis;

import dev.cake.core.limits.RateLimiter;
import dev.cake.logging.ThrottledWarning;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Token buckets in Redis, one small Lua script per take: the refill, the check and the take happen in one atomic
 * step on the server, so concurrent takes never hand out more tokens than the bucket holds, and a burst on one
 * bucket costs one round trip per request (Bucket4j's compare-and-swap retried every loser: 150 logins at once on
 * one account cost thousands of Redis calls and seconds for the last 429). Same semantics as Bucket4j's greedy
 * refill: {@code capacity} tokens refilled evenly over {@code period}. Fails open when Redis is down.
 */
@Singleton
public final class RedisRateLimiter implements RateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

  /**
   * KEYS[1] the bucket; ARGV capacity, period in ms, delta (1 takes, -1 gives back). Returns 0 when taken (or given
   * back), else the milliseconds until a token is back. The clock is Redis's own, shared by every replica.
   */
  private static final String TAKE = """
      local capacity = tonumber(ARGV[1])
      local period = tonumber(ARGV[2])
      local delta = tonumber(ARGV[3])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(state[1]) or capacity
      local at = tonumber(state[2]) or now
      if now > at then tokens = math.min(capacity, tokens + (now - at) * capacity / period) end
      local wait = 0
      if delta > 0 then
        if tokens >= delta then tokens = tokens - delta else wait = math.ceil((delta - tokens) * period / capacity) end
      else
        tokens = math.min(capacity, tokens - delta)
      end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
      redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * period / capacity) + 10000)
      return wait""";

  private final RedisClient redis;
  private final RedisKeys keys;
  private final ThrottledWarning unavailable = new ThrottledWarning(log, "rate limiter unavailable, allowing: {}");

  @Inject
  public RedisRateLimiter(RedisClient redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /**
   * Redis unreachable, timing out or behind an open breaker: allowed (logins keep working on PostgreSQL alone). No
   * pooled connection free in time is not an outage but our own saturation, which a burst can cause on purpose:
   * that one is not allowed through but rethrown (503).
   */
  @Override
  public Optional<Duration> take(Limit limit, String key) {
    try {
      long waitMillis = run(limit, key, 1);
      return waitMillis <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(waitMillis));
    } catch (JedisConnectionException e) {
      unavailable.warn(e);
      return Optional.empty();
    } catch (JedisException e) {
      if (e.getCause() instanceof NoSuchElementException) throw e;
      unavailable.warn(e);
      return Optional.empty();
    }
  }

  @Override
  public void refund(Limit limit, String key) {
    try {
      run(limit, key, -1);
    } catch (RuntimeException e) {
      unavailable.warn(e);
    }
  }

  private long run(Limit limit, String key, int delta) {
    // the limit itself is part of the key: changing a limit starts fresh buckets instead of reusing old ones
    String id = keys.key("rate:" + limit.name() + ":" + limit.capacity() + "/" + limit.period().toSeconds() + "s:" + key);
    Object wait = redis.eval(TAKE, List.of(id), List.of(Integer.toString(limit.capacity()),
        Long.toString(limit.period().toMillis()), Integer.toString(delta)));
    return ((Number) wait).longValue();
  }
}
