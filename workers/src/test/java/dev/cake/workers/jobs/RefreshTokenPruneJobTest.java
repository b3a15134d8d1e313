package dev.cake.workers.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.TokenSettings;
import dev.cake.persistence.postgres.auth.PostgresRefreshTokenRepository;
import dev.cake.persistence.testing.TestPersistence;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pruning job against this run's PostgreSQL: exactly the dead rows go, one bounded statement at a time. */
class RefreshTokenPruneJobTest {
  static TestPersistence db;

  @BeforeAll
  static void setUp() {
    db = TestPersistence.asWorker(); // pruning is the worker's job, and its role may delete
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  /** Inserts {@code n} rows of one user with the given (SQL) expiry, spent and revoked times. */
  static void rows(long userId, int n, String expires, String spent, String revoked) {
    db.jdbi.useHandle(h -> h.execute("""
        INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at, session_expires_at, spent_at, revoked_at)
        SELECT encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'), ?, ?,
               %s, now() + interval '90 days', %s, %s
        FROM generate_series(1, ?)""".formatted(expires, spent, revoked), UUID.randomUUID(), userId, n));
  }

  static long count(long userId, String where) {
    return db.jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM refresh_tokens WHERE user_id = ? AND " + where)
        .bind(0, userId).mapTo(Long.class).one());
  }

  @Test
  void deletesExactlyTheDeadRowsInBatches() {
    long userId = db.jdbi.withHandle(h -> h.createQuery("""
        INSERT INTO users (fullname, username, password_hash) VALUES ('Prune', ?, 'x') RETURNING id""")
        .bind(0, "prune" + UUID.randomUUID().toString().substring(0, 8)).mapTo(Long.class).one());
    String later = "now() + interval '1 day'";
    rows(userId, 7, later, "NULL", "NULL");                                       // live
    rows(userId, 5, later, "now() - interval '1 hour'", "NULL");                  // spent recently: kept
    rows(userId, 900, later, "now() - interval '31 days'", "NULL");               // spent long ago
    rows(userId, 800, later, "NULL", "now() - interval '1 minute'");              // revoked
    rows(userId, 800, "now() - interval '1 second'", "NULL", "NULL");             // expired
    long deadInTable = db.jdbi.withHandle(h -> h.createQuery("""
        SELECT count(*) FROM refresh_tokens
        WHERE expires_at <= now() OR revoked_at IS NOT NULL OR spent_at < now() - interval '30 days'""")
        .mapTo(Long.class).one());
    assertThat(deadInTable).isGreaterThanOrEqualTo(2_500);

    var tokens = new TokenSettings(java.util.List.of("x".repeat(32)), "i", "a", java.time.Duration.ofMinutes(15),
        java.time.Duration.ofDays(30));
    var job = new RefreshTokenPruneJob(new PostgresRefreshTokenRepository(db.jdbi,
        new dev.cake.persistence.postgres.audit.PostgresAuditLog(db.jdbi, new dev.cake.core.audit.AuditOrigin(), Clock.systemUTC())), tokens, Clock.systemUTC(),
        1_000);
    RefreshTokenPruneJob.Result result = job.prune();

    assertThat(result.deleted()).isEqualTo(deadInTable);
    // full batches of 1,000, then one short batch that ends the loop
    assertThat(result.statements()).isEqualTo((int) (deadInTable / 1_000) + 1);
    assertThat(count(userId, "true")).isEqualTo(12);
    assertThat(count(userId, "spent_at IS NULL AND revoked_at IS NULL AND expires_at > now()")).isEqualTo(7);
    assertThat(count(userId, "spent_at IS NOT NULL")).isEqualTo(5);
    assertThat(job.prune()).isEqualTo(new RefreshTokenPruneJob.Result(1, 0));
  }
}
