package dev.cake.persistence.redis.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.persistence.PersistenceSettings;
import dev.cake.persistence.redis.RedisKeys;
import dev.cake.persistence.redis.RedisModule;
import dev.cake.persistence.testing.Poll;
import dev.cake.persistence.testing.SentinelCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ListDirection;

/**
 * A {@code redis-sentinel://} REDIS_URL against real processes: a master, a replica and three Sentinels. The master is
 * killed; the Sentinels promote the replica and the one shared client follows: commands, a blocking move (the
 * queue's BLMOVE) and the profile change feed, which resubscribes on the new master.
 */
class RedisSentinelFailoverTest {
  @Test
  void everyKindOfCallFollowsTheNewMasterAfterTheMasterIsKilled() throws Exception {
    try (var cluster = new SentinelCluster().start()) {
      var settings = PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "test", "REDIS_URL", cluster.url(),
          "CAKE_REDIS_PREFIX", "sentinel-test:")).redis();
      var keys = new RedisKeys(settings.keyPrefix());
      try (RedisClient redis = RedisModule.redisClient(settings)) {
        var changes = new RedisProfileChanges(redis, keys);
        List<Long> received = new CopyOnWriteArrayList<>();
        try (var subscription = changes.subscribe(received::add, () -> {})) {
          assertThat(Poll.until(changes::live, Duration.ofSeconds(10))).as("subscribed on the master").isTrue();
          redis.set(keys.key("before"), "1");
          assertThat(role(cluster.masterPort())).isEqualTo("master");

          long killed = System.nanoTime();
          cluster.killMaster();
          boolean writes = Poll.until(() -> {
            try {
              redis.set(keys.key("after"), "2");
              return true;
            } catch (RuntimeException e) {
              return false;
            }
          }, Duration.ofSeconds(30));
          double seconds = (System.nanoTime() - killed) / 1e9;
          System.out.printf("redis master killed -> writes through Sentinel again after %.1f s%n", seconds);
          assertThat(writes).as("writes again through the new master").isTrue();
          assertThat(seconds).as("Redis master killed -> writes again (target 10 s)").isLessThanOrEqualTo(10);
          assertThat(role(cluster.replicaPort())).as("the replica was promoted").isEqualTo("master");
          assertThat(redis.get(keys.key("after"))).isEqualTo("2");

          // the queue's blocking move, on the new master
          redis.lpush(keys.key("waiting"), "job-1");
          assertThat(redis.blmove(keys.key("waiting"), keys.key("processing"), ListDirection.RIGHT,
              ListDirection.LEFT, 1.0)).isEqualTo("job-1");

          // the change feed resubscribed on the new master: a change published there arrives
          assertThat(Poll.until(changes::live, Duration.ofSeconds(10))).as("resubscribed").isTrue();
          boolean arrived = Poll.until(() -> {
            redis.publish(keys.key(RedisProfileChanges.CHANNEL), "42");
            return received.contains(42L);
          }, Duration.ofSeconds(10));
          assertThat(arrived).as("a change published on the new master reaches the subscriber").isTrue();
        }
      }
    }
  }

  private static String role(int port) {
    try (var direct = RedisClient.create("127.0.0.1", port)) {
      return direct.info("replication").lines().filter(l -> l.startsWith("role:")).findFirst().orElse("role:?")
          .substring("role:".length()).strip();
    }
  }
}
