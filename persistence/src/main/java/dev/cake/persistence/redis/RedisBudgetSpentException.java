package dev.cake.persistence.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The request has spent its {@link RedisBudget}: the call was not sent. A connection-level failure for the caller
 * (Redis is as good as down for this request), never counted by the breaker (Redis was not asked).
 */
public final class RedisBudgetSpentException extends JedisConnectionException {
  public RedisBudgetSpentException() {
    super("this request's Redis time budget is spent");
  }
}
