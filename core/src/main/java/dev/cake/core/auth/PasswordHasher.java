package dev.cake.core.auth;

/** Port: one-way password hashing. Implementations bound their own concurrency. */
public interface PasswordHasher {
  String hash(String password);

  /**
   * A place for one verification in the hashing queue, taken before the work that leads to it (a login's database
   * lookup), so that in a login storm only the logins that can be hashed in time do that work, and the rest are
   * refused at once: a {@code CakeException.TemporarilyUnavailable} (503 with Retry-After). The place is used by
   * {@link #verify(Turn, String, String)} or {@link #verifyDummy(Turn, String)}; closing an unused one gives it back.
   */
  Turn reserve();

  /** Verifies in the place reserved for it. */
  boolean verify(Turn turn, String password, String hash);

  /**
   * Spends the time of one verification against a fixed hash in the reserved place, so unknown accounts answer as
   * slowly as known ones.
   */
  void verifyDummy(Turn turn, String password);

  /** Verifies in a place of its own (refused at once as {@link #reserve()} is). */
  default boolean verify(String password, String hash) {
    try (Turn turn = reserve()) {
      return verify(turn, password, hash);
    }
  }

  /** A reserved place in the hashing queue; closing it gives it back unless it was used. Idempotent. */
  interface Turn extends AutoCloseable {
    @Override
    void close();
  }
}
