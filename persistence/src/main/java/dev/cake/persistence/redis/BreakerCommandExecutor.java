package dev.cake.persistence.redis;

import redis.clients.jedis.CommandObject;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * Runs every command of the shared Redis client through the {@link RedisBreaker}: while it is open a command fails at
 * once with {@link RedisBreakerOpenException} instead of waiting for its timeout. A blocking command ({@code BLMOVE}
 * with its own timeout) waits on purpose, so its duration never counts as slow; its failures still count.
 */
public final class BreakerCommandExecutor implements CommandExecutor {
  private final CommandExecutor delegate;
  private final RedisBreaker breaker;

  public BreakerCommandExecutor(CommandExecutor delegate, RedisBreaker breaker) {
    this.delegate = delegate;
    this.breaker = breaker;
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    if (!breaker.tryAcquire()) throw breaker.refused();
    boolean blocking = command.getArguments().isBlocking();
    long start = System.nanoTime();
    try {
      T result = delegate.executeCommand(command);
      breaker.succeeded(blocking ? 0 : System.nanoTime() - start);
      return result;
    } catch (RuntimeException | Error e) {
      breaker.failed(blocking ? 0 : System.nanoTime() - start, e);
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      delegate.close();
    } finally {
      breaker.close();
    }
  }
}
