package dev.cake.core.auth;

import dev.cake.core.audit.AuditEvent;
import dev.cake.core.limits.AbuseLimits;
import dev.cake.core.CakeException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions: start one for a logged-in account, rotate and revoke its refresh tokens, renew its access token, and read
 * the account a session belongs to.
 */
@Singleton
public final class SessionService {
  private static final Logger log = LoggerFactory.getLogger(SessionService.class);

  private final UserRepository users;
  private final RefreshTokenRepository refreshTokens;
  private final AccessTokens accessTokens;
  private final TokenSettings tokenSettings;
  private final AbuseLimits limits;
  private final Clock clock;

  @Inject
  public SessionService(UserRepository users, RefreshTokenRepository refreshTokens, AccessTokens accessTokens,
                        TokenSettings tokenSettings, AbuseLimits limits, Clock clock) {
    this.users = users;
    this.refreshTokens = refreshTokens;
    this.accessTokens = accessTokens;
    this.tokenSettings = tokenSettings;
    this.limits = limits;
    this.clock = clock;
  }

  /** A new session for {@code user}: a refresh token bounded by the session's absolute lifetime, and an access token. */
  public AuthResult start(User user) {
    String refresh = RefreshTokens.newToken();
    Instant now = clock.instant();
    Instant sessionEnd = now.plus(tokenSettings.sessionMaxAge());
    Instant expiresAt = now.plus(tokenSettings.refreshTokenTtl());
    UUID session = UUID.randomUUID();
    refreshTokens.start(user.id(), session, RefreshTokens.hash(refresh),
        expiresAt.isAfter(sessionEnd) ? sessionEnd : expiresAt, sessionEnd);
    var access = accessTokens.issue(user, session);
    return new AuthResult(user, access.token(), refresh, access.expiresInSeconds());
  }

  public User profile(long userId) {
    return users.findById(userId).orElseThrow(() -> new CakeException.NotFound("User not found"));
  }

  public AuthResult refresh(String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw new CakeException.InvalidInput("refresh_token", "refresh_token is required");
    }
    Instant now = clock.instant();
    String presented = refreshToken.strip();
    String presentedHash = RefreshTokens.hash(presented);
    refreshTokens.ownerOf(presentedHash).ifPresent(limits::beforeRefresh);
    String next = RefreshTokens.successor(presented, tokenSettings.signingSecret());
    var rotation = refreshTokens.rotate(presentedHash, RefreshTokens.hash(next), now,
        now.plus(tokenSettings.refreshTokenTtl()), now.minus(tokenSettings.refreshReuseGrace()));
    return switch (rotation) {
      case RefreshTokenRepository.Rotation.Rotated(long userId, UUID session) -> refreshed(userId, session, next);
      case RefreshTokenRepository.Rotation.Replayed(long userId, UUID session, String successorHash) -> {
        // a retry within the grace window: answer with the successor the first request got (derived again)
        var successor = tokenSettings.secrets().stream().map(secret -> RefreshTokens.successor(presented, secret))
            .filter(candidate -> RefreshTokens.hash(candidate).equals(successorHash)).findFirst();
        if (successor.isEmpty()) {
          refreshTokens.revokeFamily(presentedHash, userId, now, AuditEvent.success("refresh.family_revoked",
              "user:" + userId).withDetail("a spent refresh token was presented again (successor not derivable)"));
          log.warn("security: refresh token reuse for user {} (successor not derivable): family revoked", userId);
          throw new CakeException.NotAuthenticated("Refresh token already used; please log in again");
        }
        yield refreshed(userId, session, successor.get());
      }
      case RefreshTokenRepository.Rotation.Reused(long userId) -> {
        log.warn("security: refresh token reuse for user {}: family revoked", userId);
        throw new CakeException.NotAuthenticated("Refresh token already used; please log in again");
      }
      case RefreshTokenRepository.Rotation.Invalid() ->
          throw new CakeException.NotAuthenticated("Invalid or expired refresh token");
    };
  }

  private AuthResult refreshed(long userId, UUID session, String refreshToken) {
    User user = profile(userId);
    var access = accessTokens.issue(user, session);
    return new AuthResult(user, access.token(), refreshToken, access.expiresInSeconds());
  }

  /**
   * The original's refresh: a new access token for the caller's valid one, in the same session, only while that
   * session is alive (not logged out or revoked, within its absolute lifetime from login), and within the refresh
   * limit. Like a rotation it keeps the session from expiring for inactivity; the refresh token itself is unchanged,
   * so none is returned.
   */
  public AuthResult refreshAccess(Principal caller) {
    limits.beforeRefresh(caller.userId());
    Instant now = clock.instant();
    if (caller.session() == null || !refreshTokens.extend(caller.session(), caller.userId(), now,
        now.plus(tokenSettings.refreshTokenTtl()))) {
      throw new CakeException.NotAuthenticated("Session has ended; please log in again");
    }
    User user = profile(caller.userId());
    var access = accessTokens.issue(user, caller.session());
    return new AuthResult(user, access.token(), null, access.expiresInSeconds());
  }

  public void logout(Principal caller, String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw new CakeException.InvalidInput("refresh_token", "refresh_token is required");
    }
    refreshTokens.revokeFamily(RefreshTokens.hash(refreshToken.strip()), caller.userId(), clock.instant());
  }
}
