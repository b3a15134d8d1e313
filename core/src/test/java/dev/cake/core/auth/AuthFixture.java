package dev.cake.core.auth;

import dev.cake.core.limits.AbuseLimits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.phone.PhoneNumbers;
import dev.cake.core.testing.FakeAccessTokens;
import dev.cake.core.testing.FakePasswordHasher;
import dev.cake.core.testing.InMemoryRefreshTokens;
import dev.cake.core.testing.InMemoryUserRepository;
import dev.cake.core.testing.NoMetrics;
import dev.cake.core.testing.RecordingLoginListener;
import dev.cake.core.testing.RecordingProfileCache;
import dev.cake.core.testing.TestClock;
import dev.cake.core.testing.Unlimited;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The account services over in-memory ports, shared by their tests. */
abstract class AuthFixture {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String IP = "203.0.113.9";
  static final String PASSWORD = "correct horse";
  static final Duration REFRESH_TTL = Duration.ofDays(7);
  static final Duration GRACE = Duration.ofSeconds(20);
  static final Duration SESSION = Duration.ofDays(30);
  static final List<String> SECRETS = List.of("secret-now", "secret-before");

  final TestClock clock = new TestClock(NOW);
  final PhoneNumbers phones = new PhoneNumbers("VN");
  final InMemoryUserRepository users = new InMemoryUserRepository(clock);
  final InMemoryRefreshTokens refreshTokens = new InMemoryRefreshTokens();
  final FakePasswordHasher hasher = new FakePasswordHasher();
  final RecordingProfileCache profileCache = new RecordingProfileCache();
  final RecordingLoginListener listener = new RecordingLoginListener();

  SessionService sessions(List<String> secrets, AbuseLimits limits, Duration sessionMaxAge) {
    var tokens = new TokenSettings(secrets, "cake", "cake-api", Duration.ofMinutes(15), REFRESH_TTL, GRACE,
        sessionMaxAge);
    return new SessionService(users, refreshTokens, new FakeAccessTokens(), tokens, limits, clock);
  }

  SessionService sessions(List<String> secrets, AbuseLimits limits) {
    return sessions(secrets, limits, SESSION);
  }

  LoginService login(SessionService sessions, AbuseLimits limits) {
    return new LoginService(users, hasher, profileCache, new RegistrationRules(phones, clock), phones,
        Set.of(listener), limits, sessions, new NoMetrics(), clock);
  }

  /** Logins over sessions with {@link #SECRETS} and no abuse limits. */
  LoginService login() {
    return login(sessions(SECRETS, Unlimited.abuseLimits(phones)), Unlimited.abuseLimits(phones));
  }

  AuthResult registerAlice() {
    return login().register(form("alice", "Alice@Example.com", "0912345678"), IP);
  }

  static RegisterForm form(String username, String email, String phone) {
    return new RegisterForm("Alice Nguyen", email, username, phone, PASSWORD, "1990-01-31");
  }

  static UUID sessionOf(AuthResult result) {
    return new FakeAccessTokens().verify(result.accessToken()).session();
  }

  static Principal principal(AuthResult result) {
    return new FakeAccessTokens().verify(result.accessToken());
  }

  static void assertConflict(Runnable call, String field, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(CakeException.StateConflict.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e).hasMessage(message);
    });
  }
}
