package dev.cake.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReusedTest {

  @Test
  void twoHundredConcurrentCallersComputeOnceAndAllGetThatValue() throws Exception {
    var reused = new Reused<Integer>(Duration.ofSeconds(10));
    var computations = new AtomicInteger();
    var start = new CountDownLatch(1);
    try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      var answers = new ArrayList<Future<Integer>>();
      for (int i = 0; i < 200; i++) {
        answers.add(callers.submit(() -> {
          start.await();
          return reused.get(() -> {
            sleep(50);
            return computations.incrementAndGet();
          });
        }));
      }
      start.countDown();
      for (var answer : answers) assertThat(answer.get()).isEqualTo(1);
    }
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
