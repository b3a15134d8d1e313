package dev.cake.persistence.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.persistence.postgres.DatabaseModule;
import dev.cake.persistence.redis.RedisModule;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.RedisClient;

/**
 * Real pools for adapter tests, built by the production providers, connected as the API role (or, with
 * {@link #asWorker()}, the worker role). Close it after the test class.
 */
public final class TestPersistence implements AutoCloseable {
  public final PersistenceSettings config;
  public final HikariDataSource dataSource;
  public final Jdbi jdbi;
  public final RedisClient redis;

  public TestPersistence() {
    this(TestServices.get().persistence());
  }

  /** Connected as the worker role (its jobs delete dead refresh tokens, which the API role may not). */
  public static TestPersistence asWorker() {
    return new TestPersistence(TestServices.get().workerPersistence());
  }

  private TestPersistence(PersistenceSettings config) {
    this.config = config;
    this.dataSource = DatabaseModule.dataSource(config.database());
    this.jdbi = DatabaseModule.jdbi(DatabaseModule.fairDataSource(dataSource, config.database()));
    this.redis = RedisModule.redisClient(config.redis());
  }

  @Override
  public void close() {
    redis.close();
    dataSource.close();
  }
}
