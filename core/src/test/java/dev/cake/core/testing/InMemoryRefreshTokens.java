package dev.cake.core.testing;

import dev.cake.core.auth.RefreshTokenRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link RefreshTokenRepository} in memory, with the adapter's rules: no token outlives its session; a token spent
 * within the grace window replays its successor while the session lives; any other spent token revokes its family.
 */
public final class InMemoryRefreshTokens implements RefreshTokenRepository {
  private static final class Token {
    final long userId;
    final UUID familyId;
    final Instant sessionExpiresAt;
    Instant expiresAt;
    Instant spentAt;
    Instant revokedAt;
    String successorHash;

    Token(long userId, UUID familyId, Instant expiresAt, Instant sessionExpiresAt) {
      this.userId = userId;
      this.familyId = familyId;
      this.expiresAt = earlier(expiresAt, sessionExpiresAt);
      this.sessionExpiresAt = sessionExpiresAt;
    }
  }

  private final Map<String, Token> tokens = new HashMap<>();

  /** Whether the family of {@code tokenHash} has been revoked (by logout or reuse). */
  public synchronized boolean revoked(String tokenHash) {
    return tokens.get(tokenHash).revokedAt != null;
  }

  /** When {@code tokenHash} expires, or empty when there is no such token. */
  public synchronized Optional<Instant> expiresAt(String tokenHash) {
    return Optional.ofNullable(tokens.get(tokenHash)).map(t -> t.expiresAt);
  }

  @Override
  public synchronized void start(long userId, UUID familyId, String tokenHash, Instant expiresAt,
                                 Instant sessionExpiresAt) {
    tokens.put(tokenHash, new Token(userId, familyId, expiresAt, sessionExpiresAt));
  }

  @Override
  public synchronized Rotation rotate(String presentedHash, String nextHash, Instant now, Instant nextExpiresAt,
                                      Instant graceStart) {
    Token token = tokens.get(presentedHash);
    if (token == null || token.revokedAt != null) return new Rotation.Invalid();
    if (token.spentAt != null) {
      if (token.spentAt.isAfter(graceStart) && token.successorHash != null
          && token.sessionExpiresAt.isAfter(now)) {
        return new Rotation.Replayed(token.userId, token.familyId, token.successorHash);
      }
      revoke(token.familyId, now);
      return new Rotation.Reused(token.userId);
    }
    if (!token.expiresAt.isAfter(now)) return new Rotation.Invalid();
    token.spentAt = now;
    token.successorHash = nextHash;
    tokens.put(nextHash, new Token(token.userId, token.familyId, nextExpiresAt, token.sessionExpiresAt));
    return new Rotation.Rotated(token.userId, token.familyId);
  }

  @Override
  public synchronized boolean extend(UUID familyId, long userId, Instant now, Instant nextExpiresAt) {
    boolean extended = false;
    for (Token t : tokens.values()) {
      if (t.familyId.equals(familyId) && t.userId == userId && t.spentAt == null && t.revokedAt == null
          && t.expiresAt.isAfter(now) && t.sessionExpiresAt.isAfter(now)) {
        t.expiresAt = earlier(nextExpiresAt, t.sessionExpiresAt);
        extended = true;
      }
    }
    return extended;
  }

  @Override
  public synchronized Optional<Long> ownerOf(String tokenHash) {
    return Optional.ofNullable(tokens.get(tokenHash)).map(t -> t.userId);
  }

  @Override
  public synchronized boolean revokeFamily(String tokenHash, long userId, Instant now) {
    Token token = tokens.get(tokenHash);
    if (token == null || token.userId != userId) return false;
    return revoke(token.familyId, now) > 0;
  }

  @Override
  public synchronized boolean revokeFamily(String tokenHash, long userId, Instant now,
                                           dev.cake.core.audit.AuditEvent audit) {
    return revokeFamily(tokenHash, userId, now);
  }

  @Override
  public synchronized int prune(Instant now, Instant spentBefore, int limit) {
    throw new UnsupportedOperationException("not needed by the service tests");
  }

  private int revoke(UUID familyId, Instant now) {
    int revoked = 0;
    for (Token t : tokens.values()) {
      if (t.familyId.equals(familyId) && t.revokedAt == null) {
        t.revokedAt = now;
        revoked++;
      }
    }
    return revoked;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
