package dev.cake.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.auth.PasswordSettings;
import dev.cake.persistence.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The hashing queue sheds early: it accepts exactly what can finish by the caller's deadline, refuses the rest at once,
 * never computes a hash whose caller gave up or whose deadline can no longer be met, and delivers every hash it
 * computes. Real threads, exact counts; the waits below are hang guards, never speed assertions.
 */
class HashQueueTest {
  private static final long HANG_GUARD_S = 60;

  @Test
  void acceptsExactlyWhatCanFinishByTheDeadlineAndRefusesTheRestWithoutWaiting() throws Exception {
    // 2 threads, a 10 s budget, 1 s a hash: with o hashes outstanding a new one is done after (o / 2 + 1) s, so
    // o = 0 … 19 fit and exactly 20 of 50 simultaneous callers are accepted.
    var hashing = new CountDownLatch(1);
    var ran = new AtomicInteger();
    var refusedBeforeAnyHashFinished = new CountDownLatch(30);
    var refusals = new ConcurrentLinkedQueue<CakeException.TemporarilyUnavailable>();
    try (var queue = new HashQueue(2, Duration.ofSeconds(10), Duration.ofSeconds(1));
         var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      queue.reserve().close(); // room: no refusal, and the place given back
      var results = new ArrayList<Future<Integer>>();
      for (int i = 0; i < 50; i++) {
        results.add(callers.submit(() -> {
          try {
            return queue.run(() -> {
              hashing.await(); // every hash holds its thread until the refusals are counted
              return ran.incrementAndGet();
            });
          } catch (CakeException.TemporarilyUnavailable refused) {
            refusals.add(refused);
            refusedBeforeAnyHashFinished.countDown();
            return -1;
          }
        }));
      }
      // the 30 refusals arrive while no hash has finished: nobody refused waited for a hash
      assertThat(refusedBeforeAnyHashFinished.await(HANG_GUARD_S, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).hasValue(0);
      // full: a caller asking before its lookup is refused too, and nothing is queued for it
      assertThatThrownBy(queue::reserve).isInstanceOf(CakeException.TemporarilyUnavailable.class)
          .hasMessage("Server busy, please retry");
      hashing.countDown();
      long answered = 0;
      for (var result : results) if (result.get(HANG_GUARD_S, TimeUnit.SECONDS) > 0) answered++;
      assertThat(answered).isEqualTo(20);
      assertThat(ran).hasValue(20);
      assertThat(refusals).hasSize(30).allSatisfy(refused -> {
        assertThat(refused).hasMessage("Server busy, please retry");
        assertThat(refused.retryAfter()).isPresent();
      });
      assertThat(queue.counts()).isEqualTo(new HashQueue.Counts(20, 31, 0, 0, 20, 20));
    }
  }

  @Test
  void inAStormOnlyTheCallersThatCanBeHashedInTimeDoTheWorkBeforeTheirHash() throws Exception {
    // 2 threads, a 10 s budget, 1 s a hash: 20 places. 200 simultaneous logins each reserve, then look their account
    // up (held until every refusal is in), then hash in their place: exactly 20 look up, 180 are refused before.
    var lookupsMayEnd = new CountDownLatch(1);
    var lookups = new AtomicInteger();
    var refusedBeforeLookup = new CountDownLatch(180);
    try (var queue = new HashQueue(2, Duration.ofSeconds(10), Duration.ofSeconds(1));
         var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      var results = new ArrayList<Future<String>>();
      for (int i = 0; i < 200; i++) {
        results.add(callers.submit(() -> {
          try (var place = queue.reserve()) {
            lookups.incrementAndGet();
            lookupsMayEnd.await();
            return queue.run(place, () -> "hashed");
          } catch (CakeException.TemporarilyUnavailable refused) {
            refusedBeforeLookup.countDown();
            return "refused";
          }
        }));
      }
      assertThat(refusedBeforeLookup.await(HANG_GUARD_S, TimeUnit.SECONDS)).isTrue();
      assertThat(lookups).hasValue(20);
      lookupsMayEnd.countDown();
      var outcomes = new ArrayList<String>();
      for (var result : results) outcomes.add(result.get(HANG_GUARD_S, TimeUnit.SECONDS));
      assertThat(outcomes).filteredOn("hashed"::equals).hasSize(20);
      assertThat(outcomes).filteredOn("refused"::equals).hasSize(180);
      assertThat(queue.counts()).isEqualTo(new HashQueue.Counts(20, 180, 0, 0, 20, 20));
      assertThat(queue.reserve()).isNotNull(); // every place was used or given back: there is room again
    }
  }

  @Test
  void aPlaceIsUsedOnceAndAnUnusedOneIsGivenBack() throws Exception {
    try (var queue = new HashQueue(1, Duration.ofSeconds(3), Duration.ofSeconds(1))) {
      // 1 thread, 3 s, 1 s a hash: 3 places
      var first = queue.reserve();
      var second = queue.reserve();
      var third = queue.reserve();
      assertThatThrownBy(queue::reserve).isInstanceOf(CakeException.TemporarilyUnavailable.class);
      second.close();
      second.close(); // idempotent: gives back one place, not two
      var again = queue.reserve();
      assertThatThrownBy(queue::reserve).isInstanceOf(CakeException.TemporarilyUnavailable.class);
      assertThat(queue.run(first, () -> 42)).isEqualTo(42);
      // its thread counts it as running until just after the answer: wait for that before counting places
      assertThat(Poll.until(() -> queue.depth()[1] == 0, Duration.ofSeconds(HANG_GUARD_S))).isTrue();
      first.close(); // used: closing gives nothing back twice
      assertThatThrownBy(() -> queue.run(first, () -> 43)).isInstanceOf(IllegalStateException.class);
      third.close();
      again.close();
      assertThat(queue.counts().accepted()).isEqualTo(1);
      // all three places free again
      var places = List.of(queue.reserve(), queue.reserve(), queue.reserve());
      assertThatThrownBy(queue::reserve).isInstanceOf(CakeException.TemporarilyUnavailable.class);
      places.forEach(HashQueue.Place::close);
    }
  }

  @Test
  void aHashWhoseCallerGaveUpIsNeverComputed() throws Exception {
    var first = new CountDownLatch(1);
    var started = new CountDownLatch(1);
    var computed = new AtomicInteger();
    try (var queue = new HashQueue(1, Duration.ofSeconds(60), Duration.ofMillis(1));
         var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> running = callers.submit(() -> queue.run(() -> {
        started.countDown();
        first.await();
        return computed.incrementAndGet();
      }));
      assertThat(started.await(HANG_GUARD_S, TimeUnit.SECONDS)).isTrue();
      var gaveUp = new CountDownLatch(5);
      var waiting = new ArrayList<Thread>();
      for (int i = 0; i < 5; i++) {
        waiting.add(Thread.ofVirtual().start(() -> {
          try {
            queue.run(computed::incrementAndGet);
          } catch (CakeException.TemporarilyUnavailable e) {
            gaveUp.countDown();
          }
        }));
      }
      while (queue.counts().accepted() < 6) Thread.sleep(1);
      waiting.forEach(Thread::interrupt); // the callers give up while their hashes are queued
      assertThat(gaveUp.await(HANG_GUARD_S, TimeUnit.SECONDS)).isTrue();
      first.countDown();
      assertThat(running.get(HANG_GUARD_S, TimeUnit.SECONDS)).isEqualTo(1);
      // the thread has taken and skipped every abandoned hash once a later one runs
      assertThat(queue.run(() -> "after")).isEqualTo("after");
      assertThat(computed).hasValue(1);
      assertThat(queue.counts()).isEqualTo(new HashQueue.Counts(7, 0, 0, 5, 2, 2));
    }
  }

  @Test
  void aHashThatCanNoLongerFinishByItsDeadlineIsDroppedUnhashedAndItsCallerAnsweredAtOnce() throws Exception {
    var now = new AtomicLong();
    var first = new CountDownLatch(1);
    var started = new CountDownLatch(1);
    var computed = new AtomicInteger();
    // 1 thread, a 10 s budget (on the test's ticker), 1 s a hash
    try (var queue = new HashQueue(1, Duration.ofSeconds(10), Duration.ofSeconds(1), now::get);
         var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> slow = callers.submit(() -> queue.run(() -> {
        started.countDown();
        first.await();
        return computed.incrementAndGet();
      }));
      assertThat(started.await(HANG_GUARD_S, TimeUnit.SECONDS)).isTrue();
      Future<Integer> late = callers.submit(() -> queue.run(computed::incrementAndGet)); // deadline: 10 s
      while (queue.counts().accepted() < 2) Thread.sleep(1);
      // the first hash took 9.5 s: the mean becomes 0.8 × 1 + 0.2 × 9.5 = 2.7 s, and 9.5 + 2.7 > 10
      now.set(Duration.ofMillis(9_500).toNanos());
      first.countDown();
      assertThat(slow.get(HANG_GUARD_S, TimeUnit.SECONDS)).isEqualTo(1);
      assertThatThrownBy(() -> late.get(HANG_GUARD_S, TimeUnit.SECONDS))
          .hasCauseInstanceOf(CakeException.TemporarilyUnavailable.class)
          .cause().hasMessage("Server busy, please retry");
      assertThat(computed).hasValue(1);
      assertThat(queue.meanHashTime()).isEqualTo(Duration.ofMillis(2_700));
      assertThat(queue.counts()).isEqualTo(new HashQueue.Counts(2, 0, 1, 0, 1, 1));
    }
  }

  @Test
  void anEstimateThatRefusesEverythingIsMeasuredAgainOnceIdleLongerThanTheBudget() throws Exception {
    var now = new AtomicLong();
    // a freak first measurement: 20 s a hash against a 10 s budget refuses every hash…
    try (var queue = new HashQueue(1, Duration.ofSeconds(10), Duration.ofSeconds(20), now::get)) {
      assertThatThrownBy(() -> queue.run(() -> "refused")).isInstanceOf(CakeException.TemporarilyUnavailable.class);
      // …until the threads have been idle longer than the budget and that estimate: one hash then runs and is
      // measured (0 s on this ticker)
      now.set(Duration.ofSeconds(11).toNanos());
      assertThatThrownBy(() -> queue.run(() -> "refused")).isInstanceOf(CakeException.TemporarilyUnavailable.class);
      now.set(Duration.ofSeconds(21).toNanos());
      assertThat(queue.run(() -> "measured")).isEqualTo("measured");
      // the thread records the time just after handing over the answer
      long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_S);
      while (!queue.meanHashTime().equals(Duration.ofSeconds(16)) && System.nanoTime() < guard) Thread.sleep(1);
      assertThat(queue.meanHashTime()).isEqualTo(Duration.ofSeconds(16));
      assertThat(queue.counts()).isEqualTo(new HashQueue.Counts(1, 2, 0, 0, 1, 1));
    }
  }

  @Test
  void closeAnswersTheQueuedDeliversTheRunningAndEndsItsThreads() throws Exception {
    var first = new CountDownLatch(1);
    var started = new CountDownLatch(1);
    var queue = new HashQueue(1, Duration.ofSeconds(60), Duration.ofMillis(1));
    try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> running = callers.submit(() -> queue.run(() -> {
        started.countDown();
        first.await();
        return "delivered";
      }));
      assertThat(started.await(HANG_GUARD_S, TimeUnit.SECONDS)).isTrue();
      Future<String> queued = callers.submit(() -> queue.run(() -> "never"));
      while (queue.counts().accepted() < 2) Thread.sleep(1);
      Thread closing = Thread.ofVirtual().start(queue::close);
      assertThatThrownBy(() -> queued.get(HANG_GUARD_S, TimeUnit.SECONDS))
          .cause().isInstanceOf(CakeException.TemporarilyUnavailable.class).hasMessage("Server shutting down");
      first.countDown();
      assertThat(running.get(HANG_GUARD_S, TimeUnit.SECONDS)).isEqualTo("delivered");
      assertThat(closing.join(Duration.ofSeconds(HANG_GUARD_S))).isTrue();
    }
    assertThatThrownBy(() -> queue.run(() -> "late"))
        .isInstanceOf(CakeException.TemporarilyUnavailable.class).hasMessage("Server shutting down");
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("bcrypt-") && t.isAlive()
        && List.of(t.getStackTrace()).stream().anyMatch(f -> f.getClassName().equals(HashQueue.class.getName())));
    queue.close(); // idempotent
  }

  @Test
  void aStormOfRealHashesSpendsEveryComputedHashOnAnAnswer() throws Exception {
    // cost 10 bcrypt (tens of ms) on 2 threads with a 2 s budget: 300 simultaneous logins are far more than fit
    String hash;
    try (var other = new BcryptPasswordHasher(new PasswordSettings(10, 1, Duration.ofSeconds(30)))) {
      hash = other.hash("storm-pass");
    }
    try (var hasher = new BcryptPasswordHasher(new PasswordSettings(10, 2, Duration.ofSeconds(2)));
         var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      var gate = new CountDownLatch(1);
      var results = new ArrayList<Future<String>>();
      for (int i = 0; i < 300; i++) {
        results.add(callers.submit(() -> {
          gate.await();
          try {
            return hasher.verify("storm-pass", hash) ? "200" : "401";
          } catch (CakeException.TemporarilyUnavailable busy) {
            assertThat(busy.retryAfter()).isPresent();
            return "503 " + busy.getMessage();
          }
        }));
      }
      gate.countDown();
      var answers = new ArrayList<String>();
      for (var result : results) answers.add(result.get(HANG_GUARD_S, TimeUnit.SECONDS));
      long ok = answers.stream().filter("200"::equals).count();
      long busy = answers.stream().filter("503 Server busy, please retry"::equals).count();
      HashQueue.Counts counts = hasher.counts();
      assertThat(ok + busy).isEqualTo(300); // nothing else: no 401, no other failure
      assertThat(ok).isPositive();
      assertThat(counts.refused()).isPositive();
      assertThat(counts.accepted() + counts.refused()).isEqualTo(300);
      // every computed hash was answered, and every 200 is one computed hash: none computed for a caller who left
      assertThat(counts.hashed()).isEqualTo(counts.answered()).isEqualTo(ok);
      assertThat(counts.accepted()).isEqualTo(counts.answered() + counts.expired() + counts.abandoned());
      assertThat(busy).isEqualTo(counts.refused() + counts.expired() + counts.abandoned());
    }
  }
}
