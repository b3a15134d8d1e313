package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;
import dev.cake.persistence.PersistenceModule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.event.FirstLogin;
import dev.cake.http.testing.TestApi;
import dev.cake.persistence.Json;
import dev.cake.workers.testing.Quiet;
import dev.cake.workers.testing.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Redelivery, poison messages and unknown topics against a real worker process and the admin endpoints. */
class QueueSemanticsTest {
  static TestApi api;
  static WorkerProcess worker;
  static String admin;
  static RedisClient redis;
  static String prefix;

  @BeforeAll
  static void start() throws Exception {
    api = new TestApi();
    worker = WorkerProcess.start(Map.of());
    admin = api.adminToken();
    redis = api.component.redis();
    prefix = api.config.persistence().redis().keyPrefix();
    Quiet.await(api, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws Exception {
    worker.terminate(20);
    worker.close();
    api.close();
  }

  static String envelope(long id, String topic, Map<String, Object> payload) {
    return new Json(PersistenceModule.storageMapper()).write(Map.of("id", id, "topic", topic, "payload", payload, "attempts", 0,
        "enqueuedAt", Instant.now().toString()));
  }

  @Test
  void theSameEnvelopeDeliveredTwiceChangesNothing() throws Exception {
    JsonNode campaign = api.createCampaign(admin, Map.of("startDate", Instant.now().minusSeconds(60).toString(),
        "maxParticipants", 5));
    try {
      JsonNode user = api.register(); // registered, never logged in: no event of its own
      long userId = user.at("/user/id").asLong();
      String raw = envelope(999_000_000L + userId, FirstLogin.TOPIC,
          Map.of("userId", userId, "loginAt", Instant.now().toString()));
      long completed = api.component.queueAdmin().stats().completed();
      redis.lpush(prefix + "q:events", raw, raw);
      var stats = Quiet.await(api, Duration.ofSeconds(10));
      assertThat(stats.completed() - completed).isEqualTo(2);
      assertThat(api.count("SELECT count(*) FROM user_promotions WHERE user_id = ?", userId)).isEqualTo(1);
      assertThat(api.count("SELECT count(*) FROM vouchers WHERE user_id = ?", userId)).isEqualTo(1);
      assertThat(api.count("SELECT current_participants FROM campaigns WHERE id = ?",
          Long.parseLong(campaign.get("id").asText()))).isEqualTo(1);
    } finally {
      api.endCampaign(campaign.get("id").asText());
    }
  }

  @Test
  void aPayloadOfTheWrongShapeFailsAtOnceAndRetryBringsItBack() throws Exception {
    redis.del(prefix + "q:failed");
    redis.lpush(prefix + "q:events", envelope(1, FirstLogin.TOPIC, Map.of("userId", "not-a-number")));
    awaitFailed(1);
    JsonNode failed = new ObjectMapper().readTree(redis.lindex(prefix + "q:failed", 0));
    assertThat(failed.get("lastError").asText()).contains("payload must be");
    assertThat(worker.output()).contains("job failed: payload must be");

    var stats = api.get("/admin/events/queue-stats", admin).json();
    assertThat(stats.get("failed").asInt()).isEqualTo(1);
    var retried = api.post("/admin/events/retry-failed", "", admin);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.json().get("retried").asInt()).isEqualTo(1);
    // it goes round again and, still unreadable, fails again
    awaitFailed(1);
    redis.del(prefix + "q:failed");
  }

  @Test
  void aJobWhoseHandlerKeepsFailingIsRetriedThenFailed() throws Exception {
    JsonNode campaign = api.createCampaign(admin, Map.of("startDate", Instant.now().minusSeconds(60).toString(),
        "maxParticipants", 5));
    try {
      redis.del(prefix + "q:failed");
      // a user that does not exist: the enrolment breaks a foreign key every time (not a dependency failure)
      redis.lpush(prefix + "q:events", envelope(3, FirstLogin.TOPIC,
          Map.of("userId", 987_654_321L, "loginAt", Instant.now().toString())));
      awaitFailed(1);
      JsonNode failed = new ObjectMapper().readTree(redis.lindex(prefix + "q:failed", 0));
      assertThat(failed.get("attempts").asInt()).isEqualTo(3); // CAKE_QUEUE_MAX_ATTEMPTS in WorkerProcess.FAST
      assertThat(failed.get("lastError").asText()).contains("user_promotions");
      assertThat(worker.output()).contains("failed for good after 3 attempt(s)");
      assertThat(api.count("SELECT current_participants FROM campaigns WHERE id = ?",
          Long.parseLong(campaign.get("id").asText()))).as("each failed attempt gave its slot back").isZero();
      redis.del(prefix + "q:failed");
    } finally {
      api.endCampaign(campaign.get("id").asText());
    }
  }

  @Test
  void unknownTopicsAndMalformedEnvelopesFailAtOnceWithAReason() throws Exception {
    redis.del(prefix + "q:failed");
    redis.lpush(prefix + "q:events", envelope(2, "user.deleted", Map.of()));
    redis.lpush(prefix + "q:events", "{not json");
    awaitFailed(2);
    String all = String.join("\n", redis.lrange(prefix + "q:failed", 0, -1));
    assertThat(all).contains("no handler for topic 'user.deleted'").contains("malformed envelope");
    redis.del(prefix + "q:failed");
  }

  static void awaitFailed(long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (redis.llen(prefix + "q:failed") < n && System.nanoTime() < deadline) Thread.sleep(20);
    // and nothing left in flight
    Quiet.await(api, Duration.ofSeconds(10));
    assertThat(redis.llen(prefix + "q:failed")).isEqualTo(n);
  }
}
