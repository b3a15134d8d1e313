package dev.cake.persistence.postgres.auth;

import dev.cake.persistence.testing.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import dev.cake.persistence.Json;
import dev.cake.persistence.PersistenceModule;

import dev.cake.core.auth.RefreshTokenRepository.Rotation;
import dev.cake.core.auth.RefreshTokens;
import dev.cake.core.auth.User;
import dev.cake.persistence.testing.TestPersistence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresRefreshTokenRepositoryTest {
  static TestPersistence db;
  static PostgresUserRepository users;
  static PostgresRefreshTokenRepository tokens;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    users = new PostgresUserRepository(db.jdbi, new dev.cake.telemetry.Tracing(),
        new Json(PersistenceModule.storageMapper()), Clock.systemUTC(), TestData.audit(db.jdbi));
    tokens = new PostgresRefreshTokenRepository(db.jdbi, TestData.audit(db.jdbi));
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  @Test
  void rotationSpendsTheOldTokenAndReuseRevokesTheFamily() {
    User user = users.create(PostgresUserRepositoryTest.newUser(PostgresUserRepositoryTest.tag()));
    Instant now = Instant.now();
    String first = RefreshTokens.hash(RefreshTokens.newToken());
    UUID family = UUID.randomUUID();
    tokens.start(user.id(), family, first, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)));

    String second = RefreshTokens.hash(RefreshTokens.newToken());
    assertThat(tokens.rotate(first, second, now, now.plus(Duration.ofDays(1)), now))
        .isEqualTo(new Rotation.Rotated(user.id(), family));

    // Within the grace window the spent token answers with its successor and changes nothing.
    Instant later = now.plusSeconds(5);
    String third = RefreshTokens.hash(RefreshTokens.newToken());
    assertThat(tokens.rotate(first, third, later, later.plus(Duration.ofDays(1)), later.minusSeconds(10)))
        .isEqualTo(new Rotation.Replayed(user.id(), family, second));
    assertThat(tokens.extend(family, user.id(), later, later.plus(Duration.ofDays(1))))
        .as("alive: its current token is unspent").isTrue();
    assertThat(tokens.extend(family, user.id() + 1, later, later.plus(Duration.ofDays(1)))).as("another user's")
        .isFalse();

    // After the window: reuse, and the whole family (second included) is revoked.
    assertThat(tokens.rotate(first, third, later, later.plus(Duration.ofDays(1)), later.minusSeconds(1)))
        .isEqualTo(new Rotation.Reused(user.id()));
    assertThat(tokens.rotate(second, third, later, later.plus(Duration.ofDays(1)), later))
        .isEqualTo(new Rotation.Invalid());
    assertThat(tokens.extend(family, user.id(), later, later.plus(Duration.ofDays(1)))).as("revoked").isFalse();
  }

  @Test
  void rotationNeverOutlivesTheSession() {
    User user = users.create(PostgresUserRepositoryTest.newUser(PostgresUserRepositoryTest.tag()));
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Instant sessionEnd = now.plus(Duration.ofDays(2));
    String first = RefreshTokens.hash(RefreshTokens.newToken());
    UUID family = UUID.randomUUID();
    tokens.start(user.id(), family, first, now.plus(Duration.ofDays(1)), sessionEnd);
    String second = RefreshTokens.hash(RefreshTokens.newToken());
    Instant later = now.plus(Duration.ofHours(23));
    assertThat(tokens.rotate(first, second, later, later.plus(Duration.ofDays(30)), later))
        .isEqualTo(new Rotation.Rotated(user.id(), family));
    assertThat(expiryOf(second)).isEqualTo(sessionEnd);
    // the original's refresh form slides the current token's expiry too, never past the session's end
    Instant nearEnd = sessionEnd.minusSeconds(1);
    assertThat(tokens.extend(family, user.id(), nearEnd, nearEnd.plus(Duration.ofDays(30)))).isTrue();
    assertThat(expiryOf(second)).isEqualTo(sessionEnd);
    assertThat(tokens.extend(family, user.id(), sessionEnd, sessionEnd.plus(Duration.ofDays(30))))
        .as("the session's absolute end").isFalse();
    // past the session's end the token is merely expired
    Instant after = sessionEnd.plusSeconds(1);
    assertThat(tokens.rotate(second, RefreshTokens.hash(RefreshTokens.newToken()), after, after.plusSeconds(60), after))
        .isEqualTo(new Rotation.Invalid());
  }

  @Test
  void expiredAndUnknownTokensAreInvalid() {
    User user = users.create(PostgresUserRepositoryTest.newUser(PostgresUserRepositoryTest.tag()));
    Instant now = Instant.now();
    String expired = RefreshTokens.hash(RefreshTokens.newToken());
    tokens.start(user.id(), UUID.randomUUID(), expired, now.minusSeconds(1), now.plus(Duration.ofDays(90)));
    assertThat(tokens.rotate(expired, "x".repeat(64), now, now, now)).isEqualTo(new Rotation.Invalid());
    assertThat(tokens.rotate("0".repeat(64), "y".repeat(64), now, now, now)).isEqualTo(new Rotation.Invalid());
  }

  @Test
  void logoutRevokesOnlyTheCallersFamily() {
    User owner = users.create(PostgresUserRepositoryTest.newUser(PostgresUserRepositoryTest.tag()));
    User other = users.create(PostgresUserRepositoryTest.newUser(PostgresUserRepositoryTest.tag()));
    Instant now = Instant.now();
    String token = RefreshTokens.hash(RefreshTokens.newToken());
    tokens.start(owner.id(), UUID.randomUUID(), token, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)));

    assertThat(tokens.revokeFamily(token, other.id(), now)).isFalse();
    assertThat(tokens.revokeFamily(token, owner.id(), now)).isTrue();
    assertThat(tokens.rotate(token, RefreshTokens.hash(RefreshTokens.newToken()), now, now.plusSeconds(60), now))
        .isEqualTo(new Rotation.Invalid());
  }

  private Instant expiryOf(String tokenHash) {
    return db.jdbi.withHandle(h -> h.createQuery("SELECT expires_at FROM refresh_tokens WHERE token_hash = ?")
        .bind(0, tokenHash).mapTo(Instant.class).one());
  }
}
