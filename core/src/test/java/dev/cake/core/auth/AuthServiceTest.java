package dev.cake.core.auth;

import dev.cake.core.event.Event;
import dev.cake.core.event.FirstLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.FieldError;
import dev.cake.core.phone.PhoneNumbers;
import dev.cake.core.testing.FakeAccessTokens;
import dev.cake.core.testing.FakePasswordHasher;
import dev.cake.core.testing.InMemoryRefreshTokens;
import dev.cake.core.testing.InMemoryUserRepository;
import dev.cake.core.testing.NoMetrics;
import dev.cake.core.testing.RecordingLoginListener;
import dev.cake.core.testing.RecordingProfileCache;
import dev.cake.core.testing.RecordingRateLimiter;
import dev.cake.core.testing.TestClock;
import dev.cake.core.testing.Unlimited;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** AuthService's rules over in-memory ports: registration, login, refresh rotation, the session bound, logout. */
class AuthServiceTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String IP = "203.0.113.9";
  static final String PASSWORD = "correct horse";
  static final Duration REFRESH_TTL = Duration.ofDays(7);
  static final Duration GRACE = Duration.ofSeconds(20);
  static final Duration SESSION = Duration.ofDays(30);

  final TestClock clock = new TestClock(NOW);
  final PhoneNumbers phones = new PhoneNumbers("VN");
  final InMemoryUserRepository users = new InMemoryUserRepository(clock);
  final InMemoryRefreshTokens refreshTokens = new InMemoryRefreshTokens();
  final FakePasswordHasher hasher = new FakePasswordHasher();
  final RecordingProfileCache profileCache = new RecordingProfileCache();
  final RecordingLoginListener listener = new RecordingLoginListener();
  final AuthService service = service(List.of("secret-now", "secret-before"), Unlimited.abuseLimits(phones));

  AuthService service(List<String> secrets, AbuseLimits limits) {
    var tokens = new TokenSettings(secrets, "cake", "cake-api", Duration.ofMinutes(15), REFRESH_TTL, GRACE, SESSION);
    return new AuthService(users, refreshTokens, hasher, new FakeAccessTokens(), profileCache,
        new RegistrationRules(phones, clock), phones, tokens, Set.of(listener), limits, new NoMetrics(), clock);
  }

  static RegisterForm form(String username, String email, String phone) {
    return new RegisterForm("Alice Nguyen", email, username, phone, PASSWORD, "1990-01-31");
  }

  AuthResult registerAlice() {
    return service.register(form("alice", "Alice@Example.com", "0912345678"), IP);
  }

  static UUID sessionOf(AuthResult result) {
    return new FakeAccessTokens().verify(result.accessToken()).session();
  }

  static Principal principal(AuthResult result) {
    return new FakeAccessTokens().verify(result.accessToken());
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
    var shortSession = new TokenSettings(List.of("s"), "cake", "cake-api", Duration.ofMinutes(15), REFRESH_TTL,
        GRACE, Duration.ofDays(3));
    var service = new AuthService(users, refreshTokens, hasher, new FakeAccessTokens(), profileCache,
        new RegistrationRules(phones, clock), phones, shortSession, Set.of(), Unlimited.abuseLimits(phones),
        new NoMetrics(), clock);

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

  static void assertConflict(Runnable call, String field, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(CakeException.StateConflict.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e).hasMessage(message);
    });
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

  @Test
  void aRefreshRotatesToTheDerivedSuccessorInTheSameSession() {
    AuthResult registered = registerAlice();
    clock.advance(Duration.ofHours(1));

    AuthResult refreshed = service.refresh(" " + registered.refreshToken() + " ");

    assertThat(refreshed.refreshToken()).isEqualTo(RefreshTokens.successor(registered.refreshToken(), "secret-now"));
    assertThat(refreshed.user().id()).isEqualTo(registered.user().id());
    assertThat(sessionOf(refreshed)).isEqualTo(sessionOf(registered));
    assertThat(refreshTokens.expiresAt(RefreshTokens.hash(refreshed.refreshToken())))
        .contains(NOW.plus(Duration.ofHours(1)).plus(REFRESH_TTL));
  }

  @Test
  void aRetryWithinTheGraceWindowGetsTheSameSuccessor() {
    AuthResult registered = registerAlice();
    AuthResult first = service.refresh(registered.refreshToken());
    clock.advance(GRACE.minusSeconds(1));

    AuthResult retry = service.refresh(registered.refreshToken());

    assertThat(retry.refreshToken()).isEqualTo(first.refreshToken());
    assertThat(sessionOf(retry)).isEqualTo(sessionOf(first));
    assertThat(refreshTokens.revoked(RefreshTokens.hash(first.refreshToken()))).isFalse();
  }

  @Test
  void aSpentTokenAfterTheGraceWindowRevokesTheWholeFamily() {
    AuthResult registered = registerAlice();
    AuthResult rotated = service.refresh(registered.refreshToken());
    clock.advance(GRACE);

    assertThatThrownBy(() -> service.refresh(registered.refreshToken()))
        .isInstanceOf(CakeException.NotAuthenticated.class)
        .hasMessage("Refresh token already used; please log in again");
    assertThat(refreshTokens.revoked(RefreshTokens.hash(rotated.refreshToken()))).isTrue();
    assertThatThrownBy(() -> service.refresh(rotated.refreshToken()))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Invalid or expired refresh token");
  }

  @Test
  void aReplayWhoseSuccessorNoSecretDerivesRevokesTheFamily() {
    AuthResult registered = registerAlice();
    AuthResult rotated = service.refresh(registered.refreshToken());
    AuthService otherSecrets = service(List.of("secret-elsewhere"), Unlimited.abuseLimits(phones));

    assertThatThrownBy(() -> otherSecrets.refresh(registered.refreshToken()))
        .isInstanceOf(CakeException.NotAuthenticated.class)
        .hasMessage("Refresh token already used; please log in again");
    assertThat(refreshTokens.revoked(RefreshTokens.hash(rotated.refreshToken()))).isTrue();
  }

  @Test
  void aReplayIsAnsweredByAReplicaThatStillVerifiesTheOldSecret() {
    AuthService before = service(List.of("secret-before"), Unlimited.abuseLimits(phones));
    AuthResult registered = registerAlice();
    AuthResult rotated = before.refresh(registered.refreshToken());

    AuthResult retry = service.refresh(registered.refreshToken());

    assertThat(retry.refreshToken()).isEqualTo(rotated.refreshToken())
        .isEqualTo(RefreshTokens.successor(registered.refreshToken(), "secret-before"));
  }

  @Test
  void aMissingUnknownOrExpiredRefreshTokenIsRefused() {
    AuthResult registered = registerAlice();

    assertThatThrownBy(() -> service.refresh(" "))
        .isInstanceOfSatisfying(CakeException.InvalidInput.class, e -> assertThat(e.errors())
            .containsExactly(new FieldError("refresh_token", "refresh_token is required")));
    assertThatThrownBy(() -> service.refresh("no-such-token"))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Invalid or expired refresh token");
    clock.advance(REFRESH_TTL);
    assertThatThrownBy(() -> service.refresh(registered.refreshToken()))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Invalid or expired refresh token");
  }

  @Test
  void theBearerRefreshKeepsTheSessionAliveButNotPastItsEnd() {
    AuthResult registered = registerAlice();
    String tokenHash = RefreshTokens.hash(registered.refreshToken());
    Principal caller = principal(registered);

    // every sixth day: the token's expiry slides to seven days ahead, the last time only to the session's end (day 30)
    for (int expiresOnDay : new int[] {13, 19, 25, 30}) {
      clock.advance(Duration.ofDays(6));
      AuthResult access = service.refreshAccess(caller);
      assertThat(access.refreshToken()).isNull();
      assertThat(access.accessToken()).isEqualTo(FakeAccessTokens.token(1, Role.USER, caller.session()));
      assertThat(refreshTokens.expiresAt(tokenHash)).contains(NOW.plus(Duration.ofDays(expiresOnDay)));
    }
    clock.advance(Duration.ofDays(6));

    assertThatThrownBy(() -> service.refreshAccess(caller))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Session has ended; please log in again");
  }

  @Test
  void theBearerRefreshNeedsANamedSessionThatIsNotLoggedOut() {
    AuthResult registered = registerAlice();
    Principal caller = principal(registered);
    var unnamed = new Principal(caller.userId(), caller.role(), 0, null);

    assertThatThrownBy(() -> service.refreshAccess(unnamed))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Session has ended; please log in again");
    service.logout(caller, registered.refreshToken());
    assertThatThrownBy(() -> service.refreshAccess(caller))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Session has ended; please log in again");
  }

  @Test
  void logoutRevokesTheCallersFamilyOnly() {
    AuthResult alice = registerAlice();
    AuthResult bob = service.register(form("bob", "bob@example.com", "0987654321"), IP);

    service.logout(principal(bob), alice.refreshToken());
    assertThat(refreshTokens.revoked(RefreshTokens.hash(alice.refreshToken()))).isFalse();
    service.logout(principal(alice), " " + alice.refreshToken() + " ");

    assertThat(refreshTokens.revoked(RefreshTokens.hash(alice.refreshToken()))).isTrue();
    assertThatThrownBy(() -> service.refresh(alice.refreshToken()))
        .isInstanceOf(CakeException.NotAuthenticated.class).hasMessage("Invalid or expired refresh token");
    assertThatThrownBy(() -> service.logout(principal(alice), ""))
        .isInstanceOfSatisfying(CakeException.InvalidInput.class, e -> assertThat(e.errors())
            .containsExactly(new FieldError("refresh_token", "refresh_token is required")));
  }

  @Test
  void anUnknownProfileIsNotFound() {
    assertThatThrownBy(() -> service.profile(42))
        .isInstanceOf(CakeException.NotFound.class).hasMessage("User not found");
  }

  @Test
  void anAdminIsCreatedOnlyUnderAFreeUsername() {
    registerAlice();

    var created = service.createAdmin("root", "admin password", null, null, null);
    assertThat(created.created()).isTrue();
    assertThat(created.user().role()).isEqualTo(Role.ADMIN);
    assertThat(created.user().fullname()).isEqualTo("root");
    assertConflict(() -> service.createAdmin("alice", "admin password", null, null, null), "username",
        "An account named alice already exists (id 1, username alice, email alice@example.com); it was not changed. "
            + "To make that account an admin, name it: bin/admin create-admin --promote-existing alice");
    assertThat(service.admins()).extracting(User::username).containsExactly("root");
  }

  @Test
  void promotionAndDemotionKeepOneAdminAndEvictTheProfile() {
    long alice = registerAlice().user().id();
    long root = service.createAdmin("root", "admin password", null, null, null).user().id();

    assertConflict(() -> service.demoteAdmin("alice"), "username", "alice is not an admin");
    assertConflict(() -> service.demoteAdmin("root"), "username", "root is the last admin; create another first");
    var promoted = service.promoteToAdmin("alice");
    assertThat(promoted.created()).isFalse();
    assertThat(promoted.user().role()).isEqualTo(Role.ADMIN);
    assertThat(service.promoteToAdmin("alice").user().role()).isEqualTo(Role.ADMIN);
    assertThat(service.demoteAdmin("root").role()).isEqualTo(Role.USER);
    assertThatThrownBy(() -> service.promoteToAdmin("nobody"))
        .isInstanceOf(CakeException.NotFound.class).hasMessage("No account named nobody");

    assertThat(profileCache.invalidated()).containsExactly(alice, root);
    assertThat(service.admins()).extracting(User::id).containsExactly(alice);
  }
}
