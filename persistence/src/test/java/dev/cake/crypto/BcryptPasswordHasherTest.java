package dev.cake.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.auth.PasswordSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Hashes run on the hasher's own platform threads, queue in order, and give up after the queue timeout. */
class BcryptPasswordHasherTest {

  @Test
  void hashesRunOnDedicatedPlatformThreadsNotOnTheCallersVirtualThread() throws Exception {
    var before = bcryptThreads();
    var hasher = new BcryptPasswordHasher(new PasswordSettings(4, 2, Duration.ofSeconds(30)));
    var threads = ConcurrentHashMap.<String>newKeySet();
    var virtualCallers = ConcurrentHashMap.<Boolean>newKeySet();
    try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      var results = new ArrayList<Future<Boolean>>();
      for (int i = 0; i < 50; i++) {
        String password = "password-" + i;
        results.add(callers.submit(() -> {
          threads.add(Thread.currentThread().getName());
          virtualCallers.add(Thread.currentThread().isVirtual());
          return hasher.verify(password, hasher.hash(password)) && !hasher.verify(password + "x", hasher.hash(password));
        }));
      }
      for (var result : results) assertThat(result.get()).isTrue();
    }
    assertThat(threads).allMatch(String::isEmpty); // the callers were unnamed virtual threads…
    assertThat(virtualCallers).containsExactly(true);
    // …and the hashing threads are the hasher's own, exactly as many as configured.
    assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(name -> name.startsWith("bcrypt-"))).isNotEmpty();
    var own = bcryptThreads();
    own.removeAll(before);
    assertThat(own).hasSize(2).noneMatch(Thread::isVirtual).allMatch(Thread::isDaemon);
  }

  /** The live hashing threads of every hasher in this JVM (tests run one at a time: no other hasher starts one). */
  private static java.util.Set<Thread> bcryptThreads() {
    var result = new java.util.HashSet<Thread>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("bcrypt-")) result.add(t);
    }
    return result;
  }

  @Test
  void aHashThatCannotFinishWithinTheQueueTimeoutIsUnavailable() {
    // cost 14 is about a second of CPU per hash, far beyond a 20 ms budget.
    var hasher = new BcryptPasswordHasher(new PasswordSettings(14, 1, Duration.ofMillis(20)));
    assertThatThrownBy(() -> hasher.hash("password-1"))
        .isInstanceOf(CakeException.TemporarilyUnavailable.class)
        .hasMessage("Server busy, please retry");
  }

  @Test
  void bcryptHashesVerifyAndRejectOtherPasswords() {
    var hasher = new BcryptPasswordHasher(new PasswordSettings(4, 2, java.time.Duration.ofSeconds(30)));
    String hash = hasher.hash("correct-horse");
    assertThat(hash).startsWith("$2b$04$").hasSize(60);
    assertThat(hasher.verify("correct-horse", hash)).isTrue();
    assertThat(hasher.verify("wrong-horse", hash)).isFalse();
    assertThat(hasher.hash("correct-horse")).isNotEqualTo(hash); // salted
  }
}
