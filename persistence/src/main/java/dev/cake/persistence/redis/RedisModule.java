package dev.cake.persistence.redis;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.cake.persistence.PersistenceSettings.RedisSettings;
import dev.cake.persistence.PersistenceSettings.SentinelAddress;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import dev.cake.process.Managed;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;

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
        .database(SentinelAddress.isSentinel(uri) ? 0 : database(uri.getPath()))
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
    if (SentinelAddress.isSentinel(uri)) return sentineled(SentinelAddress.of(uri), settings, clientConfig, pool, breaker);
    var address = new HostAndPort(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
    var config = clientConfig.build();
    var connections = new PooledConnectionProvider(address, config, pool);
    poolGauges(connections);
    return RedisClient.builder()
        .hostAndPort(address)
        .clientConfig(config)
        .connectionProvider(connections)
        .commandExecutor(new BreakerCommandExecutor(connections, breaker))
        .build();
  }

  /**
   * The master named in a {@code redis-sentinel://} URL, found through the Sentinels (Jedis'
   * {@link SentineledConnectionProvider}): it asks them for the master's address, listens on each for
   * {@code +switch-master} and, on a failover, replaces its pool with one to the new master. Every command, the queue's
   * blocking moves and the pub/sub feed (which takes a fresh connection from the provider when it resubscribes) go to
   * whichever instance is the master now. Same client type, breaker and pool settings as a plain {@code redis://}.
   */
  private static RedisClient sentineled(SentinelAddress address, RedisSettings settings,
                                        DefaultJedisClientConfig.Builder master, ConnectionPoolConfig pool,
                                        RedisBreaker breaker) {
    var masterConfig = master.database(address.database()).user(address.user()).password(address.password()).build();
    var sentinelConfig = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) settings.timeout().toMillis())
        .socketTimeoutMillis((int) settings.timeout().toMillis())
        .clientName("cake-sentinel")
        .build();
    Set<HostAndPort> sentinels = address.sentinels().stream().map(HostAndPort::from).collect(Collectors.toSet());
    var connections = new SentineledConnectionProvider(address.master(), masterConfig, pool, sentinels, sentinelConfig);
    return RedisClient.builder()
        .clientConfig(masterConfig)
        .connectionProvider(connections)
        .commandExecutor(new BreakerCommandExecutor(connections, breaker))
        .build();
  }

  /** The Jedis pool's use as OpenTelemetry gauges (no-ops without the agent). */
  private static void poolGauges(PooledConnectionProvider connections) {
    var meter = GlobalOpenTelemetry.getMeter("dev.cake");
    var state = AttributeKey.stringKey("state");
    meter.gaugeBuilder("cake.redis.pool.connections").ofLongs().setDescription("pooled Redis connections by state")
        .buildWithCallback(m -> {
          m.record(connections.getPool().getNumActive(), Attributes.of(state, "used"));
          m.record(connections.getPool().getNumIdle(), Attributes.of(state, "idle"));
        });
    meter.gaugeBuilder("cake.redis.pool.waiters").ofLongs().setDescription("callers waiting for a pooled connection")
        .buildWithCallback(m -> m.record(connections.getPool().getNumWaiters()));
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
