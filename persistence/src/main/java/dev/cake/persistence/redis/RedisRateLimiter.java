package dev.cake.persistence.redis;

import dev.cake.core.auth.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Token buckets in Redis with Bucket4j: a take is one compare-and-swap on the bucket's key, so concurrent takes
 * never hand out more tokens than the bucket holds. Fails open when Redis is down.
 */
@Singleton
public final class RedisRateLimiter implements RateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

  private final ProxyManager<String> buckets;
  private final RedisKeys keys;
  private final ThrottledWarning unavailable = new ThrottledWarning(log, "rate limiter unavailable, allowing: {}");

  @Inject
  public RedisRateLimiter(RedisClient redis, RedisKeys keys) {
    this.keys = keys;
    this.buckets = Bucket4jJedis.casBasedBuilder(redis)
        .keyMapper(Mapper.STRING)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
            Duration.ofSeconds(10)))
        .build();
  }

  @Override
  public Optional<Duration> take(Limit limit, String key) {
    try {
      var probe = bucket(limit, key).tryConsumeAndReturnRemaining(1);
      return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    } catch (RuntimeException e) {
      unavailable.warn(e);
      return Optional.empty();
    }
  }

  @Override
  public void refund(Limit limit, String key) {
    try {
      bucket(limit, key).addTokens(1);
    } catch (RuntimeException e) {
      unavailable.warn(e);
    }
  }

  private io.github.bucket4j.distributed.BucketProxy bucket(Limit limit, String key) {
    // the limit itself is part of the key: changing a limit starts fresh buckets instead of reusing old ones
    String id = keys.key("rate:" + limit.name() + ":" + limit.capacity() + "/" + limit.period().toSeconds() + "s:" + key);
    return buckets.builder().build(id, () -> BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period())
            .build())
        .build());
  }
}
