package dev.cake.core.testing;

import dev.cake.core.auth.PasswordHasher;

/** {@link PasswordHasher} without the cost: a hash is the password behind a prefix; it counts what it was asked. */
public final class FakePasswordHasher implements PasswordHasher {
  private int hashes;
  private int verifications;
  private int dummyVerifications;
  private boolean full;

  /** From now on, {@link #reserve()} refuses as a hashing queue with no room does. */
  public synchronized void fill() {
    full = true;
  }

  @Override
  public synchronized Turn reserve() {
    if (full) throw new dev.cake.core.CakeException.TemporarilyUnavailable("Server busy, please retry");
    return () -> {};
  }

  public synchronized int hashes() {
    return hashes;
  }

  public synchronized int verifications() {
    return verifications;
  }

  public synchronized int dummyVerifications() {
    return dummyVerifications;
  }

  @Override
  public synchronized String hash(String password) {
    hashes++;
    return "fake$" + password;
  }

  @Override
  public synchronized boolean verify(Turn turn, String password, String hash) {
    verifications++;
    return hash.equals("fake$" + password);
  }

  @Override
  public synchronized void verifyDummy(Turn turn, String password) {
    dummyVerifications++;
  }
}
