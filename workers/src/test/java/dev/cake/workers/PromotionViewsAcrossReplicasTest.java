package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.http.testing.RedisServer;
import dev.cake.http.testing.TestApi;
import dev.cake.bank.SimulatedBankTransferGateway;
import dev.cake.workers.testing.ApiProcess;
import dev.cake.workers.testing.WorkerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-user promotion views held in each API replica (CachedPromotionViews), across two real API processes, a
 * real worker, PostgreSQL and a private Redis that the tests flush, restart and freeze. Every read checked here is a
 * single read made after the change was answered (or committed): nothing polls the replica under test, so a view
 * that lagged by a millisecond would fail.
 */
class PromotionViewsAcrossReplicasTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static RedisServer redis;
  static TestApi api; // in process: the admin's token and the database
  static ApiProcess a;
  static ApiProcess b;
  static WorkerProcess worker;
  static String admin;
  final List<String> campaigns = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    redis = new RedisServer().start();
    Map<String, String> env = Map.of("REDIS_URL", redis.url(), "CAKE_REDIS_TIMEOUT", "300ms");
    api = new TestApi(env);
    admin = api.adminToken();
    a = ApiProcess.start(env);
    b = ApiProcess.start(env);
    worker = WorkerProcess.start(env);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {worker, b, a, api, redis}) {
      if (c != null) c.close();
    }
  }

  @AfterEach
  void endCampaigns() {
    campaigns.forEach(api::endCampaign);
  }

  record Reply(int status, JsonNode json) {}

  static Reply send(ApiProcess to, String method, String path, Object body, String token) {
    try {
      var builder = HttpRequest.newBuilder(URI.create(to.baseUrl + path)).timeout(Duration.ofSeconds(20));
      if (token != null) builder.header("Authorization", "Bearer " + token);
      if (body == null) {
        builder.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        builder.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      var r = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode get(ApiProcess to, String path, String token) {
    Reply r = send(to, "GET", path, null, token);
    assertThat(r.status()).as("GET %s", path).isEqualTo(200);
    return r.json();
  }

  String campaignOnA(int slots) {
    var fields = Map.<String, Object>of("name", "Views " + System.nanoTime(), "description", "replicas",
        "startDate", Instant.now().minusSeconds(1).toString(),
        "endDate", Instant.now().plus(Duration.ofDays(1)).toString(), "maxParticipants", slots,
        "discountPercentage", 30, "minTopupAmount", 10, "voucherValidityDays", 30);
    Reply r = send(a, "POST", "/promotions/campaigns", fields, admin);
    assertThat(r.status()).isEqualTo(201);
    String id = r.json().get("id").asText();
    campaigns.add(id);
    return id;
  }

  /** A registered user (on A) who has not logged in yet: returns the registration's token and username. */
  record Account(String token, long userId, String username, String password) {}

  Account register() {
    var reg = TestApi.newRegistration();
    Reply r = send(a, "POST", "/auth/register", reg, null);
    assertThat(r.status()).isEqualTo(201);
    return new Account(r.json().get("access_token").asText(), r.json().at("/user/id").asLong(),
        (String) reg.get("username"), (String) reg.get("password"));
  }

  /** First login on A, then waits until the worker's enrolment committed (in the database, not on a replica). */
  String firstLoginEnrolled(Account account) throws InterruptedException {
    Reply login = send(a, "POST", "/auth/login", Map.of("account", account.username(), "password",
        account.password()), null);
    assertThat(login.status()).isEqualTo(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (api.count("SELECT count(*) FROM vouchers WHERE user_id = ?", account.userId()) == 0) {
      if (System.nanoTime() > deadline) throw new AssertionError("not enrolled:\n" + worker.output());
      Thread.sleep(20);
    }
    return login.json().get("access_token").asText();
  }

  static String voucherStatus(ApiProcess on, String token) {
    JsonNode vouchers = get(on, "/promotions/my-vouchers", token);
    assertThat(vouchers).hasSize(1);
    return vouchers.get(0).get("status").asText();
  }

  static String code(ApiProcess on, String token) {
    return get(on, "/promotions/my-vouchers", token).get(0).get("code").asText();
  }

  static Reply topup(ApiProcess on, String token, String phone, String code) {
    return send(on, "POST", "/promotions/topup", Map.of("phoneNumber", phone, "amount", 100, "voucherCode", code),
        token);
  }

  @Test
  void everyTransitionMadeOnOneReplicaIsReadOnTheOther() throws Exception {
    var user = register();
    // B holds the views from before anything happened
    JsonNode before = get(b, "/promotions/eligibility", user.token());
    assertThat(get(b, "/promotions/my-vouchers", user.token())).isEmpty();

    String campaign = campaignOnA(5); // campaign created on A: B's very next eligibility names it
    JsonNode eligibility = get(b, "/promotions/eligibility", user.token());
    assertThat(eligibility.get("eligible").asBoolean()).isTrue();
    assertThat(eligibility.get("campaignId").asText()).isEqualTo(campaign);
    assertThat(before.path("campaignId").asText()).isNotEqualTo(campaign);

    String token = firstLoginEnrolled(user); // enrolled by the worker: B's next reads show it
    assertThat(voucherStatus(b, token)).isEqualTo("active");
    assertThat(get(b, "/promotions/my-promotions", token)).hasSize(1);
    assertThat(get(b, "/promotions/eligibility", token).get("eligible").asBoolean()).isFalse();

    Reply paid = topup(a, token, "+84912345678", code(b, token)); // used on A: B's next read says used
    assertThat(paid.status()).isEqualTo(200);
    assertThat(voucherStatus(b, token)).isEqualTo("used");
    assertThat(get(b, "/promotions/my-promotions", token).get(0).get("status").asText()).isEqualTo("voucher_used");

    var declined = register(); // declined on A: B saw it reserved, and then active again
    String declinedToken = firstLoginEnrolled(declined);
    String declinedCode = code(b, declinedToken);
    api.component.jdbi().useHandle(h -> h.execute(
        "UPDATE vouchers SET status = 'reserved', reserved_at = now() - interval '1 hour' WHERE code = ?",
        declinedCode)); // as an API that died between its two transactions left it
    assertThat(voucherStatus(b, declinedToken)).isIn("active", "reserved"); // whichever B cached: now it holds one
    api.component.topupRecovery().settle(Duration.ofMinutes(1)); // released by the recovery job
    assertThat(voucherStatus(b, declinedToken)).isEqualTo("active");
    assertThat(topup(a, declinedToken, SimulatedBankTransferGateway.DECLINE_PHONE, declinedCode).status())
        .isEqualTo(402);
    assertThat(voucherStatus(b, declinedToken)).isEqualTo("active");

    // expired by the job (as time passes: the voucher's date moved into the past)
    api.component.jdbi().useHandle(h -> h.execute(
        "UPDATE vouchers SET expires_at = now() - interval '1 second' WHERE code = ?", declinedCode));
    assertThat(get(b, "/promotions/my-promotions", declinedToken).get(0).get("status").asText())
        .isEqualTo("voucher_issued");
    assertThat(api.component.expiry().expire()).isPositive();
    assertThat(get(b, "/promotions/my-promotions", declinedToken).get(0).get("status").asText())
        .isEqualTo("expired");
    assertThat(voucherStatus(b, declinedToken)).isEqualTo("expired");
  }

  @Test
  void readersDuringATopupNeverSeeTheVoucherActiveAfterTheAnswer() throws Exception {
    campaignOnA(5);
    var user = register();
    String token = firstLoginEnrolled(user);
    String code = code(b, token);
    var answeredAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    var stop = new AtomicBoolean();
    var stale = new ConcurrentLinkedQueue<String>();
    var afterAnswer = new java.util.concurrent.atomic.AtomicInteger();
    try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 16; i++) {
        ApiProcess on = i % 2 == 0 ? b : a;
        readers.submit(() -> {
          while (!stop.get()) {
            long started = System.nanoTime();
            String status = voucherStatus(on, token);
            if (started > answeredAt.get()) {
              afterAnswer.incrementAndGet();
              if (!status.equals("used")) stale.add(status);
            }
          }
          return null;
        });
      }
      Thread.sleep(300);
      assertThat(topup(a, token, "+84912345678", code).status()).isEqualTo(200);
      answeredAt.set(System.nanoTime());
      Thread.sleep(500);
      stop.set(true);
    }
    assertThat(afterAnswer.get()).as("reads started after the answer").isPositive();
    assertThat(stale).as("reads started after the answer that did not show the voucher used").isEmpty();
  }

  @Test
  void redisFlushedRestartedOrFrozenWhileViewsAreCached() throws Exception {
    campaignOnA(10);
    var first = register();
    String token = firstLoginEnrolled(first);
    assertThat(voucherStatus(b, token)).isEqualTo("active"); // cached on B

    flushRedis(); // data lost: the versions are drawn anew, nothing cached matches them
    assertThat(topup(a, token, "+84912345678", code(a, token)).status()).isEqualTo(200);
    assertThat(voucherStatus(b, token)).isEqualTo("used");

    var second = register();
    String secondToken = firstLoginEnrolled(second);
    String secondCode = code(b, secondToken);
    assertThat(voucherStatus(b, secondToken)).isEqualTo("active"); // cached on B
    redis.freeze(); // the change cannot be announced; B cannot check versions: it reads PostgreSQL
    try {
      assertThat(topup(a, secondToken, "+84912345678", secondCode).status()).isEqualTo(200);
      assertThat(voucherStatus(b, secondToken)).isEqualTo("used");
    } finally {
      redis.thaw();
    }
    assertThat(voucherStatus(b, secondToken)).isEqualTo("used");
  }

  static void flushRedis() throws IOException, InterruptedException {
    String port = URI.create(redis.url()).getPort() + "";
    int exit = new ProcessBuilder("redis-cli", "-p", port, "FLUSHALL").inheritIO().start().waitFor();
    assertThat(exit).isZero();
  }
}
