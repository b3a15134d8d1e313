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
 * bcrypt ($2b$, cost from config). Hashing is CPU-bound and virtual threads are not time-sliced, so at most
 * {@code hashConcurrency} hashes run at once behind a fair semaphore: a login burst queues instead of starving every
 * cheap request of carrier threads.
 */
@Singleton
public final class BcryptPasswordHasher implements PasswordHasher {
  private static final long MAX_WAIT_SECONDS = 30;

  private final int cost;
  private final Semaphore slots;
  private final String dummyHash;

  @Inject
  public BcryptPasswordHasher(PasswordSettings settings) {
    this.cost = settings.bcryptCost();
    this.slots = new Semaphore(settings.hashConcurrency(), true);
    this.dummyHash = rawHash("cake-dummy-password-for-timing");
  }

  @Override
  public String hash(String password) {
    return bounded(() -> rawHash(password));
  }

  @Override
  public boolean verify(String password, String hash) {
    return bounded(() -> BCrypt.verifyer(BCrypt.Version.VERSION_2B)
        .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified);
  }

  @Override
  public void verifyDummy(String password) {
    verify(password, dummyHash);
  }

  private String rawHash(String password) {
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
