package dev.cake.persistence.redis.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.persistence.redis.RedisKeys;
import dev.cake.persistence.testing.TestPersistence;
import java.util.HashSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retrying and dropping a failed list longer than one batch, against this run's Redis. */
class RedisQueueInspectorTest {
  static TestPersistence db;
  static RedisQueueInspector queue;
  static QueueKeys keys;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    // a prefix of this class's own, so no other test's jobs are counted
    keys = new QueueKeys(new RedisKeys(db.config.redis().keyPrefix() + "failed-test:"));
    queue = new RedisQueueInspector(db.redis, keys);
  }

  @AfterAll
  static void tearDown() {
    db.redis.del(keys.waiting(), keys.failed());
    db.close();
  }

  static void fail(int n) {
    for (int i = 0; i < n; i++) {
      db.redis.lpush(keys.failed(), "{\"id\":" + i + ",\"topic\":\"t\",\"payload\":{},\"attempts\":5,"
          + "\"lastError\":\"boom\",\"failedAt\":\"2026-11-29T00:00:00Z\"}");
    }
  }

  @Test
  void retryMovesEveryFailedJobInBatchesAndResetsItsAttempts() throws Exception {
    int n = RedisQueueInspector.RETRY_BATCH * 2 + 234;
    fail(n);
    assertThat(queue.retryFailed()).isEqualTo(n);
    assertThat(db.redis.llen(keys.failed())).isZero();
    assertThat(db.redis.llen(keys.waiting())).isEqualTo(n);
    var ids = new HashSet<Integer>();
    var json = new ObjectMapper();
    for (String raw : db.redis.lrange(keys.waiting(), 0, -1)) {
      var job = json.readTree(raw);
      assertThat(job.get("attempts").asInt()).isZero();
      assertThat(job.has("lastError")).isFalse();
      assertThat(job.has("failedAt")).isFalse();
      ids.add(job.get("id").asInt());
    }
    assertThat(ids).hasSize(n);
    // oldest first: the first job that failed is the first to be consumed again (RPOP side)
    assertThat(json.readTree(db.redis.lindex(keys.waiting(), -1)).get("id").asInt()).isZero();
    db.redis.del(keys.waiting());
    assertThat(queue.retryFailed()).isZero();
  }

  @Test
  void dropUnlinksTheWholeList() {
    fail(1_234);
    assertThat(queue.dropFailed()).isEqualTo(1_234);
    assertThat(db.redis.exists(keys.failed())).isFalse();
    assertThat(queue.dropFailed()).isZero();
  }
}
