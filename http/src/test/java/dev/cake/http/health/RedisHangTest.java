package dev.cake.http.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.http.testing.RedisServer;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Redis hangs (its process frozen with SIGSTOP: connections stay open, nothing answers). With the shipped defaults
 * (500 ms Redis timeout; a breaker over the last 6 calls, opening at 50 % failures for 5 s), the first calls pay their timeout,
 * then the breaker opens and every Redis call fails at once: logins and profiles answer 200 as with Redis down, no
 * request waits long, /health says cache down with the breaker open; after the thaw the breaker closes again.
 */
class RedisHangTest {
  private record Timed(String what, int status, long millis) {}

  @Test
  void aFrozenRedisOpensTheBreakerAndRequestsDegradeWithoutWaiting() throws Exception {
    try (var redis = new RedisServer().start();
         var api = new TestApi(Map.of("REDIS_URL", redis.url()))) {
      var reg = TestApi.newRegistration();
      String account = (String) reg.get("username");
      assertThat(api.post("/auth/register", reg, null).status()).isEqualTo(201);
      String token = api.login(account, "correct-horse").get("access_token").asText();
      assertThat(api.get("/auth/profile", token).status()).isEqualTo(200);
      Response healthy = api.get("/health", null);
      assertThat(healthy.status()).isEqualTo(200);
      assertThat(healthy.json().at("/details/cache/breaker").asText()).isEqualTo("closed");

      redis.freeze();
      List<Timed> calls = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        calls.add(timed("login", () -> api.post("/auth/login",
            Map.of("account", account, "password", "correct-horse"), null)));
        String fresh = api.login(account, "correct-horse").get("access_token").asText();
        calls.add(timed("profile", () -> api.get("/auth/profile", fresh)));
        calls.add(timed("campaigns", () -> api.get("/promotions/campaigns", null)));
      }
      System.out.println("RedisHangTest: requests while Redis is frozen: " + calls);
      assertThat(calls).allSatisfy(c -> {
        assertThat(c.status()).as(c.what()).isEqualTo(200);
        assertThat(c.millis()).as(c.what()).isLessThan(2_500);
      });
      // after the first few calls the breaker is open: nothing waits on Redis any more
      assertThat(calls.subList(3, calls.size())).allSatisfy(c -> assertThat(c.millis()).as(c.what()).isLessThan(1_500));

      Response frozen = api.get("/health", null);
      assertThat(frozen.status()).isEqualTo(503);
      assertThat(frozen.json().at("/details/cache/status").asText()).isEqualTo("down");
      assertThat(frozen.json().at("/details/cache/breaker").asText()).isEqualTo("open");
      assertThat(frozen.json().at("/details/database/status").asText()).isEqualTo("up");
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);

      redis.thaw();
      long thawed = System.nanoTime();
      Response health;
      do {
        Thread.sleep(200);
        health = api.get("/health", null);
      } while ((health.status() != 200 || !health.json().at("/details/cache/breaker").asText().equals("closed"))
          && System.nanoTime() - thawed < TimeUnit.SECONDS.toNanos(10));
      long recovered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - thawed);
      System.out.println("RedisHangTest: /health 200 with the breaker closed " + recovered + " ms after the thaw");
      assertThat(health.status()).as(health.body()).isEqualTo(200);
      assertThat(health.json().at("/details/cache/breaker").asText()).isEqualTo("closed");
      assertThat(api.get("/auth/profile", token).status()).isEqualTo(200);
    }
  }

  private static Timed timed(String what, Supplier<Response> call) {
    long start = System.nanoTime();
    Response r = call.get();
    return new Timed(what, r.status(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }
}
