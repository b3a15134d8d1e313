package dev.cake.core.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.cake.core.CakeException;
import dev.cake.core.config.Config.PasswordSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * bcrypt ($2b$, cost from config): the system's libcrypt through the FFM API when it is there and correct (the
 * fastest measured here), else the pure-Java at.favre implementation; both read and write the same hashes. Hashing
 * is CPU-bound and virtual threads are not time-sliced, so at most
 * {@code hashConcurrency} hashes run at once behind a fair semaphore: a login burst queues instead of starving every
 * cheap request of carrier threads.
 */
@Singleton
public final class BcryptPasswordHasher implements PasswordHasher {
  private static final long MAX_WAIT_SECONDS = 30;

  private final int cost;
  private final Semaphore slots;
  private final String dummyHash;
  private final java.util.Optional<LibcryptBcrypt> nativeBcrypt;

  @Inject
  public BcryptPasswordHasher(PasswordSettings settings) {
    this.cost = settings.bcryptCost();
    this.slots = new Semaphore(settings.hashConcurrency(), true);
    this.nativeBcrypt = LibcryptBcrypt.load();
    org.slf4j.LoggerFactory.getLogger(BcryptPasswordHasher.class).info(
        "password hashing: bcrypt cost {} via {}, at most {} at once", cost, implementation(),
        settings.hashConcurrency());
    this.dummyHash = rawHash("cake-dummy-password-for-timing");
  }

  @Override
  public String hash(String password) {
    return bounded(() -> rawHash(password));
  }

  @Override
  public boolean verify(String password, String hash) {
    return bounded(() -> useNative(password)
        ? nativeBcrypt.get().verify(password, hash)
        : BCrypt.verifyer(BCrypt.Version.VERSION_2B)
            .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified);
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

  private <T> T bounded(java.util.function.Supplier<T> work) {
    try {
      if (!slots.tryAcquire(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new CakeException.Unavailable("Server busy, please retry");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CakeException.Unavailable("Server shutting down");
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }
}
