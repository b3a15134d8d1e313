package dev.cake.persistence.postgres.auth;

import dev.cake.persistence.testing.TestData;
import static dev.cake.persistence.testing.StartGate.concurrently;
import dev.cake.persistence.Json;
import dev.cake.persistence.PersistenceModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.auth.NewUser;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import dev.cake.core.auth.UserRepository.LoginRecord;
import dev.cake.core.event.FirstLogin;
import dev.cake.persistence.postgres.event.PostgresOutbox;
import dev.cake.persistence.testing.TestPersistence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresUserRepositoryTest {
  static TestPersistence db;
  static PostgresUserRepository users;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    users = new PostgresUserRepository(db.jdbi, new dev.cake.telemetry.Tracing(),
        new Json(PersistenceModule.storageMapper()), Clock.systemUTC(), TestData.audit(db.jdbi));
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  static NewUser newUser(String tag) {
    String u = "u" + tag;
    return new NewUser("User " + tag, u + "@example.com", u, "+8491" + String.format("%07d",
        Math.floorMod(tag.hashCode(), 10_000_000)), LocalDate.of(1990, 1, 2), "$2b$04$hash", Role.USER);
  }

  static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void createsAndFindsByEveryAccountKeyCaseInsensitively() {
    User created = users.create(newUser(tag()));
    assertThat(created.id()).isPositive();
    assertThat(created.latestLogin()).isNull();
    assertThat(users.findByAccount(created.email().toUpperCase(), null, null)).isEmpty(); // callers lower-case email
    assertThat(users.findByAccount(created.email(), null, null)).get()
        .satisfies(c -> assertThat(c.user()).isEqualTo(created));
    assertThat(users.findByAccount(null, created.username().toUpperCase(), null)).get()
        .satisfies(c -> assertThat(c.passwordHash()).isEqualTo("$2b$04$hash"));
    assertThat(users.findByAccount(null, "nobody-" + tag(), created.phone())).get()
        .satisfies(c -> assertThat(c.user().id()).isEqualTo(created.id()));
    assertThat(users.findByAccount(null, "nobody-" + tag(), null)).isEmpty();
  }

  @Test
  void namesTheTakenFieldOnConflict() {
    NewUser first = newUser(tag());
    users.create(first);
    NewUser other = newUser(tag());
    assertThatThrownBy(() -> users.create(new NewUser("x", first.email().toUpperCase(), other.username(),
        other.phone(), null, "h", Role.USER)))
        .isInstanceOfSatisfying(CakeException.StateConflict.class, e -> assertThat(e.field()).isEqualTo("email"));
    assertThatThrownBy(() -> users.create(new NewUser("x", other.email(), first.username().toUpperCase(),
        other.phone(), null, "h", Role.USER)))
        .isInstanceOfSatisfying(CakeException.StateConflict.class, e -> assertThat(e.field()).isEqualTo("username"));
    assertThatThrownBy(() -> users.create(new NewUser("x", other.email(), other.username(), first.phone(), null,
        "h", Role.USER)))
        .isInstanceOfSatisfying(CakeException.StateConflict.class, e -> assertThat(e.field()).isEqualTo("phone"));
  }

  @Test
  void concurrentFirstLoginsOfOneUserReportExactlyOneFirstLogin() throws Exception {
    User user = users.create(newUser(tag()));
    int threads = 20;
    List<LoginRecord> results = concurrently(threads, () -> login(user.id(), Instant.now()));
    long firsts = 0;
    for (var r : results) if (r.firstLogin()) firsts++;
    assertThat(firsts).isEqualTo(1);
    assertThat(users.findById(user.id()).orElseThrow().latestLogin()).isNotNull();
    assertThat(login(user.id(), Instant.now()).firstLogin()).isFalse();
  }

  /** A login as AuthService records it: the first-login event core decided, written only with a first login. */
  static LoginRecord login(long userId, Instant at) {
    return users.recordLogin(userId, at, new FirstLogin(userId, at));
  }

  @Test
  void aFirstLoginReportsTheOutboxRowItWroteAndALaterOneNone() {
    User user = users.create(newUser(tag()));
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
    LoginRecord first = login(user.id(), at);
    LoginRecord later = login(user.id(), at.plusSeconds(1));

    var written = new PostgresOutbox(db.jdbi, new Json(PersistenceModule.storageMapper()), Clock.systemUTC())
        .unpublished(Duration.ZERO, 100_000).stream()
        .filter(e -> e.id() == first.firstLoginEvent().id()).findFirst().orElseThrow();
    assertThat(written.payload()).isEqualTo(new FirstLogin(user.id(), first.user().latestLogin()));
    assertThat(written).isEqualTo(first.firstLoginEvent());
    assertThat(first.firstLoginEvent().enqueuedAt()).as("written at the login's time, not the database's").isEqualTo(at);
    assertThat(later.firstLogin()).isFalse();
    assertThat(later.firstLoginEvent()).isNull();
  }

  @Test
  void changesRole() {
    User user = users.create(newUser(tag()));
    assertThat(users.changeRole(user.id(), Role.ADMIN)).get().extracting(User::role).isEqualTo(Role.ADMIN);
    assertThat(users.changeRole(-1, Role.ADMIN)).isEmpty();
  }
}
