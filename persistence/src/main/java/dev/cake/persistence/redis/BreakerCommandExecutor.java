package dev.cake.persistence.redis;

import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Runs every command of the shared Redis client through the {@link RedisBreaker} (what Jedis' default executor does,
 * plus the breaker): while it is open a command fails at once with {@link RedisBreakerOpenException} instead of
 * waiting for its timeout.
 *
 * <p>Only Redis is judged, not our own queueing: a call's duration is measured from the moment it has a connection,
 * and a caller that found no pooled connection in time (a burst) is neither a failure nor a success. Failing to open
 * a connection is a failure. A blocking command ({@code BLMOVE} with its own timeout) waits on purpose, so its
 * duration never counts as slow; its failures do count.
 */
public final class BreakerCommandExecutor implements CommandExecutor {
  private final ConnectionProvider connections;
  private final RedisBreaker breaker;

  public BreakerCommandExecutor(ConnectionProvider connections, RedisBreaker breaker) {
    this.connections = connections;
    this.breaker = breaker;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    if (!breaker.tryAcquire()) throw breaker.refused();
    Connection connection;
    try {
      connection = connections.getConnection(command.getArguments());
    } catch (JedisConnectionException e) {
      breaker.failed(0, e); // Redis refused or did not answer the handshake
      throw e;
    } catch (RuntimeException | Error e) {
      breaker.release(); // no pooled connection in time: our queue, not Redis
      throw e;
    }
    boolean blocking = command.getArguments().isBlocking();
    boolean recorded = false;
    long start = System.nanoTime();
    try (connection) {
      T result = connection.executeCommand(command);
      breaker.succeeded(blocking ? 0 : System.nanoTime() - start);
      recorded = true;
      return result;
    } catch (RuntimeException | Error e) {
      if (!recorded) breaker.failed(blocking ? 0 : System.nanoTime() - start, e);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      connections.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not close the Redis pool", e);
    } finally {
      breaker.close();
    }
  }
}
