package dev.cake.persistence.redis.promotion;

import static dev.cake.persistence.testing.StartGate.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.persistence.testing.TestPersistence;
import dev.cake.persistence.testing.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Shared round trips against the real Redis: exact answers, read-your-writes and failures under real concurrency. */
class SharedTripsTest {
  private static TestPersistence persistence;
  private static String prefix;
  private final AtomicInteger trips = new AtomicInteger();
  private final AtomicLong keysSent = new AtomicLong();

  @BeforeAll
  static void start() {
    persistence = new TestPersistence();
    prefix = TestServices.get().redisPrefix() + "trips:" + System.nanoTime() + ":";
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  /** The real fetch: one MGET per trip, counted. */
  private List<String> mget(List<String> keys) {
    trips.incrementAndGet();
    keysSent.addAndGet(keys.size());
    return persistence.redis.mget(keys.toArray(String[]::new));
  }

  @Test
  void manyConcurrentLookupsShareTripsAndEachGetsItsOwnValues() throws Exception {
    int readers = 400;
    for (int i = 0; i < readers; i++) persistence.redis.set(prefix + "own:" + i, "value-" + i);
    persistence.redis.set(prefix + "shared", "everyone's");
    var shared = new SharedTrips(this::mget);
    var next = new AtomicInteger();

    var answers = concurrently(readers, () -> {
      int i = next.getAndIncrement();
      return List.of(i, shared.get(List.of(prefix + "own:" + i, prefix + "shared")));
    });

    for (var answer : answers) {
      assertThat(answer.get(1)).isEqualTo(List.of("value-" + answer.get(0), "everyone's"));
    }
    // one key per reader plus the shared one once per trip: never sent twice in a trip
    assertThat(keysSent.get()).isEqualTo(readers + trips.get());
    assertThat(trips.get()).isLessThan(readers); // shared: 400 threads at once never each travel alone
  }

  @Test
  void aLookupAlwaysSeesAWriteThatFinishedBeforeItWasAsked() throws Exception {
    var shared = new SharedTrips(this::mget);
    int writers = 32;
    int rounds = 150;
    var next = new AtomicInteger();

    var stale = concurrently(writers, () -> {
      String key = prefix + "ryw:" + next.getAndIncrement();
      int seenStale = 0;
      for (int round = 0; round < rounds; round++) {
        persistence.redis.set(key, Integer.toString(round));
        if (!shared.get(List.of(key)).getFirst().equals(Integer.toString(round))) seenStale++;
      }
      return seenStale;
    });

    assertThat(stale).containsOnly(0);
    assertThat(trips.get()).isLessThanOrEqualTo(writers * rounds);
  }

  @Test
  void moreKeysThanOneTripCarriesAreAllAnsweredInLaterTrips() throws Exception {
    var shared = new SharedTrips(this::mget);
    int readers = SharedTrips.MAX_KEYS * 3;
    for (int i = 0; i < readers; i++) persistence.redis.set(prefix + "many:" + i, Integer.toString(i));
    var next = new AtomicInteger();

    var answers = concurrently(readers, () -> {
      int i = next.getAndIncrement();
      return shared.get(List.of(prefix + "many:" + i)).getFirst().equals(Integer.toString(i));
    });

    assertThat(answers).hasSize(readers).containsOnly(true);
    assertThat(trips.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aFailedTripFailsEveryLookupItCarriedAndTheNextTripIsMadeAnew() throws Exception {
    var failing = new AtomicBoolean(true);
    var shared = new SharedTrips(keys -> {
      if (failing.get()) {
        trips.incrementAndGet();
        throw new JedisConnectionException("Redis is away");
      }
      return mget(keys);
    });
    persistence.redis.set(prefix + "after", "back");

    var outcomes = concurrently(100, () -> {
      try {
        shared.get(List.of(prefix + "after"));
        return "answered";
      } catch (JedisConnectionException e) {
        return e.getMessage();
      }
    });
    assertThat(outcomes).hasSize(100).containsOnly("Redis is away");

    failing.set(false);
    assertThat(shared.get(List.of(prefix + "after"))).containsExactly("back");
    // an Error (or a fetch answering the wrong number of values) fails its lookups too, and leaves no one leading
    var broken = new SharedTrips(keys -> {
      throw new AssertionError("not even an exception");
    });
    assertThatThrownBy(() -> broken.get(List.of("k"))).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> broken.get(List.of("k"))).isInstanceOf(AssertionError.class); // not left waiting
    var wrongCount = new SharedTrips(keys -> List.of());
    assertThatThrownBy(() -> wrongCount.get(List.of("k"))).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> wrongCount.get(List.of("k"))).isInstanceOf(IndexOutOfBoundsException.class); // the same
    assertThatThrownBy(() -> new SharedTrips(keys -> {
      throw new IllegalStateException("broken");
    }).get(List.of("k"))).isInstanceOf(IllegalStateException.class).hasMessage("broken");
  }

  @Test
  void aMissingKeyIsAnsweredAsNull() {
    var shared = new SharedTrips(this::mget);
    var answer = new ArrayList<>(shared.get(List.of(prefix + "never-written", prefix + "never-written")));
    assertThat(answer).containsExactly(null, null);
    assertThat(keysSent.get()).isEqualTo(1);
  }
}
