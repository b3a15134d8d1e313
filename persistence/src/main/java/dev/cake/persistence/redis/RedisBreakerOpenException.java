package dev.cake.persistence.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Redis call refused at once because the circuit breaker is open (Redis failed or hung recently). A
 * {@link JedisConnectionException}, so every "Redis is down" fallback treats it exactly like Redis being down.
 */
public final class RedisBreakerOpenException extends JedisConnectionException {
  public RedisBreakerOpenException(String state) {
    super("redis circuit breaker " + state + ": call not attempted");
  }
}
