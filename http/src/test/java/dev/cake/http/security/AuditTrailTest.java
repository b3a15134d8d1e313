package dev.cake.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every audited action over HTTP leaves exactly one row, naming the right actor, client IP and request id
 * (docs/SECURITY.md, "Audit trail"); a flood of refused logins adds a bounded number of rows. The API runs as its
 * restricted role, which may add audit rows but never change them (LeastPrivilegeTest).
 */
class AuditTrailTest {
  static TestApi api;

  @BeforeAll
  static void start() {
    api = new TestApi(Map.of(
        "CAKE_TRUST_X_FORWARDED_FOR", "true", // each test its own client IP, so its rate-limit buckets are its own
        "CAKE_RATE_LOGIN_ATTEMPTS_PER_IP", "30/1h",
        "CAKE_RATE_LOGIN_ATTEMPTS_PER_ACCOUNT_AND_IP", "3/1h",
        "CAKE_REFRESH_REUSE_GRACE", "0s"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  record Row(String actor, String action, String target, String clientIp, String requestId, String outcome) {}

  static List<Row> rows(String requestId) {
    return api.component.jdbi().withHandle(h -> h.createQuery("""
            SELECT actor, action, target, client_ip, request_id, outcome FROM audit_log WHERE request_id = ?
            ORDER BY id""").bind(0, requestId)
        .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6))).list());
  }

  static String ip() {
    var r = java.util.concurrent.ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }

  static String requestId(String what) {
    return "audit-" + what + "-" + UUID.randomUUID();
  }

  static Response send(String method, String path, Object body, String token, String requestId, String ip) {
    return api.sendWith(path, method, body, token, Map.of("X-Request-Id", requestId, "X-Forwarded-For", ip));
  }

  static long userId(String token) {
    return api.get("/auth/profile", token).json().get("id").asLong();
  }

  @Test
  void aCampaignCreatedAndChangedLeavesOneRowEachNamingTheAdmin() {
    String admin = api.adminToken();
    String adminId = Long.toString(userId(admin));
    String ip = ip();
    String create = requestId("campaign-create");
    var body = new HashMap<String, Object>(Map.of("name", "Audited " + UUID.randomUUID(),
        "startDate", java.time.Instant.now().minusSeconds(60).toString(),
        "endDate", java.time.Instant.now().plusSeconds(86_400).toString()));
    Response created = send("POST", "/promotions/campaigns", body, admin, create, ip);
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(rows(create)).containsExactly(
        new Row(adminId, "campaign.created", "campaign:" + id, ip, create, "success"));

    String change = requestId("campaign-change");
    assertThat(send("PATCH", "/promotions/campaigns/" + id, Map.of("status", "inactive"), admin, change, ip)
        .status()).isEqualTo(200);
    assertThat(rows(change)).containsExactly(
        new Row(adminId, "campaign.changed", "campaign:" + id, ip, change, "success"));

    // refused by validation: nothing happened, nothing recorded
    String invalid = requestId("campaign-invalid");
    assertThat(send("PATCH", "/promotions/campaigns/" + id, Map.of("status", "nonsense"), admin, invalid, ip)
        .status()).isEqualTo(400);
    assertThat(rows(invalid)).isEmpty();
  }

  @Test
  void retryingFailedJobsLeavesOneRow() {
    String admin = api.adminToken();
    String adminId = Long.toString(userId(admin));
    String ip = ip();
    String retry = requestId("retry");
    assertThat(send("POST", "/admin/events/retry-failed", null, admin, retry, ip).status()).isEqualTo(200);
    assertThat(rows(retry)).singleElement().satisfies(row -> {
      assertThat(row.action()).isEqualTo("jobs.retried");
      assertThat(row.actor()).isEqualTo(adminId);
      assertThat(row.clientIp()).isEqualTo(ip);
    });
    // a user who is not an admin is refused before anything is done or recorded
    String user = api.register().get("access_token").asText();
    String refused = requestId("retry-refused");
    assertThat(send("POST", "/admin/events/retry-failed", null, user, refused, ip).status()).isEqualTo(403);
    assertThat(rows(refused)).isEmpty();
  }

  @Test
  void aRefreshTokenPresentedAgainRevokesItsFamilyAndLeavesOneRow() {
    var login = api.register();
    String userId = login.at("/user/id").asText();
    String first = login.get("refresh_token").asText();
    String ip = ip();
    Response rotated = send("POST", "/auth/refresh", Map.of("refresh_token", first), null, requestId("rotate"), ip);
    assertThat(rotated.status()).isEqualTo(200);
    String replay = requestId("replay");
    assertThat(send("POST", "/auth/refresh", Map.of("refresh_token", first), null, replay, ip).status())
        .isEqualTo(401);
    assertThat(rows(replay)).containsExactly(
        new Row("anonymous", "refresh.family_revoked", "user:" + userId, ip, replay, "success"));
  }

  @Test
  void aTopupWithSomeoneElsesVoucherIsRefusedAndLeavesOneRow() {
    var holder = api.userWithVoucher(api.adminToken(), Map.of());
    String thief = api.register().get("access_token").asText();
    String thiefId = Long.toString(userId(thief));
    String ip = ip();
    String attempt = requestId("foreign-voucher");
    var body = Map.<String, Object>of("phoneNumber", "0912345678", "amount", 50, "voucherCode", holder.code());
    assertThat(send("POST", "/promotions/topup", body, thief, attempt, ip).status()).isEqualTo(404);
    assertThat(rows(attempt)).containsExactly(
        new Row(thiefId, "topup.foreign_voucher", "user:" + holder.userId(), ip, attempt, "refused"));
    // an unknown code is no one's: refused as well, but not a security event
    String unknown = requestId("unknown-voucher");
    var other = Map.<String, Object>of("phoneNumber", "0912345678", "amount", 50, "voucherCode", "CAKE-ZZZZZZZZ");
    assertThat(send("POST", "/promotions/topup", other, thief, unknown, ip).status()).isEqualTo(404);
    assertThat(rows(unknown)).isEmpty();
  }

  @Test
  void aFloodOfRefusedLoginsAddsABoundedNumberOfRows() {
    String ip = ip();
    var user = TestApi.newRegistration();
    api.post("/auth/register", user, null);
    String account = (String) user.get("username");
    long before = count("login.rate_limited", ip);
    // one account, 60 wrong passwords from one IP: 3 allowed, 57 refused
    int refused = 0;
    for (int i = 0; i < 60; i++) {
      Response r = send("POST", "/auth/login", Map.of("account", account, "password", "wrong-password"), null,
          requestId("flood"), ip);
      if (r.status() == 429) refused++;
    }
    assertThat(refused).isEqualTo(57);
    assertThat(count("login.rate_limited", ip) - before).as("one row for the account in this window").isEqualTo(1);
    String target = api.component.jdbi().withHandle(h -> h.createQuery(
        "SELECT target FROM audit_log WHERE action = 'login.rate_limited' AND client_ip = ?").bind(0, ip)
        .mapTo(String.class).one());
    assertThat(target).isEqualTo("account:" + account.toLowerCase(java.util.Locale.ROOT));

    // 200 attempts on 100 made-up accounts from another IP: the IP's 30 attempts pass (one refusal each for the
    // few accounts tried 4 times), then the IP itself is refused: one more row, however long the attack goes on
    String attacker = ip();
    for (int i = 0; i < 200; i++) {
      send("POST", "/auth/login", Map.of("account", "victim" + (i % 100), "password", "wrong-password"), null,
          requestId("spray"), attacker);
    }
    long rows = count("login.rate_limited", attacker);
    assertThat(rows).as("rows are bounded by the attempts the IP may make, not by the attack").isBetween(1L, 31L);
    for (int i = 0; i < 200; i++) {
      send("POST", "/auth/login", Map.of("account", "other" + i, "password", "wrong-password"), null,
          requestId("spray"), attacker);
    }
    assertThat(count("login.rate_limited", attacker)).as("the same attack again adds nothing").isEqualTo(rows);
  }

  static long count(String action, String ip) {
    return api.count("SELECT count(*) FROM audit_log WHERE action = ? AND client_ip = ?", action, ip);
  }
}
