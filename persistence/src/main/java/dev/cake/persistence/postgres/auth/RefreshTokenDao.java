package dev.cake.persistence.postgres.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code refresh_tokens} table. Its one read outside a transaction is the SQL constant {@link #OWNER_OF}, run as a
 * fluent query by {@link PostgresRefreshTokenRepository} (docs/ARCHITECTURE.md, "Database reads"); the methods are
 * the statements of its transactions and its writes.
 */
public interface RefreshTokenDao {
  /** The id of the user a token was issued to; binds {@code hash}. */
  String OWNER_OF = "SELECT user_id FROM refresh_tokens WHERE token_hash = :hash";

  @SqlUpdate("""
      INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at, session_expires_at)
      VALUES (:hash, :family, :userId, least(CAST(:expiresAt AS timestamptz), CAST(:sessionExpiresAt AS timestamptz)),
              :sessionExpiresAt)""")
  void insert(String hash, UUID family, long userId,
              Instant expiresAt, Instant sessionExpiresAt);

  @SqlQuery("""
      SELECT token_hash, family_id, user_id, expires_at, session_expires_at, spent_at, revoked_at, successor_hash
      FROM refresh_tokens WHERE token_hash = :hash FOR UPDATE""")
  Optional<TokenRow> lock(String hash);

  @SqlUpdate("UPDATE refresh_tokens SET spent_at = :at, successor_hash = :successor WHERE token_hash = :hash")
  void spend(String hash, String successor, Instant at);

  /** Slides the expiry of the family's current token (unspent, unrevoked, unexpired); 0 rows: the session is over. */
  @SqlUpdate("""
      UPDATE refresh_tokens SET expires_at = least(CAST(:nextExpiresAt AS timestamptz), session_expires_at)
      WHERE family_id = :family AND user_id = :userId AND spent_at IS NULL AND revoked_at IS NULL
        AND expires_at > :now AND session_expires_at > :now""")
  int extend(UUID family, long userId, Instant now,
             Instant nextExpiresAt);

  @SqlUpdate("UPDATE refresh_tokens SET revoked_at = :at WHERE family_id = :family AND revoked_at IS NULL")
  int revokeFamily(UUID family, Instant at);

  @SqlUpdate("""
      UPDATE refresh_tokens SET revoked_at = :at
      WHERE revoked_at IS NULL
        AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = :hash AND user_id = :userId)""")
  int revokeFamilyOf(String hash, long userId, Instant at);

  /** One batch of dead rows; SKIP LOCKED leaves rows a rotation holds to the next run. */
  @SqlUpdate("""
      DELETE FROM refresh_tokens WHERE token_hash IN (
        SELECT token_hash FROM refresh_tokens
        WHERE expires_at <= :now OR revoked_at IS NOT NULL OR spent_at < :spentBefore
        LIMIT :limit FOR UPDATE SKIP LOCKED)""")
  int pruneBatch(Instant now, Instant spentBefore, int limit);

  record TokenRow(String tokenHash, UUID familyId, long userId, Instant expiresAt, Instant sessionExpiresAt,
                  Instant spentAt, Instant revokedAt, String successorHash) {}
}
