package dev.cake.persistence.redis;

import dev.cake.persistence.PersistenceSettings.RedisSettings;
import dev.cake.process.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import redis.clients.jedis.RedisClient;

/**
 * Owns the Redis client and its connection pool: opened at start or on first use, closed last (with the breaker's
 * gauge).
 */
@Singleton
public final class RedisConnections implements Managed {
  private final RedisSettings settings;
  private final RedisBreaker breaker;
  private RedisClient client;

  @Inject
  public RedisConnections(RedisSettings settings, RedisBreaker breaker) {
    this.settings = settings;
    this.breaker = breaker;
  }

  synchronized RedisClient open() {
    if (client == null) client = RedisModule.redisClient(settings, breaker);
    return client;
  }

  @Override
  public Stage stage() {
    return Stage.CONNECTIONS;
  }

  /** Opens it now, so the first request finds it warm. */
  @Override
  public void start() {
    open();
  }

  @Override
  public synchronized void stop() {
    if (client != null) client.close();
    client = null;
  }
}
