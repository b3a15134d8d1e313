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
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The worker is stopped, users log in for the first time (their events wait in Redis), then Redis loses its data (a
 * restart without persistence) and the worker comes back: PostgreSQL's outbox still holds the events as in flight,
 * and the relay publishes them again, with the default CAKE_OUTBOX_REDELIVER_AFTER, without anyone doing anything.
 */
class RedisDataLossTest {
  @Test
  void eventsWaitingInRedisWhenItLosesItsDataStillEnrolTheirUsers() throws Exception {
    try (var redis = new RedisServer().start()) {
      Map<String, String> env = Map.of("REDIS_URL", redis.url());
      try (var api = new TestApi(env)) {
        String admin = api.adminToken();
        try (var first = WorkerProcess.start(env)) {
          Quiet.await(api, Duration.ofSeconds(10));
          assertThat(first.terminate(20)).isZero();
        }
        JsonNode campaign = api.createCampaign(admin, Map.of("startDate", Instant.now().toString(),
            "maxParticipants", 10));
        long campaignId = Long.parseLong(campaign.get("id").asText());
        var burst = new Burst(api, 10);
        assertThat(burst.loginAll(n -> {})).containsOnly(200);
        assertThat(api.count("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL AND processed_at IS NULL"
            + " AND (payload->>'userId')::bigint IN (" + burst.users() + ")")).as("in flight").isEqualTo(10);
        assertThat(api.component.queueAdmin().stats().waiting()).as("waiting in Redis").isEqualTo(10);

        redis.kill();
        redis.start(); // same port, empty: the jobs and their publish markers are gone
        long lost = System.nanoTime();
        try (var worker = WorkerProcess.start(Map.of("REDIS_URL", redis.url()))) {
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (api.count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", campaignId) < 10
              && System.nanoTime() < deadline) {
            Thread.sleep(200);
          }
          long seconds = Duration.ofNanos(System.nanoTime() - lost).toSeconds();
          assertThat(api.count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", campaignId))
              .as("vouchers within a minute of the loss").isEqualTo(10);
          System.out.printf("RedisDataLossTest: 10 of 10 vouchers %d s after Redis lost its data%n", seconds);
          Quiet.await(api, Duration.ofSeconds(30));
          assertThat(api.count("SELECT count(*) FROM user_promotions WHERE campaign_id = ? AND user_id IN ("
              + burst.users() + ")", campaignId)).isEqualTo(10);
          assertThat(api.count("SELECT count(*) FROM outbox WHERE processed_at IS NOT NULL"
              + " AND (payload->>'userId')::bigint IN (" + burst.users() + ")")).as("processed").isEqualTo(10);
          // The rows cross the 30 s mark at slightly different times, so one relay pass or several may send them.
          var redelivered = Pattern.compile("redelivered (\\d+) event\\(s\\) the queue had lost")
              .matcher(worker.output()).results().mapToInt(m -> Integer.parseInt(m.group(1))).sum();
          assertThat(redelivered).as("events the relay sent again").isEqualTo(10);
        } finally {
          api.endCampaign(campaign.get("id").asText());
        }
      }
    }
  }
}
