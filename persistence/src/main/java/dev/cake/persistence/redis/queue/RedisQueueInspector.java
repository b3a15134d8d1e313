package dev.cake.persistence.redis.queue;

import dev.cake.core.event.QueueInspector;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import redis.clients.jedis.RedisClient;

/** The operators' view of the reliable queue ({@link QueueKeys}): counts, and the failed list retried or dropped. */
@Singleton
public final class RedisQueueInspector implements QueueInspector {
  /** Moves at most ARGV[1] jobs, oldest first: one script call never holds Redis for the whole failed list. */
  private static final String RETRY_FAILED = """
      local n = 0
      while n < tonumber(ARGV[1]) do
        local raw = redis.call('RPOP', KEYS[1])
        if not raw then return n end
        local ok, job = pcall(cjson.decode, raw)
        if ok and type(job) == 'table' then
          job['attempts'] = 0
          job['lastError'] = nil
          job['failedAt'] = nil
          raw = cjson.encode(job)
        end
        redis.call('LPUSH', KEYS[2], raw)
        n = n + 1
      end
      return n""";
  /** UNLINK frees the list's memory in the background, so dropping a long list does not stall Redis. */
  private static final String DROP_FAILED = """
      local n = redis.call('LLEN', KEYS[1])
      if n > 0 then redis.call('UNLINK', KEYS[1]) end
      return n""";
  /** Jobs per {@link #RETRY_FAILED} call. */
  static final int RETRY_BATCH = 500;

  private final RedisClient redis;
  private final QueueKeys keys;

  @Inject
  public RedisQueueInspector(RedisClient redis, QueueKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public Counts counts() {
    long processing = 0;
    int alive = 0;
    for (String worker : redis.smembers(keys.workers())) {
      processing += redis.llen(keys.processing(worker));
      if (redis.exists(keys.heartbeat(worker))) alive++;
    }
    String completed = redis.get(keys.completed());
    return new Counts(redis.llen(keys.waiting()), processing, redis.zcard(keys.delayed()), redis.llen(keys.failed()),
        completed == null ? 0 : Long.parseLong(completed), alive);
  }

  /**
   * Moves the failed jobs back to the waiting list in batches of {@link #RETRY_BATCH}, at most as many as were failed
   * when it began (a job failing again meanwhile waits for the next retry).
   */
  @Override
  public long retryFailed() {
    long limit = redis.llen(keys.failed());
    long moved = 0;
    while (moved < limit) {
      long batch = Math.min(RETRY_BATCH, limit - moved);
      long n = (Long) redis.eval(RETRY_FAILED, List.of(keys.failed(), keys.waiting()), List.of(Long.toString(batch)));
      moved += n;
      if (n < batch) break;
    }
    return moved;
  }

  @Override
  public long dropFailed() {
    return (Long) redis.eval(DROP_FAILED, List.of(keys.failed()), List.of());
  }
}
