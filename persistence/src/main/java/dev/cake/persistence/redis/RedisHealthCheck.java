package dev.cake.persistence.redis;

import dev.cake.core.health.HealthCheck;
import jakarta.inject.Inject;
import redis.clients.jedis.RedisClient;

/** One {@code PING}. */
public final class RedisHealthCheck implements HealthCheck {
  private final RedisClient redis;

  @Inject
  public RedisHealthCheck(RedisClient redis) {
    this.redis = redis;
  }

  @Override
  public String name() {
    return "cache";
  }

  @Override
  public boolean requiredForReadiness() {
    return false;
  }

  @Override
  public Result check() {
    try {
      String pong = redis.ping();
      return "PONG".equalsIgnoreCase(pong) ? Result.up("redis reachable") : Result.down("redis answered " + pong);
    } catch (RuntimeException e) {
      return Result.down("redis unreachable: " + e.getClass().getSimpleName());
    }
  }
}
