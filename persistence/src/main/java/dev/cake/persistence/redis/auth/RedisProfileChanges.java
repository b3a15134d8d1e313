package dev.cake.persistence.redis.auth;

import dev.cake.core.auth.ProfileChanges;
import dev.cake.persistence.redis.RedisKeys;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * Profile invalidations over Redis pub/sub ({@code profile:changes}, published atomically with each invalidation).
 * One daemon thread holds the subscription and reconnects after a second when it drops; every drop is a gap.
 */
@Singleton
public final class RedisProfileChanges implements ProfileChanges {
  static final String CHANNEL = "profile:changes";
  private static final Logger log = LoggerFactory.getLogger(RedisProfileChanges.class);

  private final RedisClient redis;
  private final String channel;
  private volatile boolean live;

  @Inject
  public RedisProfileChanges(RedisClient redis, RedisKeys keys) {
    this.redis = redis;
    this.channel = keys.key(CHANNEL);
  }

  @Override
  public boolean live() {
    return live;
  }

  @Override
  public void subscribe(LongConsumer onChange, Runnable onGap) {
    var listener = new JedisPubSub() {
      @Override
      public void onSubscribe(String subscribed, int count) {
        onGap.run(); // anything cached before the subscription may have missed changes
        live = true;
      }

      @Override
      public void onMessage(String from, String message) {
        try {
          onChange.accept(Long.parseLong(message));
        } catch (NumberFormatException e) {
          log.warn("ignoring malformed profile change '{}'", message);
        }
      }
    };
    Thread.ofPlatform().daemon().name("profile-changes").start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          redis.subscribe(listener, channel); // blocks while subscribed
        } catch (RuntimeException e) {
          if (live) log.warn("profile change feed lost, near cache off until it is back: {}", e.toString());
        }
        live = false;
        onGap.run();
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }
}
