package dev.cake.core.auth;

import dev.cake.core.event.FirstLogin;
import dev.cake.core.CakeException;
import dev.cake.core.audit.AuditEvent;
import dev.cake.core.FieldError;
import dev.cake.core.phone.PhoneNumbers;
import dev.cake.core.telemetry.BusinessMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts: register, log in, read the profile, rotate and revoke refresh tokens. */
@Singleton
public final class AuthService {
  private static final Logger log = LoggerFactory.getLogger(AuthService.class);
  private static final String INVALID_CREDENTIALS = "Invalid credentials";

  private final UserRepository users;
  private final RefreshTokenRepository refreshTokens;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final ProfileCache profileCache;
  private final RegistrationRules rules;
  private final PhoneNumbers phones;
  private final TokenSettings tokenSettings;
  private final Set<LoginListener> loginListeners;
  private final AbuseLimits limits;
  private final BusinessMetrics metrics;
  private final Clock clock;

  @Inject
  public AuthService(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
                     AccessTokens accessTokens, ProfileCache profileCache, RegistrationRules rules,
                     PhoneNumbers phones, TokenSettings tokenSettings, Set<LoginListener> loginListeners,
                     AbuseLimits limits, BusinessMetrics metrics, Clock clock) {
    this.users = users;
    this.refreshTokens = refreshTokens;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.profileCache = profileCache;
    this.rules = rules;
    this.phones = phones;
    this.tokenSettings = tokenSettings;
    this.loginListeners = loginListeners;
    this.limits = limits;
    this.metrics = metrics;
    this.clock = clock;
  }

  public AuthResult register(RegisterForm form, String clientIp) {
    limits.beforeRegistration(clientIp);
    RegistrationRules.Valid valid = rules.validate(form);
    // Refuse a taken account before spending a bcrypt hash on it; the unique keys still decide under races.
    users.takenField(valid.email(), valid.username(), valid.phone()).ifPresent(field -> {
      throw RegistrationRules.taken(field);
    });
    User user = users.create(new NewUser(valid.fullname(), valid.email(), valid.username(), valid.phone(),
        valid.birthday(), hasher.hash(valid.password()), Role.USER));
    log.info("registered user {}", user.id());
    metrics.registered();
    return startSession(user);
  }

  /** Logs in by username, email or phone. Unknown account and wrong password are indistinguishable. */
  public AuthResult login(String account, String password, String clientIp) {
    var missing = new ArrayList<FieldError>();
    if (account == null || account.isBlank()) missing.add(new FieldError("account", "account is required"));
    if (password == null || password.isEmpty()) missing.add(new FieldError("password", "password is required"));
    if (!missing.isEmpty()) throw new CakeException.InvalidInput(missing);
    // the attempt is taken before any lookup or hash, keyed by the identifier as typed (see AbuseLimits)
    AbuseLimits.LoginAttempt attempt = limits.beforeLogin(account, clientIp);
    String key = account.strip();
    String phone = key.contains("@") ? null : phones.normalise(key).orElse(null);
    if (password.getBytes(StandardCharsets.UTF_8).length > PasswordRules.MAX_BYTES) {
      throw loginFailed(); // bcrypt could not have hashed it
    }
    var found = key.contains("@")
        ? users.findByAccount(key.toLowerCase(Locale.ROOT), null, null)
        : users.findByAccount(null, key, phone);
    if (found.isEmpty()) {
      hasher.verifyDummy(password);
      throw loginFailed();
    }
    if (!hasher.verify(password, found.get().passwordHash())) {
      throw loginFailed();
    }
    attempt.succeeded();
    Instant now = clock.instant();
    UserRepository.LoginRecord login = users.recordLogin(found.get().user().id(), now,
        new FirstLogin(found.get().user().id(), now));
    profileCache.invalidate(login.user().id());
    for (LoginListener listener : loginListeners) {
      listener.loggedIn(login);
    }
    metrics.login(true);
    return startSession(login.user());
  }

  private CakeException loginFailed() {
    metrics.login(false);
    return new CakeException.NotAuthenticated(INVALID_CREDENTIALS);
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

  /**
   * Creates an admin account. An existing account with that username is refused (someone may have registered the
   * name first); {@link #promoteToAdmin} makes an existing account an admin when the operator names it. Used by
   * {@code bin/admin create-admin}.
   */
  public AdminResult createAdmin(String username, String password, String email, String phone, String fullname) {
    users.findByUsername(username).ifPresent(existing -> {
      throw new CakeException.StateConflict("username", "An account named " + existing.username() + " already exists ("
          + describe(existing) + "); it was not changed. To make that account an admin, name it: "
          + "bin/admin create-admin --promote-existing " + existing.username());
    });
    RegistrationRules.Admin valid = rules.validateAdmin(username, password, email, phone, fullname);
    User created = users.create(new NewUser(valid.fullname(), valid.email(), valid.username(), valid.phone(), null,
        hasher.hash(password), Role.ADMIN), AuditEvent.success("admin.created", "user"));
    return new AdminResult(created, true);
  }

  /** Makes the existing account {@code username} an admin (its password stays as it was). */
  public AdminResult promoteToAdmin(String username) {
    User user = users.findByUsername(username)
        .orElseThrow(() -> new CakeException.NotFound("No account named " + username));
    if (user.role() == Role.ADMIN) return new AdminResult(user, false);
    User promoted = users.changeRole(user.id(), Role.ADMIN, AuditEvent.success("admin.promoted", "user:" + user.id()))
        .orElseThrow();
    profileCache.invalidate(promoted.id());
    log.warn("security: account {} ({}) promoted to admin from the shell", promoted.id(), promoted.username());
    return new AdminResult(promoted, false);
  }

  /** Makes the admin {@code username} a plain user again; the last admin cannot be demoted. */
  public User demoteAdmin(String username) {
    User user = users.findByUsername(username)
        .orElseThrow(() -> new CakeException.NotFound("No account named " + username));
    if (user.role() != Role.ADMIN) {
      throw new CakeException.StateConflict("username", user.username() + " is not an admin");
    }
    if (users.findByRole(Role.ADMIN).size() <= 1) {
      throw new CakeException.StateConflict("username", user.username() + " is the last admin; create another first");
    }
    User demoted = users.changeRole(user.id(), Role.USER, AuditEvent.success("admin.demoted", "user:" + user.id()))
        .orElseThrow();
    profileCache.invalidate(demoted.id());
    log.warn("security: admin {} ({}) demoted to user from the shell", demoted.id(), demoted.username());
    return demoted;
  }

  /** Every admin account, oldest first. */
  public java.util.List<User> admins() {
    return users.findByRole(Role.ADMIN);
  }

  /** "id 12, username alice, email a@x": which account a shell command is about. */
  public static String describe(User user) {
    return "id " + user.id() + ", username " + user.username() + ", email "
        + (user.email() == null ? "(none)" : user.email());
  }

  public record AdminResult(User user, boolean created) {}

  private AuthResult startSession(User user) {
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
}
