package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.RedisServer;
import dev.cake.http.testing.TestApi;
import dev.cake.workers.testing.Burst;
import dev.cake.workers.testing.Quiet;
import dev.cake.workers.testing.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis (a server of the test's own) dies while users log in for the first time: /health says 503, the logins
 * still succeed, the events wait in the outbox, and once Redis is back (empty) /health is 200 again and the worker's
 * relay publishes them; enrolment completes with exact counts.
 */
class RedisOutageTest {
  @Test
  void firstLoginsDuringARedisOutageAreEnrolledOnceRedisReturns() throws Exception {
    try (var redis = new RedisServer().start()) {
      Map<String, String> env = Map.of("REDIS_URL", redis.url(), "CAKE_REDIS_TIMEOUT", "300ms");
      try (var api = new TestApi(env); var worker = WorkerProcess.start(env)) {
        String admin = api.adminToken();
        Quiet.await(api, Duration.ofSeconds(10));
        JsonNode campaign = api.createCampaign(admin, Map.of("startDate", Instant.now().toString(),
            "maxParticipants", 10));
        var burst = new Burst(api, 30);

        redis.kill();
        assertThat(api.get("/health", null).status()).as("health while Redis is down").isEqualTo(503);
        List<Integer> statuses = burst.loginAll(n -> {});
        assertThat(statuses).as("logins succeed without Redis").containsOnly(200);
        long waiting = api.count("SELECT count(*) FROM outbox WHERE published_at IS NULL AND "
            + "(payload->>'userId')::bigint IN (" + burst.users() + ")");
        assertThat(waiting).as("events kept in the outbox").isEqualTo(30);

        redis.start(); // same port, empty: everything comes back from the outbox
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (api.get("/health", null).status() != 200 && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(api.get("/health", null).status()).as("health once Redis is back").isEqualTo(200);
        Quiet.await(api, Duration.ofSeconds(30));
        assertThat(api.count("SELECT count(*) FROM vouchers WHERE campaign_id = ?",
            Long.parseLong(campaign.get("id").asText()))).isEqualTo(10);
        assertThat(api.count("SELECT count(*) FROM user_promotions WHERE user_id IN (" + burst.users() + ")"))
            .isEqualTo(10);
        assertThat(worker.output()).contains("relayed");
      }
    }
  }
}
