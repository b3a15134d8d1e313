package dev.cake.http.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.http.testing.RedisServer;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One request's total wait on a hung Redis is bounded by its Redis budget (CAKE_REDIS_REQUEST_BUDGET, 500 ms), not by
 * its number of Redis calls: a first login (rate limit, profile cache, the queue push, the outbox mark) into a Redis
 * frozen a moment ago, with the breaker still closed, took 2.06 s before the budget (each call its own 500 ms).
 */
class RedisBudgetTest {
  @Test
  void aFirstLoginIntoAFrozenRedisWaitsOnItAtMostItsBudget() throws Exception {
    try (var redis = new RedisServer().start();
         var api = new TestApi(Map.of("REDIS_URL", redis.url()))) {
      var warm = TestApi.newRegistration();
      assertThat(api.post("/auth/register", warm, null).status()).isEqualTo(201);
      api.login((String) warm.get("username"), "correct-horse");
      var reg = TestApi.newRegistration();
      assertThat(api.post("/auth/register", reg, null).status()).isEqualTo(201);
      long quiet = timedLogin(api, reg); // the same request with Redis answering, for comparison
      assertThat(api.get("/health", null).json().at("/details/cache/breaker").asText()).isEqualTo("closed");

      redis.freeze();
      var fresh = TestApi.newRegistration();
      // registered while frozen: its rate limit and cache writes fail within the budget too
      long start = System.nanoTime();
      Response registered = api.post("/auth/register", fresh, null);
      long registerMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long login = timedLogin(api, fresh);
      System.out.printf("RedisBudgetTest: login with Redis answering %d ms; frozen Redis: register %d ms, first login %d ms%n",
          quiet, registerMillis, login);
      assertThat(registered.status()).isEqualTo(201);
      // Not bounded yet: the register request that meets the freeze first waits its 500 ms read and then about
      // 500 ms more while Jedis closes the broken connection (measured inside BreakerCommandExecutor: the read 500 ms,
      // the pooled connection's close another 500). docs/RELIABILITY.md lists it as a miss.
      assertThat(registerMillis).as("register into a frozen Redis").isLessThan(2_000);
      // 500 ms on Redis at most, plus the login's own work (bcrypt, PostgreSQL) measured above, plus slack
      assertThat(login).as("first login into a frozen Redis").isLessThan(500 + quiet + 300);
      redis.thaw();
    }
  }

  private static long timedLogin(TestApi api, Map<String, Object> reg) {
    long start = System.nanoTime();
    Response r = api.post("/auth/login", Map.of("account", reg.get("username"), "password", "correct-horse"), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
