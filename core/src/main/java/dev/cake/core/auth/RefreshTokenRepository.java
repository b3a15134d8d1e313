package dev.cake.core.auth;

import java.time.Instant;
import java.util.UUID;

/** Port: refresh-token families. Only hashes are stored. */
public interface RefreshTokenRepository {
  /** Starts a new family (a login or a registration) with its first token. */
  void start(long userId, UUID familyId, String tokenHash, Instant expiresAt);

  /**
   * Spends {@code presentedHash} and stores {@code nextHash} in its family, atomically. Presenting a token that was
   * already spent or revoked revokes the whole family (someone holds a stolen copy).
   */
  Rotation rotate(String presentedHash, String nextHash, Instant now, Instant nextExpiresAt);

  /** Revokes the family of {@code tokenHash} if it belongs to {@code userId}; false when there is none. */
  boolean revokeFamily(String tokenHash, long userId, Instant now);

  sealed interface Rotation {
    record Rotated(long userId) implements Rotation {}

    /** Unknown or expired token. */
    record Invalid() implements Rotation {}

    /** A spent token came back: the family is now revoked. */
    record Reused(long userId) implements Rotation {}
  }
}
