package dev.cake.persistence.redis;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.cake.persistence.PersistenceSettings.RedisSettings;
import dev.cake.process.Managed;
import jakarta.inject.Singleton;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.providers.PooledConnectionProvider;

/** The shared Redis client (Jedis 8) and the key namespace. */
@Module
public interface RedisModule {
  @Provides
  @Singleton
  static RedisBreaker redisBreaker(RedisSettings settings) {
    return new RedisBreaker(settings.breaker());
  }

  /** A client with a breaker of its own (tests and tools that build the client without the graph). */
  static RedisClient redisClient(RedisSettings settings) {
    return redisClient(settings, new RedisBreaker(settings.breaker()));
  }

  /** The client, opened by its owner {@link RedisConnections} (which the lifecycle closes). */
  @Provides
  static RedisClient client(RedisConnections connections) {
    return connections.open();
  }

  @Binds
  @IntoSet
  Managed redisConnections(RedisConnections connections);

  /**
   * A new client. Every command goes through the {@link RedisBreaker} (pub/sub and pipelines, which take a
   * connection directly, do not: the app's only subscription reconnects on its own).
   */
  static RedisClient redisClient(RedisSettings settings, RedisBreaker breaker) {
    var uri = settings.uri();
    var clientConfig = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) settings.timeout().toMillis())
        .socketTimeoutMillis((int) settings.timeout().toMillis())
        .database(database(uri.getPath()))
        .clientName("cake")
        .ssl("rediss".equals(uri.getScheme()));
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      if (parts.length == 2) {
        if (!parts[0].isEmpty()) clientConfig.user(parts[0]);
        clientConfig.password(parts[1]);
      } else {
        clientConfig.password(parts[0]);
      }
    }
    // Jedis' pool waits forever by default; a finite wait turns saturation into a fast error.
    var pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.poolSize());
    pool.setMaxIdle(settings.poolSize());
    pool.setMinIdle(Math.min(2, settings.poolSize()));
    pool.setMaxWait(settings.poolWait());
    pool.setFairness(true);
    pool.setTestWhileIdle(true);
    pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    var address = new HostAndPort(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
    var config = clientConfig.build();
    var connections = new PooledConnectionProvider(address, config, pool);
    return RedisClient.builder()
        .hostAndPort(address)
        .clientConfig(config)
        .connectionProvider(connections)
        .commandExecutor(new BreakerCommandExecutor(connections, breaker))
        .build();
  }

  @Provides
  static RedisKeys keys(RedisSettings settings) {
    return new RedisKeys(settings.keyPrefix());
  }

  private static int database(String path) {
    if (path == null || path.length() <= 1) return 0;
    return Integer.parseInt(path.substring(1));
  }
}
