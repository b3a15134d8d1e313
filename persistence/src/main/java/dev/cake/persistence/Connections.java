package dev.cake.persistence;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import redis.clients.jedis.RedisClient;

/** The process's pools of PostgreSQL and Redis connections, closed once at shutdown after the work has stopped. */
@Singleton
public final class Connections implements AutoCloseable {
  private final HikariDataSource database;
  private final RedisClient redis;

  @Inject
  public Connections(HikariDataSource database, RedisClient redis) {
    this.database = database;
    this.redis = redis;
  }

  @Override
  public void close() {
    redis.close();
    database.close();
  }
}
