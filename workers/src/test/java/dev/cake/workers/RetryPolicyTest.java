package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.workers.RetryPolicy.Outcome;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** RetryPolicy's numbers: doubling from the base, the five-minute cap, the jitter's bounds, the last attempt. */
class RetryPolicyTest {
  static final RuntimeException BUG = new IllegalStateException("the handler's own failure");

  static RetryPolicy policy(int maxAttempts, Duration base, double random) {
    var settings = new WorkerSettings(4, maxAttempts, base, Duration.ofSeconds(10), Duration.ofSeconds(5),
        Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(24), Duration.ofSeconds(10));
    return new RetryPolicy(settings, () -> random);
  }

  @Test
  void eachFailureWaitsTwiceAsLongAsTheOneBefore() {
    RetryPolicy policy = policy(5, Duration.ofSeconds(1), 0.5); // jitter × 1.0

    assertThat(policy.after(BUG, 0)).isEqualTo(new Outcome.Retry(1, Duration.ofSeconds(1)));
    assertThat(policy.after(BUG, 1)).isEqualTo(new Outcome.Retry(2, Duration.ofSeconds(2)));
    assertThat(policy.after(BUG, 2)).isEqualTo(new Outcome.Retry(3, Duration.ofSeconds(4)));
    assertThat(policy.after(BUG, 3)).isEqualTo(new Outcome.Retry(4, Duration.ofSeconds(8)));
  }

  @Test
  void theLastAttemptGoesToTheFailedList() {
    RetryPolicy policy = policy(5, Duration.ofSeconds(1), 0.5);

    assertThat(policy.maxAttempts()).isEqualTo(5);
    assertThat(policy.after(BUG, 3)).isInstanceOf(Outcome.Retry.class);
    assertThat(policy.after(BUG, 4)).isEqualTo(new Outcome.GiveUp(5));
    assertThat(policy.after(BUG, 9)).isEqualTo(new Outcome.GiveUp(10));
    assertThat(policy(1, Duration.ofSeconds(1), 0.5).after(BUG, 0)).isEqualTo(new Outcome.GiveUp(1));
  }

  @Test
  void theBackoffStopsGrowingAtFiveMinutes() {
    RetryPolicy policy = policy(100, Duration.ofMinutes(1), 0.5);

    assertThat(policy.backoff(3)).isEqualTo(Duration.ofMinutes(4));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy(100, Duration.ofSeconds(1), 0.5).backoff(99)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theJitterSpreadsADelayFromEightyToOneHundredAndTwentyPercent() {
    assertThat(policy(5, Duration.ofSeconds(1), 0.0).backoff(2)).isEqualTo(Duration.ofMillis(1600));
    assertThat(policy(5, Duration.ofSeconds(1), 0.25).backoff(2)).isEqualTo(Duration.ofMillis(1800));
    assertThat(policy(5, Duration.ofSeconds(1), 0.999_999).backoff(2)).isEqualTo(Duration.ofMillis(2399));
    assertThat(policy(100, Duration.ofMinutes(1), 0.999_999).backoff(10)).isEqualTo(Duration.ofMillis(359_999));
  }

  @Test
  void anUnavailableDependencyPostponesWithoutUsingAnAttempt() {
    RetryPolicy policy = policy(5, Duration.ofSeconds(1), 0.5);

    assertThat(policy.after(new JedisConnectionException("connection refused"), 4))
        .isEqualTo(new Outcome.Postpone(Duration.ofSeconds(2)));
    assertThat(policy.after(new RuntimeException(new SQLTransientConnectionException("no connection")), 0))
        .isEqualTo(new Outcome.Postpone(Duration.ofSeconds(2)));
  }
}
