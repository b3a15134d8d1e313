package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi;
import dev.cake.persistence.testing.Poll;
import dev.cake.workers.testing.Quiet;
import dev.cake.workers.testing.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end over HTTP with a real worker process: register, first login, the voucher arrives. */
class FirstLoginFlowTest {
  static TestApi api;
  static WorkerProcess worker;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    api = new TestApi();
    worker = WorkerProcess.start(Map.of());
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() throws Exception {
    assertThat(worker.terminate(20)).as("graceful SIGTERM exit code").isZero();
    assertThat(worker.output()).contains("stopped");
    worker.close();
    api.close();
  }

  @Test
  void aFirstLoginIsEnrolledByTheWorker() throws Exception {
    JsonNode campaign = api.createCampaign(admin, Map.of("startDate", Instant.now().toString(),
        "maxParticipants", 5));
    try {
      var reg = TestApi.newRegistration();
      String token = api.post("/auth/register", reg, null).json().get("access_token").asText();
      long loggedIn = System.nanoTime();
      api.login((String) reg.get("username"), "correct-horse");

      JsonNode vouchers = Poll.until(v -> !v.isEmpty(), () -> api.get("/promotions/my-vouchers", token).json(),
          Duration.ofSeconds(10));
      assertThat(vouchers.size()).as("voucher visible").isEqualTo(1);
      // how fast is for bin/bench to measure; here it is only reported
      System.out.printf("FirstLoginFlowTest: voucher visible %d ms after the login answered%n",
          Duration.ofNanos(System.nanoTime() - loggedIn).toMillis());
      assertThat(vouchers.get(0).get("campaignId").asText()).isEqualTo(campaign.get("id").asText());

      api.login((String) reg.get("username"), "correct-horse"); // not a first login: no event
      Quiet.await(api, Duration.ofSeconds(10));
      assertThat(api.get("/promotions/my-vouchers", token).json().size()).isEqualTo(1);
      assertThat(worker.output()).contains("user.first-login done");
    } finally {
      api.endCampaign(campaign.get("id").asText());
    }
  }

  @Test
  void anAdminsFirstLoginTakesNoSlotAndItsEventIsProcessed() throws Exception {
    JsonNode campaign = api.createCampaign(admin, Map.of("startDate", Instant.now().toString(),
        "maxParticipants", 5));
    try {
      String username = "admin" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      api.component.adminAccounts().create(username, "admin-password", null, null, null);
      long adminId = api.login(username, "admin-password").at("/user/id").asLong();
      Quiet.await(api, Duration.ofSeconds(10)); // published and processed, or this fails
      assertThat(api.count("SELECT count(*) FROM outbox WHERE topic = 'user.first-login' AND processed_at IS NOT NULL"
          + " AND (payload->>'userId')::bigint = ?", adminId)).isEqualTo(1);
      assertThat(api.count("SELECT count(*) FROM user_promotions WHERE user_id = ?", adminId)).isZero();
      assertThat(api.count("SELECT current_participants FROM campaigns WHERE id = ?",
          Long.parseLong(campaign.get("id").asText()))).isZero();
    } finally {
      api.endCampaign(campaign.get("id").asText());
    }
  }

  @Test
  void adminsSeeQueueStatsAndUsersDoNot() throws Exception {
    Quiet.await(api, Duration.ofSeconds(10));
    var stats = api.get("/admin/events/queue-stats", admin);
    assertThat(stats.status()).isEqualTo(200);
    for (String field : new String[] {"waiting", "processing", "delayed", "failed", "completed", "workersAlive",
        "outboxBacklog"}) {
      assertThat(stats.json().has(field)).as(field).isTrue();
    }
    assertThat(stats.json().get("workersAlive").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(stats.json().get("waiting").asInt()).isZero();
    String user = api.register().get("access_token").asText();
    assertThat(api.get("/admin/events/queue-stats", user).status()).isEqualTo(403);
    assertThat(api.post("/admin/events/retry-failed", "", user).status()).isEqualTo(403);
    assertThat(api.post("/admin/events/retry-failed", "", null).status()).isEqualTo(401);
  }
}
