package dev.cake.http.auth;

import static dev.cake.persistence.testing.StartGate.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.limits.RateLimitSettings;
import dev.cake.http.testing.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, login and refresh abuse: with the production login allowances, bursts sent at once (virtual threads
 * released together by a latch) against the real server. Client IPs are simulated with X-Forwarded-For.
 */
class LoginAbuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static TestApi api;
  static RateLimitSettings limits;

  @BeforeAll
  static void start() {
    // the production defaults (TestServices raises the per-IP and per-account-and-IP ones for the other tests)
    api = new TestApi(Map.of(
        "CAKE_TRUST_X_FORWARDED_FOR", "true",
        "CAKE_RATE_LOGIN_ATTEMPTS_PER_ACCOUNT_AND_IP", "10/15m",
        "CAKE_RATE_LOGIN_FAILURES_PER_ACCOUNT", "100/24h",
        "CAKE_RATE_LOGIN_ATTEMPTS_PER_IP", "100/15m",
        "CAKE_RATE_REFRESHES_PER_USER", "5/1h",
        // on this shared 2-core machine a burst of 150 can wait over a second for one of the 32 Redis connections;
        // that would be a 503 (the limiter never lets a request through unchecked then), not a miscount
        "CAKE_REDIS_POOL_WAIT", "10s"));
    limits = api.config.core().rateLimits();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  record Answer(int status, String retryAfter, String body, long millis) {}

  record Counts(Map<Integer, Integer> byStatus, List<Answer> answers) {
    int of(int status) {
      return byStatus.getOrDefault(status, 0);
    }

    long slowestMillis(int status) {
      return answers.stream().filter(a -> a.status() == status).mapToLong(Answer::millis).max().orElse(0);
    }

    long medianMillis(int status) {
      long[] sorted = answers.stream().filter(a -> a.status() == status).mapToLong(Answer::millis).sorted().toArray();
      return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
  }

  /** Sends {@code n} requests at once (see {@link dev.cake.persistence.testing.StartGate}). */
  static Counts atOnce(TestApi target, int n, IntFunction<HttpRequest> request) throws Exception {
    var sends = new ArrayList<Callable<Answer>>();
    for (int i = 0; i < n; i++) {
      HttpRequest r = request.apply(i);
      sends.add(() -> {
        long start = System.nanoTime();
        var response = target.send(r);
        return new Answer(response.status(), response.header("Retry-After"), response.body(),
            (System.nanoTime() - start) / 1_000_000);
      });
    }
    List<Answer> answers = concurrently(sends);
    var byStatus = new HashMap<Integer, Integer>();
    for (Answer a : answers) byStatus.merge(a.status(), 1, Integer::sum);
    return new Counts(byStatus, answers);
  }

  static HttpRequest login(TestApi target, String account, String password, String ip) {
    return post(target, "/auth/login", Map.of("account", account, "password", password), ip);
  }

  static HttpRequest post(TestApi target, String path, Object body, String ip) {
    try {
      var b = HttpRequest.newBuilder(URI.create(target.baseUrl + path))
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .header("Content-Type", "application/json");
      if (ip != null) b.header("X-Forwarded-For", ip);
      return b.build();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String newIp() {
    var r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  static Map<String, Object> registered() {
    var reg = TestApi.newRegistration();
    assertThat(api.send(post(api, "/auth/register", reg, newIp())).status()).isEqualTo(201);
    return reg;
  }

  static void assertRetryAfter(Counts counts, int status) {
    assertThat(counts.answers()).filteredOn(a -> a.status() == status)
        .allSatisfy(a -> assertThat(Long.parseLong(a.retryAfter())).isPositive());
  }

  @Test
  void wrongPasswordsAtOnceFromOneIpAreCheckedOnlyUpToTheAllowance() throws Exception {
    String username = (String) registered().get("username");
    String ip = newIp();
    Counts counts = atOnce(api, 120, i -> login(api, username, "wrong-password-" + i, ip));
    int allowance = limits.loginAttemptsPerAccountAndIp().capacity();
    System.out.printf("120 wrong passwords at once, one IP: %s (allowance %d), 429 in %d ms median, %d ms max%n",
        counts.byStatus(), allowance, counts.medianMillis(429), counts.slowestMillis(429));
    assertThat(counts.of(401)).isEqualTo(allowance);
    assertThat(counts.of(429)).isEqualTo(120 - allowance);
    assertRetryAfter(counts, 429);
  }

  @Test
  void correctPasswordsAtOnceAreBudgetedToo() throws Exception {
    String username = (String) registered().get("username");
    String ip = newIp();
    Counts counts = atOnce(api, 150, i -> login(api, username, "correct-horse", ip));
    int allowance = limits.loginAttemptsPerAccountAndIp().capacity();
    System.out.printf("150 correct logins at once, one IP: %s (allowance %d), 429 in %d ms median, %d ms max%n",
        counts.byStatus(), allowance, counts.medianMillis(429), counts.slowestMillis(429));
    assertThat(counts.of(200)).isEqualTo(allowance);
    assertThat(counts.of(429)).isEqualTo(150 - allowance);
    assertRetryAfter(counts, 429);
  }

  @Test
  void theOwnerLogsInFromAnotherIpAfterAFailureBurst() throws Exception {
    String username = (String) registered().get("username");
    String attacker = newIp();
    Counts burst = atOnce(api, 120, i -> login(api, username, "wrong-password-" + i, attacker));
    var fromAttacker = api.send(login(api, username, "correct-horse", attacker));
    var owner = api.send(login(api, username, "correct-horse", newIp()));
    System.out.printf("burst from IP A %s; then the right password from IP A: %d, from IP B: %d%n",
        burst.byStatus(), fromAttacker.status(), owner.status());
    assertThat(burst.of(401)).isEqualTo(limits.loginAttemptsPerAccountAndIp().capacity());
    assertThat(fromAttacker.status()).isEqualTo(429);
    assertThat(owner.status()).isEqualTo(200);
  }

  @Test
  void failuresAgainstTheUsernameDoNotChangeTheAnswerForTheEmailOrPhone() throws Exception {
    var reg = registered();
    String ip = newIp();
    int allowance = limits.loginAttemptsPerAccountAndIp().capacity();
    Counts burst = atOnce(api, allowance, i -> login(api, (String) reg.get("username"), "wrong-password", ip));
    int byUsername = api.send(login(api, (String) reg.get("username"), "correct-horse", ip)).status();
    int byEmail = api.send(login(api, ((String) reg.get("email")).toUpperCase(), "correct-horse", ip)).status();
    int byPhone = api.send(login(api, (String) reg.get("phone"), "correct-horse", ip)).status();
    System.out.printf("%d failures by username %s; then from the same IP: username %d, email %d, phone %d%n",
        allowance, burst.byStatus(), byUsername, byEmail, byPhone);
    assertThat(burst.of(401)).isEqualTo(allowance);
    assertThat(byUsername).isEqualTo(429);
    assertThat(byEmail).isEqualTo(200);
    assertThat(byPhone).isEqualTo(200);
  }

  @Test
  void failuresFromManyIpsStopAtTheWideCeilingOfTheIdentifier() throws Exception {
    var reg = registered();
    String username = (String) reg.get("username");
    int perIp = limits.loginAttemptsPerAccountAndIp().capacity();
    int ceiling = limits.loginFailuresPerAccount().capacity();
    int ips = ceiling / perIp + 3;
    var addresses = new String[ips];
    for (int i = 0; i < ips; i++) addresses[i] = newIp();
    Counts counts = atOnce(api, ips * perIp, i -> login(api, username, "wrong-password", addresses[i % ips]));
    int ownerByUsername = api.send(login(api, username, "correct-horse", newIp())).status();
    int ownerByEmail = api.send(login(api, (String) reg.get("email"), "correct-horse", newIp())).status();
    System.out.printf("%d wrong passwords at once from %d IPs: %s (ceiling %d); then the owner from a new IP: "
        + "username %d, email %d%n", ips * perIp, ips, counts.byStatus(), ceiling, ownerByUsername, ownerByEmail);
    assertThat(counts.of(401)).isEqualTo(ceiling);
    assertThat(counts.of(429)).isEqualTo(ips * perIp - ceiling);
    assertRetryAfter(counts, 429);
    assertThat(ownerByUsername).isEqualTo(429); // the one lockout others can cause: the NIST ceiling, for a while
    assertThat(ownerByEmail).isEqualTo(200);
  }

  @Test
  void oneIpSprayingManyAccountsStopsAtThePerIpAllowance() throws Exception {
    String ip = newIp();
    String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    Counts counts = atOnce(api, 120, i -> login(api, "nobody-" + tag + "-" + i, "wrong-password", ip));
    int allowance = limits.loginAttemptsPerIp().capacity();
    System.out.printf("120 logins at once from one IP to 120 accounts: %s (allowance %d)%n", counts.byStatus(),
        allowance);
    assertThat(counts.of(401)).isEqualTo(allowance);
    assertThat(counts.of(429)).isEqualTo(120 - allowance);
    assertRetryAfter(counts, 429);
  }

  @Test
  void refreshesPerUserAreLimited() throws Exception {
    var reg = TestApi.newRegistration();
    var registered = api.send(post(api, "/auth/register", reg, newIp()));
    String refresh = registered.json().get("refresh_token").asText();
    Counts counts = atOnce(api, 20, i -> post(api, "/auth/refresh", Map.of("refresh_token", refresh), newIp()));
    int allowance = limits.refreshesPerUser().capacity();
    System.out.printf("20 refreshes at once: %s (allowance %d)%n", counts.byStatus(), allowance);
    assertThat(counts.of(429)).isEqualTo(20 - allowance);
    assertRetryAfter(counts, 429);
  }

  @Test
  void passwordsAreComparedInNfcAndOldHashesOfTheRawFormStillWork() {
    String composed = "caf\u00e9-secret-1";
    String decomposed = "cafe\u0301-secret-1";
    var reg = new HashMap<String, Object>(TestApi.newRegistration());
    reg.put("password", decomposed);
    assertThat(api.send(post(api, "/auth/register", reg, newIp())).status()).isEqualTo(201);
    String username = (String) reg.get("username");
    String ip = newIp();
    int nfc = api.send(login(api, username, composed, ip)).status();
    int nfd = api.send(login(api, username, decomposed, ip)).status();

    // a hash stored before normalisation, of the decomposed form as typed
    var legacy = new HashMap<String, Object>(TestApi.newRegistration());
    assertThat(api.send(post(api, "/auth/register", legacy, newIp())).status()).isEqualTo(201);
    String legacyHash = new String(BCrypt.with(BCrypt.Version.VERSION_2B)
        .hash(4, decomposed.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    api.component.jdbi().useHandle(h -> h.execute("UPDATE users SET password_hash = ? WHERE username = ?",
        legacyHash, legacy.get("username")));
    int legacyRaw = api.send(login(api, (String) legacy.get("username"), decomposed, ip)).status();
    int legacyWrong = api.send(login(api, (String) legacy.get("username"), "cafe-secret-1", ip)).status();
    System.out.printf("NFD-registered: NFC login %d, NFD login %d; legacy raw hash: NFD login %d, other %d%n",
        nfc, nfd, legacyRaw, legacyWrong);
    assertThat(nfc).isEqualTo(200);
    assertThat(nfd).isEqualTo(200);
    assertThat(legacyRaw).isEqualTo(200);
    assertThat(legacyWrong).isEqualTo(401);
  }

  @Test
  void aFullHashingQueueAnswers503WithRetryAfterQuickly() throws Exception {
    try (var busy = new TestApi(Map.of("CAKE_RATE_LIMITS", "off", "CAKE_HASH_CONCURRENCY", "1",
        "CAKE_HASH_QUEUE_TIMEOUT", "1s"))) {
      // registered with cheap hashing, then given a cost-12 hash: each login then needs one slow hash
      String username = (String) registered().get("username");
      String slowHash = new String(BCrypt.with(BCrypt.Version.VERSION_2B)
          .hash(12, "correct-horse".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
      busy.component.jdbi().useHandle(h -> h.execute("UPDATE users SET password_hash = ? WHERE username = ?",
          slowHash, username));
      Counts counts = atOnce(busy, 40, i -> login(busy, username, "correct-horse", null));
      System.out.printf("40 logins at once, 1 hashing thread, cost 12, queue timeout 1 s: %s, 503 in %d ms median,"
          + " %d ms max; slowest 200 %d ms%n", counts.byStatus(), counts.medianMillis(503), counts.slowestMillis(503),
          counts.slowestMillis(200));
      assertThat(counts.of(200) + counts.of(503)).isEqualTo(40);
      assertThat(counts.of(503)).isPositive();
      assertThat(counts.answers()).filteredOn(a -> a.status() == 503)
          .allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
    }
  }
}
