package dev.cake.persistence.redis.auth;

import dev.cake.core.auth.ProfileChanges;
import dev.cake.persistence.redis.RedisKeys;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Profile invalidations over Redis pub/sub ({@code profile:changes}, published atomically with each invalidation).
 * One daemon thread holds the subscription and reconnects after a second when it drops; every drop is a gap.
 * Closing the subscription unsubscribes and ends that thread.
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
  public Subscription subscribe(LongConsumer onChange, Runnable onGap) {
    var stopped = new AtomicBoolean();
    var listener = new JedisPubSub() {
      @Override
      public void onSubscribe(String subscribed, int count) {
        if (stopped.get()) {
          unsubscribe(); // closed while this subscription was being made
          return;
        }
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
    Thread thread = Thread.ofPlatform().daemon().name("profile-changes").start(() -> {
      while (!stopped.get()) {
        try {
          redis.subscribe(listener, channel); // blocks while subscribed
        } catch (RuntimeException e) {
          if (live && !stopped.get()) {
            log.warn("profile change feed lost, near cache off until it is back: {}", e.toString());
          }
        }
        live = false;
        onGap.run();
        try {
          if (!stopped.get()) Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    return () -> {
      if (!stopped.compareAndSet(false, true)) return;
      thread.interrupt(); // ends the pause between two attempts
      try {
        if (listener.isSubscribed()) listener.unsubscribe(); // ends redis.subscribe
      } catch (JedisException e) {
        // not subscribed after all (the connection just dropped): the loop ends on its own
      }
      try {
        thread.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
