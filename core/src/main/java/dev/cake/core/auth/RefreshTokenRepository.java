package dev.cake.core.auth;

import java.time.Instant;
import java.util.UUID;

/** Port: refresh-token families. Only hashes are stored. */
public interface RefreshTokenRepository {
  /**
   * Starts a new family (a login or a registration) with its first token. {@code sessionExpiresAt} is the absolute end
   * of the session: no token of the family expires later.
   */
  void start(long userId, UUID familyId, String tokenHash, Instant expiresAt, Instant sessionExpiresAt);

  /**
   * Spends {@code presentedHash} and stores {@code nextHash} in its family, atomically; the new token expires at
   * {@code nextExpiresAt} or at the end of the session, whichever comes first. A token spent after
   * {@code graceStart} whose family is still alive answers {@link Rotation.Replayed} with the successor's hash and
   * changes nothing; a token spent earlier revokes the whole family (someone holds a stolen copy).
   */
  Rotation rotate(String presentedHash, String nextHash, Instant now, Instant nextExpiresAt, Instant graceStart);

  /**
   * True while session {@code familyId} of {@code userId} is alive at {@code now} (not revoked by logout or reuse,
   * its current token unexpired, within its absolute lifetime); then its current token's expiry slides to
   * {@code nextExpiresAt} as a rotation would, never past the session's end. False changes nothing.
   */
  boolean extend(UUID familyId, long userId, Instant now, Instant nextExpiresAt);

  /** The user of the family {@code tokenHash} belongs to, if that token exists (for the refresh limit). */
  java.util.Optional<Long> ownerOf(String tokenHash);

  /** Revokes the family of {@code tokenHash} if it belongs to {@code userId}; false when there is none. */
  boolean revokeFamily(String tokenHash, long userId, Instant now);

  /** {@link #revokeFamily(String, long, Instant)} and {@code audit} in one transaction (a revocation for reuse). */
  boolean revokeFamily(String tokenHash, long userId, Instant now, dev.cake.core.audit.AuditEvent audit);

  /**
   * Deletes at most {@code limit} dead rows: expired ones, revoked ones, and those spent before {@code spentBefore}
   * (kept until then so that a stolen copy still revokes its family). Returns how many were deleted.
   */
  int prune(Instant now, Instant spentBefore, int limit);

  sealed interface Rotation {
    record Rotated(long userId, UUID familyId) implements Rotation {}

    /** The token was spent moments ago (a retry): its successor, already issued, is still the session's token. */
    record Replayed(long userId, UUID familyId, String successorHash) implements Rotation {}

    /** Unknown or expired token. */
    record Invalid() implements Rotation {}

    /** A spent token came back: the family is now revoked. */
    record Reused(long userId) implements Rotation {}
  }
}
