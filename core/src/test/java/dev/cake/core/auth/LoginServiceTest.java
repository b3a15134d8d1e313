package dev.cake.core.auth;

import dev.cake.core.event.Event;
import dev.cake.core.event.FirstLogin;
import dev.cake.core.limits.RateLimitSettings;
import dev.cake.core.limits.AbuseLimits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.FieldError;
import dev.cake.core.testing.FakeAccessTokens;
import dev.cake.core.testing.RecordingRateLimiter;
import dev.cake.core.testing.Unlimited;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LoginService over in-memory ports: registration and login, each starting a session. */
class LoginServiceTest extends AuthFixture {
  final LoginService service = login();

  LoginService service(List<String> secrets, AbuseLimits limits) {
    return login(sessions(secrets, limits), limits);
  }

  @Override
  AuthResult registerAlice() {
    return service.register(form("alice", "Alice@Example.com", "0912345678"), IP);
  }

  @Test
  void aLoginTheHashingQueueHasNoRoomForIsShedBeforeItsLookup() {
    registerAlice();
    int lookups = users.lookups();
    hasher.fill();
    assertThatThrownBy(() -> login().login("alice", PASSWORD, IP))
        .isInstanceOf(CakeException.TemporarilyUnavailable.class).hasMessage("Server busy, please retry");
    assertThat(users.lookups()).isEqualTo(lookups);
    assertThat(hasher.verifications() + hasher.dummyVerifications()).isZero();
    assertThat(listener.logins()).isEmpty();
  }

  @Test
  void registrationStoresTheNormalisedAccountAndStartsASession() {
    AuthResult result = registerAlice();

    User alice = result.user();
    assertThat(alice.id()).isEqualTo(1);
    assertThat(alice.username()).isEqualTo("alice");
    assertThat(alice.email()).isEqualTo("alice@example.com");
    assertThat(alice.phone()).isEqualTo("+84912345678");
    assertThat(alice.role()).isEqualTo(Role.USER);
    assertThat(alice.latestLogin()).isNull();
    assertThat(hasher.hashes()).isEqualTo(1);
    assertThat(users.findByAccount(null, "alice", null).orElseThrow().passwordHash()).isEqualTo("fake$" + PASSWORD);
    assertThat(result.accessToken()).isEqualTo(FakeAccessTokens.token(1, Role.USER, sessionOf(result)));
    assertThat(result.expiresInSeconds()).isEqualTo(FakeAccessTokens.EXPIRES_IN_SECONDS);
    assertThat(result.refreshToken()).hasSize(43);
    assertThat(refreshTokens.expiresAt(RefreshTokens.hash(result.refreshToken()))).contains(NOW.plus(REFRESH_TTL));
    assertThat(listener.logins()).isEmpty();
  }

  @Test
  void aRefreshTokenNeverOutlivesItsSession() {
    var service = login(sessions(List.of("s"), Unlimited.abuseLimits(phones), Duration.ofDays(3)),
        Unlimited.abuseLimits(phones));

    AuthResult result = service.register(form("alice", "alice@example.com", "0912345678"), IP);

    assertThat(refreshTokens.expiresAt(RefreshTokens.hash(result.refreshToken()))).contains(NOW.plus(Duration.ofDays(3)));
  }

  @Test
  void aTakenAccountIsRefusedUsernameFirstThenEmailThenPhoneWithoutHashing() {
    registerAlice();

    assertConflict(() -> service.register(form("ALICE", "alice@example.com", "0912345678"), IP),
        "username", "Username already exists");
    assertConflict(() -> service.register(form("bob", "ALICE@example.com", "0912345678"), IP),
        "email", "Email already exists");
    assertConflict(() -> service.register(form("bob", "bob@example.com", "+84 912 345 678"), IP),
        "phone", "Phone number already exists");
    assertThat(hasher.hashes()).isEqualTo(1);
    assertThat(users.count()).isEqualTo(1);
  }

  @Test
  void anInvalidRegistrationListsEveryBrokenRuleAndStoresNothing() {
    var form = new RegisterForm("", "not-an-email", "alice", "0912345678", "short", "1990-01-31");

    assertThatThrownBy(() -> service.register(form, IP))
        .isInstanceOfSatisfying(CakeException.InvalidInput.class, e -> assertThat(e.errors()).containsExactly(
            new FieldError("fullname", "fullname is required"),
            new FieldError("email", "email must be a valid email address"),
            new FieldError("password", "password must be at least 8 characters")));
    assertThat(users.count()).isZero();
    assertThat(hasher.hashes()).isZero();
  }

  @Test
  void logsInByUsernameEmailOrPhoneAsTyped() {
    long id = registerAlice().user().id();

    assertThat(service.login("Alice", PASSWORD, IP).user().id()).isEqualTo(id);
    assertThat(service.login(" ALICE@example.COM ", PASSWORD, IP).user().id()).isEqualTo(id);
    assertThat(service.login("0912345678", PASSWORD, IP).user().id()).isEqualTo(id);
    assertThat(service.login("+84912345678", PASSWORD, IP).user().id()).isEqualTo(id);
    assertThat(hasher.verifications()).isEqualTo(4);
  }

  @Test
  void aWrongPasswordAndAnUnknownAccountAnswerAlike() {
    registerAlice();

    assertThatThrownBy(() -> service.login("alice", "wrong password", IP))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Invalid credentials");
    assertThatThrownBy(() -> service.login("nobody", PASSWORD, IP))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Invalid credentials");
    assertThat(hasher.verifications()).isEqualTo(1);
    assertThat(hasher.dummyVerifications()).isEqualTo(1);
    assertThat(users.findById(1).orElseThrow().latestLogin()).isNull();
    assertThat(listener.logins()).isEmpty();
    assertThat(profileCache.invalidated()).isEmpty();
  }

  @Test
  void aPasswordBcryptCannotHashFailsWithoutAHash() {
    registerAlice();

    assertThatThrownBy(() -> service.login("alice", "x".repeat(73), IP))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Invalid credentials");
    assertThat(hasher.verifications()).isZero();
    assertThat(hasher.dummyVerifications()).isZero();
  }

  @Test
  void aLoginWithoutAccountOrPasswordNamesBoth() {
    assertThatThrownBy(() -> service.login(" ", "", IP))
        .isInstanceOfSatisfying(CakeException.InvalidInput.class, e -> assertThat(e.errors()).containsExactly(
            new FieldError("account", "account is required"),
            new FieldError("password", "password is required")));
  }

  @Test
  void onlyTheFirstLoginIsFlaggedAndAnnouncedAndEveryLoginEvictsTheProfile() {
    long id = registerAlice().user().id();
    clock.advance(Duration.ofMinutes(1));
    Instant firstAt = clock.instant();

    AuthResult first = service.login("alice", PASSWORD, IP);
    clock.advance(Duration.ofMinutes(1));
    service.login("alice", PASSWORD, IP);

    assertThat(first.user().latestLogin()).isEqualTo(firstAt);
    assertThat(listener.logins()).hasSize(2);
    var firstLogin = listener.logins().get(0);
    assertThat(firstLogin.firstLogin()).isTrue();
    assertThat(firstLogin.user().id()).isEqualTo(id);
    assertThat(firstLogin.firstLoginEvent())
        .isEqualTo(new Event(1, new FirstLogin(firstLogin.user().id(), firstAt), 0, firstAt, null));
    var secondLogin = listener.logins().get(1);
    assertThat(secondLogin.firstLogin()).isFalse();
    assertThat(secondLogin.firstLoginEvent()).isNull();
    assertThat(secondLogin.user().latestLogin()).isEqualTo(firstAt.plus(Duration.ofMinutes(1)));
    assertThat(profileCache.invalidated()).containsExactly(id, id);
  }

  @Test
  void aLoginTakesItsAttemptsBeforeTheLookupAndGivesTheFailureBackOnSuccess() {
    var limiter = new RecordingRateLimiter();
    var limits = new AbuseLimits(limiter, RateLimitSettings.read(new dev.cake.core.config.EnvironmentReader(
        java.util.Map.of())), phones, new dev.cake.core.testing.RecordingAuditLog());
    var limited = service(List.of("secret-now"), limits);
    limited.register(form("alice", "alice@example.com", "0912345678"), IP);
    String account = limits.identifierKey("ALICE");

    limited.login("ALICE", PASSWORD, IP);
    assertThatThrownBy(() -> limited.login("ALICE", "wrong password", IP))
        .isInstanceOf(CakeException.NotAuthenticated.class);

    assertThat(limiter.taken()).containsExactly(
        "register-ip " + IP,
        "login-ip " + IP, "login-account-ip " + account + "|" + IP, "login-failures-account " + account,
        "login-ip " + IP, "login-account-ip " + account + "|" + IP, "login-failures-account " + account);
    assertThat(limiter.refunded()).containsExactly("login-failures-account " + account);
  }
}
