package dev.cake.workers.compat;

import static dev.cake.workers.compat.Compat.admin;
import static dev.cake.workers.compat.Compat.api;
import static dev.cake.workers.compat.Compat.assertError;
import static dev.cake.workers.compat.Compat.field;
import static dev.cake.workers.compat.Compat.instant;
import static dev.cake.workers.compat.Compat.number;
import static dev.cake.workers.compat.Compat.object;
import static dev.cake.workers.compat.Compat.register;
import static dev.cake.workers.compat.Compat.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi.Response;
import org.junit.jupiter.api.Test;

/** GET /, GET /health, GET /admin/events/queue-stats, POST /admin/events/retry-failed. */
abstract class AdminHealthContract {

  @Test
  void rootAnswersHelloWorld() {
    Response r = api.get("/", null);
    assertThat(r.status()).as("GET /: 200").isEqualTo(200);
    assertThat(r.body()).as("GET / answers the text Hello World!").isEqualTo("Hello World!");
  }

  @Test
  void healthAnswersTheOriginalsFieldsWhenAllIsUp() {
    Response r = api.get("/health", null);
    assertThat(r.status()).as("GET /health with everything up: 200; body " + r.body()).isEqualTo(200);
    JsonNode h = r.json();
    String where = "GET /health";
    assertThat(string(h, "status", where)).isEqualTo("healthy");
    instant(h, "timestamp", where);
    number(h, "uptime", where);
    JsonNode responseTime = field(h, "responseTime", where);
    assertThat(responseTime.isNumber() || responseTime.isTextual())
        .as(where + ".responseTime is a number (or the original's \"Nms\" string); got " + responseTime).isTrue();
    JsonNode checks = object(h, "checks", where);
    assertThat(string(checks, "database", where + ".checks")).isEqualTo("healthy");
    assertThat(string(checks, "cache", where + ".checks")).isEqualTo("healthy");
    assertThat(string(checks, "memory", where + ".checks")).isIn("healthy", "warning");
    JsonNode memory = object(h, "memory", where);
    assertThat(number(memory, "used", where + ".memory (MB)")).isPositive();
    assertThat(number(memory, "total", where + ".memory (MB)")).isPositive();
    number(memory, "external", where + ".memory (MB)");
  }

  @Test
  void queueStatsAnswersTheOriginalsShapeToAnAdmin() {
    Response r = api.get("/admin/events/queue-stats", admin);
    assertThat(r.status()).as("GET /admin/events/queue-stats as admin: 200; body " + r.body()).isEqualTo(200);
    for (String queue : new String[] {"userEvents", "promotionEvents"}) {
      JsonNode q = object(r.json(), queue, "GET /admin/events/queue-stats");
      for (String count : new String[] {"waiting", "active", "completed", "failed"}) {
        assertThat(number(q, count, "GET /admin/events/queue-stats." + queue)).as(queue + "." + count + " >= 0")
            .isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void retryFailedAnswersRetriedCountToAnAdmin() {
    Response r = api.post("/admin/events/retry-failed", null, admin);
    assertThat(r.status()).as("POST /admin/events/retry-failed as admin: 200; body " + r.body()).isEqualTo(200);
    assertThat(number(r.json(), "retriedCount", "POST /admin/events/retry-failed")).isGreaterThanOrEqualTo(0);
  }

  @Test
  void adminEventRoutesNeedAnAdmin() {
    String user = register().registerToken();
    assertError(api.get("/admin/events/queue-stats", null), 401, null, "queue-stats without a token (ours: admin)");
    assertError(api.get("/admin/events/queue-stats", user), 403, null, "queue-stats as a non-admin (ours: admin)");
    assertError(api.post("/admin/events/retry-failed", null, null), 401, null,
        "retry-failed without a token (ours: admin)");
    assertError(api.post("/admin/events/retry-failed", null, user), 403, null,
        "retry-failed as a non-admin (ours: admin)");
  }
}
