package dev.cake.persistence.redis.queue;

import dev.cake.core.event.Event;
import dev.cake.core.event.EventQueue;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import redis.clients.jedis.RedisClient;

/** The producer side of the reliable queue ({@link QueueKeys}): enqueues an outbox event once. */
@Singleton
public final class RedisEventQueue implements EventQueue {
  /** Enqueues an outbox event once: a marker per outbox id makes a re-publish (the relay racing the API) a no-op. */
  private static final String PUSH_ONCE = """
      if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then redis.call('LPUSH', KEYS[1], ARGV[1]) return 1 end
      return 0""";
  private static final long PUBLISHED_MARKER_SECONDS = 7L * 24 * 3600;

  private final RedisClient redis;
  private final QueueKeys keys;
  private final EnvelopeCodec codec;

  @Inject
  public RedisEventQueue(RedisClient redis, QueueKeys keys, EnvelopeCodec codec) {
    this.redis = redis;
    this.keys = keys;
    this.codec = codec;
  }

  @Override
  public boolean push(Event event) {
    String marker = keys.published(event.id(), event.enqueuedAt().toEpochMilli());
    Object pushed = redis.eval(PUSH_ONCE, List.of(keys.waiting(), marker),
        List.of(codec.encode(event, null), Long.toString(PUBLISHED_MARKER_SECONDS)));
    return Long.valueOf(1).equals(pushed);
  }
}
