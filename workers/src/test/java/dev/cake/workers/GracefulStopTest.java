package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi;
import dev.cake.workers.testing.Burst;
import dev.cake.workers.testing.Quiet;
import dev.cake.workers.testing.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM reaches a worker in the middle of a job (its enrolment waits on the campaign row, held by the test): the
 * worker finishes that job, commits its effect, then marks the event processed (FirstLoginHandler, after the
 * enrolment), acks it and exits 0; a worker started afterwards finds nothing left to do, and the voucher exists once.
 */
class GracefulStopTest {
  @Test
  void sigtermInTheMiddleOfAJobFinishesItOnce() throws Exception {
    try (var api = new TestApi()) {
      String admin = api.adminToken();
      JsonNode campaign = api.createCampaign(admin, Map.of("startDate", Instant.now().toString(),
          "maxParticipants", 5));
      long campaignId = Long.parseLong(campaign.get("id").asText());
      try {
        // the enrolment must wait on the lock for as long as the test holds it, not give up at the default bounds
        try (var worker = WorkerProcess.start(Map.of("CAKE_DB_LOCK_TIMEOUT", "60s", "CAKE_DB_STATEMENT_TIMEOUT", "60s",
            "CAKE_DB_SOCKET_TIMEOUT", "90s"))) {
          Quiet.await(api, Duration.ofSeconds(10));
          var burst = new Burst(api, 1);
          try (var holder = api.component.jdbi().open()) {
            holder.begin();
            holder.createQuery("SELECT id FROM campaigns WHERE id = ? FOR UPDATE").bind(0, campaignId)
                .mapTo(Long.class).one();
            assertThat(burst.loginAll(n -> {})).containsOnly(200);
            // the worker's enrolment is now waiting on the row lock: the job is in hand
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!enrolmentWaitsOnALock()) {
              assertThat(System.nanoTime()).as("enrolment waiting on the lock").isLessThan(deadline);
              Thread.sleep(20);
            }
            worker.sigterm();
            Thread.sleep(300);
            holder.commit(); // the lock goes; the job in hand can finish
          }
          assertThat(worker.terminate(20)).as("exit code").isZero();
          assertThat(worker.output()).contains("stopping: finishing jobs in hand").containsPattern("job \\d+ "
              + "user.first-login done");
          assertThat(api.count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", campaignId)).isEqualTo(1);
          assertThat(api.count("SELECT count(*) FROM outbox WHERE processed_at IS NULL"
              + " AND (payload->>'userId')::bigint IN (" + burst.users() + ")")).as("left in flight").isZero();
        }
        try (var next = WorkerProcess.start(Map.of())) {
          var stats = Quiet.await(api, Duration.ofSeconds(10));
          assertThat(stats.processing()).isZero();
          assertThat(api.count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", campaignId)).isEqualTo(1);
          assertThat(api.count("SELECT current_participants FROM campaigns WHERE id = ?", campaignId)).isEqualTo(1);
        }
      } finally {
        api.endCampaign(campaign.get("id").asText());
      }
    }
  }

  /**
   * Seen as the superuser: the app's roles may not see other roles' sessions in pg_stat_activity (least privilege).
   */
  static boolean enrolmentWaitsOnALock() throws java.sql.SQLException {
    try (var c = dev.cake.persistence.testing.TestServices.get().adminConnection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
             + " AND query LIKE '%UPDATE campaigns%' AND datname = current_database()")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }
}
