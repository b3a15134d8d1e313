package dev.cake.persistence.postgres.seed;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Accounts in bulk for {@code bin/admin seed-users} (benchmarks, demos): one statement per batch of usernames, every
 * account sharing one password hash. A username that exists already is skipped, never changed.
 */
public interface SeedDao {
  /** Inserts the accounts among {@code usernames} that do not exist yet; returns how many it inserted. */
  @SqlUpdate("""
      INSERT INTO users (fullname, email, username, password_hash)
      SELECT :fullname, lower(name) || '@example.com', name, :passwordHash
      FROM unnest(CAST(:usernames AS text[])) AS name
      ON CONFLICT DO NOTHING""")
  int insertMissing(String[] usernames, String fullname, String passwordHash);

  /** The accounts named in {@code usernames} (compared case-insensitively, as logins do), in no particular order. */
  @SqlQuery("""
      SELECT id, username, role, latest_login
      FROM users
      WHERE lower(username) IN (SELECT lower(name) FROM unnest(CAST(:usernames AS text[])) AS name)""")
  List<SeededUser> find(String[] usernames);

  /** Starts one refresh-token family per session, as a login does (the tokens themselves are not kept). */
  @SqlBatch("""
      INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at, session_expires_at)
      VALUES (:tokenHash, :familyId, :userId, :expiresAt, :sessionExpiresAt)""")
  void startSessions(@BindMethods List<Session> sessions);

  record SeededUser(long id, String username, String role, Instant latestLogin) {}

  record Session(String tokenHash, UUID familyId, long userId, Instant expiresAt, Instant sessionExpiresAt) {}
}
