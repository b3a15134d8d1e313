package dev.cake.persistence.postgres.auth;

import dev.cake.core.auth.RefreshTokenRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;
import dev.cake.core.audit.AuditEvent;
import dev.cake.persistence.postgres.audit.PostgresAuditLog;
import org.jdbi.v3.core.Jdbi;

/** Refresh-token families in PostgreSQL; rotation is one transaction holding the presented token's row lock. */
@Singleton
public final class PostgresRefreshTokenRepository implements RefreshTokenRepository {
  private final Jdbi jdbi;
  private final PostgresAuditLog audit;

  @Inject
  public PostgresRefreshTokenRepository(Jdbi jdbi, PostgresAuditLog audit) {
    this.jdbi = jdbi;
    this.audit = audit;
  }

  @Override
  public void start(long userId, UUID familyId, String tokenHash, Instant expiresAt, Instant sessionExpiresAt) {
    jdbi.useExtension(RefreshTokenDao.class,
        dao -> dao.insert(tokenHash, familyId, userId, expiresAt, sessionExpiresAt));
  }

  @Override
  public Rotation rotate(String presentedHash, String nextHash, Instant now, Instant nextExpiresAt,
                         Instant graceStart) {
    return jdbi.inTransaction(handle -> {
      RefreshTokenDao dao = handle.attach(RefreshTokenDao.class);
      var found = dao.lock(presentedHash);
      if (found.isEmpty()) return new Rotation.Invalid();
      var token = found.get();
      if (token.revokedAt() != null) return new Rotation.Invalid();
      if (token.spentAt() != null) {
        // the family is alive (a revocation marks every row), so the successor is too, unless it expired
        if (token.spentAt().isAfter(graceStart) && token.successorHash() != null
            && token.sessionExpiresAt().isAfter(now)) {
          return new Rotation.Replayed(token.userId(), token.familyId(), token.successorHash());
        }
        dao.revokeFamily(token.familyId(), now);
        // audited in the revoking transaction: a replayed spent token is the sign of a stolen one
        audit.write(handle, AuditEvent.success("refresh.family_revoked", "user:" + token.userId())
            .withDetail("a spent refresh token was presented again; family " + token.familyId()));
        return new Rotation.Reused(token.userId());
      }
      if (!token.expiresAt().isAfter(now)) return new Rotation.Invalid();
      dao.spend(presentedHash, nextHash, now);
      dao.insert(nextHash, token.familyId(), token.userId(), nextExpiresAt, token.sessionExpiresAt());
      return new Rotation.Rotated(token.userId(), token.familyId());
    });
  }

  @Override
  public boolean extend(java.util.UUID familyId, long userId, Instant now, Instant nextExpiresAt) {
    return jdbi.withExtension(RefreshTokenDao.class, dao -> dao.extend(familyId, userId, now, nextExpiresAt)) > 0;
  }

  @Override
  public java.util.Optional<Long> ownerOf(String tokenHash) {
    return jdbi.withHandle(h -> h.createQuery(RefreshTokenDao.OWNER_OF).bind("hash", tokenHash).mapTo(Long.class)
        .findOne());
  }

  @Override
  public boolean revokeFamily(String tokenHash, long userId, Instant now) {
    return jdbi.withExtension(RefreshTokenDao.class, dao -> dao.revokeFamilyOf(tokenHash, userId, now)) > 0;
  }

  @Override
  public boolean revokeFamily(String tokenHash, long userId, Instant now, AuditEvent event) {
    return jdbi.inTransaction(h -> {
      boolean revoked = h.attach(RefreshTokenDao.class).revokeFamilyOf(tokenHash, userId, now) > 0;
      if (revoked) audit.write(h, event);
      return revoked;
    });
  }

  @Override
  public int prune(Instant now, Instant spentBefore, int limit) {
    return jdbi.withExtension(RefreshTokenDao.class, dao -> dao.pruneBatch(now, spentBefore, limit));
  }
}
