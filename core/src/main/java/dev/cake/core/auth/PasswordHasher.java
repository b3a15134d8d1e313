package dev.cake.core.auth;

/** Port: one-way password hashing. Implementations bound their own concurrency. */
public interface PasswordHasher {
  String hash(String password);

  boolean verify(String password, String hash);

  /** Spends the time of one verification against a fixed hash, so unknown accounts answer as slowly as known ones. */
  void verifyDummy(String password);
}
