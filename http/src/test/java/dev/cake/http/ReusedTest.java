package dev.cake.http;

import static dev.cake.persistence.testing.StartGate.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReusedTest {

  @Test
  void twoHundredConcurrentCallersComputeOnceAndAllGetThatValue() throws Exception {
    var reused = new Reused<Integer>(Duration.ofSeconds(10));
    var computations = new AtomicInteger();
    List<Integer> answers = concurrently(200, () -> reused.get(() -> {
      sleep(50); // a slow computation: the other callers arrive while it runs
      return computations.incrementAndGet();
    }));
    for (int answer : answers) assertThat(answer).isEqualTo(1);
    assertThat(computations).hasValue(1);
  }

  @Test
  void aValueOlderThanMaxAgeIsComputedAgain() {
    var now = new AtomicLong(); // the test's own clock: ages without waiting
    var reused = new Reused<Integer>(Duration.ofMillis(50), now::get);
    var computations = new AtomicInteger();
    assertThat(reused.get(computations::incrementAndGet)).isEqualTo(1);
    assertThat(reused.get(computations::incrementAndGet)).isEqualTo(1);
    now.addAndGet(Duration.ofMillis(80).toNanos());
    assertThat(reused.get(computations::incrementAndGet)).isEqualTo(2);
  }

  @Test
  void theAgeCountsFromWhenTheComputationStarted() {
    var now = new AtomicLong();
    var reused = new Reused<Integer>(Duration.ofMillis(50), now::get);
    var computations = new AtomicInteger();
    assertThat(reused.get(() -> {
      now.addAndGet(Duration.ofMillis(30).toNanos()); // a computation of 30 ms
      return computations.incrementAndGet();
    })).isEqualTo(1);
    now.addAndGet(Duration.ofMillis(19).toNanos());
    assertThat(reused.get(computations::incrementAndGet)).isEqualTo(1);
    now.addAndGet(Duration.ofMillis(1).toNanos()); // 50 ms after the computation started
    assertThat(reused.get(computations::incrementAndGet)).isEqualTo(2);
  }

  @Test
  void aComputationOverlappingAnInvalidationIsNotKept() {
    var reused = new Reused<String>(Duration.ofSeconds(10));
    // The change lands while the old value is being computed: that value may predate it, so it is not reused.
    assertThat(reused.get(() -> {
      reused.invalidate();
      return "before the change";
    })).isEqualTo("before the change");
    assertThat(reused.get(() -> "after the change")).isEqualTo("after the change");
    assertThat(reused.get(() -> "not computed")).isEqualTo("after the change");
  }

  @Test
  void aFailedComputationIsThrownToItsCallerAndNotKept() {
    var reused = new Reused<String>(Duration.ofSeconds(10));
    assertThatThrownBy(() -> reused.get(() -> {
      throw new IllegalStateException("database down");
    })).hasMessage("database down");
    assertThat(reused.get(() -> "after the failure")).isEqualTo("after the failure");
    assertThat(reused.get(() -> "not computed")).isEqualTo("after the failure");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
