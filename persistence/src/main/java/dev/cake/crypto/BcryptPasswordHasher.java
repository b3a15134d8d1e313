package dev.cake.crypto;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.cake.core.CakeException;
import dev.cake.core.auth.PasswordHasher;
import dev.cake.core.auth.PasswordRules;
import dev.cake.core.auth.PasswordSettings;
import dev.cake.process.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * bcrypt ($2b$, cost from config): the system's libcrypt through the FFM API when it is there and correct (the
 * fastest measured here), else the pure-Java at.favre implementation; both read and write the same hashes.
 *
 * <p>Hashing runs on {@code hashConcurrency} dedicated platform threads, never on a request's virtual thread: a hash
 * is tens of milliseconds of CPU (a native call pins its carrier besides), and virtual threads are not time-sliced,
 * so hashing on the carriers would stall every other request, including the ones holding a database connection.
 * On platform threads the kernel shares the cores between hashing and everything else. A burst queues in FIFO
 * order; a caller waits at most {@code hashQueueTimeout} (default 3 s) for its turn and then gets a 503 with
 * Retry-After (its hash never runs).
 */
@Singleton
public final class BcryptPasswordHasher implements PasswordHasher, Managed {
  private final int cost;
  private final Duration queueTimeout;
  private final Duration retryAfter;
  private final ExecutorService hashers;
  private final String dummyHash;
  private final Optional<LibcryptBcrypt> nativeBcrypt;

  @Inject
  public BcryptPasswordHasher(PasswordSettings settings) {
    this.cost = settings.bcryptCost();
    this.queueTimeout = settings.hashQueueTimeout();
    this.retryAfter = Duration.ofSeconds(Math.max(1, settings.hashQueueTimeout().toSeconds()));
    this.hashers = Executors.newFixedThreadPool(settings.hashConcurrency(),
        Thread.ofPlatform().name("bcrypt-", 1).daemon(true).factory());
    this.nativeBcrypt = LibcryptBcrypt.load();
    LoggerFactory.getLogger(BcryptPasswordHasher.class).info(
        "password hashing: bcrypt cost {} via {}, {} hashing threads", cost, implementation(),
        settings.hashConcurrency());
    this.dummyHash = rawHash("cake-dummy-password-for-timing");
  }

  /** Hashes the NFC form: the same password typed on two devices may arrive composed or decomposed. */
  @Override
  public String hash(String password) {
    return onHashingThread(() -> rawHash(nfc(password)));
  }

  /**
   * Verifies the NFC form, and when that fails and the password as typed differs, the form as typed too (hashes
   * stored before passwords were normalised): both on one hashing thread, one turn in the queue.
   */
  @Override
  public boolean verify(String password, String hash) {
    String normalised = nfc(password);
    return onHashingThread(() -> verifyOne(normalised, hash)
        || (!normalised.equals(password) && verifyOne(password, hash)));
  }

  private boolean verifyOne(String password, String hash) {
    if (password.getBytes(StandardCharsets.UTF_8).length > PasswordRules.MAX_BYTES) return false;
    return useNative(password)
        ? nativeBcrypt.get().verify(password, hash)
        : BCrypt.verifyer(BCrypt.Version.VERSION_2B)
            .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
  }

  static String nfc(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFC);
  }

  /** Which implementation runs, for the start-up log and the bench report. */
  public String implementation() {
    return nativeBcrypt.isPresent() ? "libcrypt (FFM)" : "at.favre (pure Java)";
  }

  /** C strings end at NUL: such passwords (allowed, if odd) always take the Java path, for hashing and verifying. */
  private boolean useNative(String password) {
    return nativeBcrypt.isPresent() && password.indexOf('\0') < 0;
  }

  @Override
  public void verifyDummy(String password) {
    verify(password, dummyHash);
  }

  private String rawHash(String password) {
    if (useNative(password)) return nativeBcrypt.get().hash(password, cost);
    return new String(BCrypt.with(BCrypt.Version.VERSION_2B)
        .hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private <T> T onHashingThread(Callable<T> work) {
    Future<T> result = hashers.submit(work);
    try {
      return result.get(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(false); // still queued: it never runs; already hashing: its answer is dropped
      throw new CakeException.TemporarilyUnavailable("Server busy, please retry", retryAfter);
    } catch (InterruptedException e) {
      result.cancel(false);
      Thread.currentThread().interrupt();
      throw new CakeException.TemporarilyUnavailable("Server shutting down");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException("password hashing failed", e.getCause());
    }
  }

  @Override
  public Stage stage() {
    return Stage.EXECUTORS;
  }

  /** Ends the hashing threads (the server has stopped taking requests by now). */
  @Override
  public void stop() {
    hashers.shutdownNow();
    try {
      hashers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
