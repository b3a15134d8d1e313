package dev.cake.persistence.redis.queue;

import dev.cake.core.event.WorkQueue;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ListDirection;

/**
 * The consumer side of the reliable queue ({@link QueueKeys}): take, ack, retry, postpone, fail, and the workers'
 * registry. Every move between two keys is one Lua script.
 */
@Singleton
public final class RedisWorkQueue implements WorkQueue {
  private static final String ACK = """
      if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then redis.call('INCR', KEYS[2]) return 1 end
      return 0""";
  private static final String MOVE_TO_DELAYED = """
      if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2]) return 1 end
      return 0""";
  private static final String MOVE_TO_FAILED = """
      if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then redis.call('LPUSH', KEYS[2], ARGV[2]) return 1 end
      return 0""";
  private static final String PROMOTE_DUE = """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
      for _, raw in ipairs(due) do
        if redis.call('ZREM', KEYS[1], raw) > 0 then redis.call('LPUSH', KEYS[2], raw) end
      end
      return #due""";
  private static final String REQUEUE_ALL = """
      local n = 0
      while redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT') do n = n + 1 end
      return n""";

  private final RedisClient redis;
  private final QueueKeys keys;
  private final EnvelopeCodec codec;
  private final Clock clock;

  @Inject
  public RedisWorkQueue(RedisClient redis, QueueKeys keys, EnvelopeCodec codec, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.codec = codec;
    this.clock = clock;
  }

  @Override
  public Delivery take(String workerId, Duration timeout) {
    String raw = redis.blmove(keys.waiting(), keys.processing(workerId), ListDirection.RIGHT, ListDirection.LEFT,
        timeout.toMillis() / 1000.0);
    if (raw == null) return null;
    return codec.decode(raw);
  }

  @Override
  public void ack(String workerId, Delivery delivery) {
    redis.eval(ACK, List.of(keys.processing(workerId), keys.completed()), List.of(delivery.receipt()));
  }

  @Override
  public void retryLater(String workerId, Delivery delivery, String error, Duration delay) {
    String raw = codec.encode(delivery.event().withAttempts(delivery.event().attempts() + 1), error);
    long due = clock.millis() + delay.toMillis();
    redis.eval(MOVE_TO_DELAYED, List.of(keys.processing(workerId), keys.delayed()),
        List.of(delivery.receipt(), raw, Long.toString(due)));
  }

  @Override
  public void postpone(String workerId, Delivery delivery, Duration delay) {
    long due = clock.millis() + delay.toMillis();
    redis.eval(MOVE_TO_DELAYED, List.of(keys.processing(workerId), keys.delayed()),
        List.of(delivery.receipt(), delivery.receipt(), Long.toString(due)));
  }

  @Override
  public void fail(String workerId, Delivery delivery, String reason) {
    redis.eval(MOVE_TO_FAILED, List.of(keys.processing(workerId), keys.failed()),
        List.of(delivery.receipt(), codec.failed(delivery, reason)));
  }

  @Override
  public long promoteDue() {
    return (Long) redis.eval(PROMOTE_DUE, List.of(keys.delayed(), keys.waiting()),
        List.of(Long.toString(clock.millis())));
  }

  @Override
  public void heartbeat(String workerId, Duration ttl) {
    redis.sadd(keys.workers(), workerId);
    redis.psetex(keys.heartbeat(workerId), ttl.toMillis(), clock.instant().toString());
  }

  @Override
  public void unregister(String workerId) {
    redis.eval(REQUEUE_ALL, List.of(keys.processing(workerId), keys.waiting()), List.of());
    redis.del(keys.heartbeat(workerId));
    redis.srem(keys.workers(), workerId);
  }

  @Override
  public long reapDeadWorkers() {
    long moved = 0;
    for (String worker : redis.smembers(keys.workers())) {
      if (redis.exists(keys.heartbeat(worker))) continue;
      moved += (Long) redis.eval(REQUEUE_ALL, List.of(keys.processing(worker), keys.waiting()), List.of());
      redis.srem(keys.workers(), worker);
    }
    return moved;
  }
}
