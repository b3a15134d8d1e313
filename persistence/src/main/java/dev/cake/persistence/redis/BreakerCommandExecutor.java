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
 *
 * <p>A call that fails at the connection level (a timeout, a refused or broken connection) spends the calling
 * request's {@link RedisBudget} with the time it took; the next calls' socket timeouts are cut to what is left, and a
 * request with nothing left fails its Redis calls at once. Calls that succeed spend nothing, however long they took:
 * under a burst on a busy machine a call is slow because our threads wait for a core, and turning that into failures
 * let the abuse limits through (LoginAbuseTest). Nor does the wait for a pooled connection (our own queue).
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
    long budget = RedisBudget.leftNanos();
    if (budget <= 0) throw new RedisBudgetSpentException();
    if (!breaker.tryAcquire()) throw breaker.refused();
    long asked = System.nanoTime();
    Connection connection;
    try {
      connection = connections.getConnection(command.getArguments());
    } catch (JedisConnectionException e) {
      RedisBudget.spend(System.nanoTime() - asked); // opening a connection to Redis: Redis's time
      breaker.failed(0, e); // Redis refused or did not answer the handshake
      throw e;
    } catch (RuntimeException | Error e) {
      breaker.release(); // no pooled connection in time: our queue, not Redis (nor the request's Redis budget)
      throw e;
    }
    boolean blocking = command.getArguments().isBlocking();
    boolean recorded = false;
    long start = System.nanoTime();
    // what is left of the request's budget bounds this call's wait (never below 1 ms, never above the configured one)
    int timeout = connection.getSoTimeout();
    long left = budget;
    boolean cut = !blocking && timeout > 0 && budget != Long.MAX_VALUE && left < timeout * 1_000_000L;
    try (connection) {
      try {
        if (cut) connection.setSoTimeout((int) Math.max(1, left / 1_000_000L));
        T result = connection.executeCommand(command);
        breaker.succeeded(blocking ? 0 : System.nanoTime() - start);
        recorded = true;
        return result;
      } finally {
        if (cut && !connection.isBroken()) connection.setSoTimeout(timeout); // before it goes back to the pool
      }
    } catch (RuntimeException | Error e) {
      if (!recorded) breaker.failed(blocking ? 0 : System.nanoTime() - start, e);
      if (e instanceof JedisConnectionException) RedisBudget.spend(System.nanoTime() - start);
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
