package dev.cake.persistence.redis;

import dev.cake.core.health.HealthCheck;
import jakarta.inject.Inject;
import redis.clients.jedis.RedisClient;

/**
 * One {@code PING}, through the circuit breaker like every other call: while the breaker is open the cache is down
 * (the PING fails at once), and once it is half-open the PING is one of its trial calls. Reports the breaker's state
 * in the {@code breaker} field.
 */
public final class RedisHealthCheck implements HealthCheck {
  private final RedisClient redis;
  private final RedisBreaker breaker;

  @Inject
  public RedisHealthCheck(RedisClient redis, RedisBreaker breaker) {
    this.redis = redis;
    this.breaker = breaker;
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
    Result result;
    try {
      String pong = redis.ping();
      result = "PONG".equalsIgnoreCase(pong) ? Result.up("redis reachable") : Result.down("redis answered " + pong);
    } catch (RedisBreakerOpenException e) {
      result = Result.down("redis circuit breaker open: calls fail at once until a trial call succeeds");
    } catch (RuntimeException e) {
      result = Result.down("redis unreachable: " + e.getClass().getSimpleName());
    }
    return result.with("breaker", breaker.state());
  }
}
