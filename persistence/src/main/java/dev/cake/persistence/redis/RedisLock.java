package dev.cake.persistence.redis;

import dev.cake.core.event.Lease;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * A lease for work that one process at a time should do (scheduled jobs across several workers): {@code SET NX PX}.
 * The lease is never released early; it expires after {@code ttl}, which is the job's interval.
 */
@Singleton
public final class RedisLock implements Lease {
  private final RedisClient redis;
  private final RedisKeys keys;

  @Inject
  public RedisLock(RedisClient redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public boolean tryAcquire(String name, String owner, Duration ttl) {
    return "OK".equals(redis.set(keys.key("lock:" + name), owner, SetParams.setParams().nx().px(ttl.toMillis())));
  }
}
