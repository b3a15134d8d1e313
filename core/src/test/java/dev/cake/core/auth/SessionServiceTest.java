package dev.cake.core.auth;

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

/** SessionService over in-memory ports: refresh rotation and its grace window, the session bound, logout. */
class SessionServiceTest extends AuthFixture {
  final SessionService service = sessions(SECRETS, Unlimited.abuseLimits(phones));
  final LoginService login = login(service, Unlimited.abuseLimits(phones));

  SessionService service(List<String> secrets, AbuseLimits limits) {
    return sessions(secrets, limits);
  }

  @Override
  AuthResult registerAlice() {
    return login.register(form("alice", "Alice@Example.com", "0912345678"), IP);
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
    SessionService otherSecrets = service(List.of("secret-elsewhere"), Unlimited.abuseLimits(phones));

    assertThatThrownBy(() -> otherSecrets.refresh(registered.refreshToken()))
        .isInstanceOf(CakeException.NotAuthenticated.class)
        .hasMessage("Refresh token already used; please log in again");
    assertThat(refreshTokens.revoked(RefreshTokens.hash(rotated.refreshToken()))).isTrue();
  }

  @Test
  void aReplayIsAnsweredByAReplicaThatStillVerifiesTheOldSecret() {
    SessionService before = service(List.of("secret-before"), Unlimited.abuseLimits(phones));
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
    AuthResult bob = login.register(form("bob", "bob@example.com", "0987654321"), IP);

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
}
