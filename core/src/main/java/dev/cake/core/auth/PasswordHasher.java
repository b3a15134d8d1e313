package dev.cake.core.auth;

/** Port: one-way password hashing. Implementations bound their own concurrency. */
public interface PasswordHasher {
  String hash(String password);

  boolean verify(String password, String hash);

  /** Spends the time of one verification against a fixed hash, so unknown accounts answer as slowly as known ones. */
  void verifyDummy(String password);

  /**
   * Refuses at once (a {@code CakeException.TemporarilyUnavailable}) when a hash asked for now could not be done in
   * time, so a caller sheds before doing the work that leads to the hash (a login's database lookup). A hint: the
   * hash itself may still be refused.
   */
  default void checkCapacity() {}
}
