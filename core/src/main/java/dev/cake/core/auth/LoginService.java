package dev.cake.core.auth;

import dev.cake.core.event.FirstLogin;
import dev.cake.core.limits.AbuseLimits;
import dev.cake.core.CakeException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Getting in: register an account, or log in to one; either starts a session ({@link SessionService}). */
@Singleton
public final class LoginService {
  private static final Logger log = LoggerFactory.getLogger(LoginService.class);
  private static final String INVALID_CREDENTIALS = "Invalid credentials";

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final ProfileCache profileCache;
  private final RegistrationRules rules;
  private final PhoneNumbers phones;
  private final Set<LoginListener> loginListeners;
  private final AbuseLimits limits;
  private final SessionService sessions;
  private final BusinessMetrics metrics;
  private final Clock clock;

  @Inject
  public LoginService(UserRepository users, PasswordHasher hasher, ProfileCache profileCache, RegistrationRules rules,
                      PhoneNumbers phones, Set<LoginListener> loginListeners, AbuseLimits limits,
                      SessionService sessions, BusinessMetrics metrics, Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.profileCache = profileCache;
    this.rules = rules;
    this.phones = phones;
    this.loginListeners = loginListeners;
    this.limits = limits;
    this.sessions = sessions;
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
    return sessions.start(user);
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
    // In a login storm only the logins that can be hashed in time look their account up; the rest get a 503 now.
    try (PasswordHasher.Turn turn = hasher.reserve()) {
      var found = key.contains("@")
          ? users.findByAccount(key.toLowerCase(Locale.ROOT), null, null)
          : users.findByAccount(null, key, phone);
      if (found.isEmpty()) {
        hasher.verifyDummy(turn, password);
        throw loginFailed();
      }
      if (!hasher.verify(turn, password, found.get().passwordHash())) {
        throw loginFailed();
      }
      attempt.succeeded();
      return loggedIn(found.get().user().id());
    }
  }

  private AuthResult loggedIn(long userId) {
    Instant now = clock.instant();
    UserRepository.LoginRecord login = users.recordLogin(userId, now,
        new FirstLogin(userId, now)); // the event a first login is announced with
    profileCache.invalidate(login.user().id());
    for (LoginListener listener : loginListeners) {
      listener.loggedIn(login);
    }
    metrics.login(true);
    return sessions.start(login.user());
  }

  private CakeException loginFailed() {
    metrics.login(false);
    return new CakeException.NotAuthenticated(INVALID_CREDENTIALS);
  }
}
