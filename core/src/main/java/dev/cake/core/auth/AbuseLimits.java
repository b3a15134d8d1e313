package dev.cake.core.auth;

import dev.cake.core.CakeException;
import dev.cake.core.config.Config.RateLimitSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * DESIGN §5 abuse limits. Failed logins are counted per account and per client IP and refill over time (a temporary
 * backoff, never a permanent lockout, which would itself be a denial of service); registrations per client IP;
 * top-ups per user. Each refusal is a 429 with Retry-After. Off with CAKE_RATE_LIMITS=off (load tests).
 */
@Singleton
public final class AbuseLimits {
  private final RateLimiter limiter;
  private final RateLimitSettings settings;

  @Inject
  public AbuseLimits(RateLimiter limiter, RateLimitSettings settings) {
    this.limiter = limiter;
    this.settings = settings;
  }

  /** Refuses a login while the account ({@code accountKey}: the user id when known) or the client IP is spent. */
  public void beforeLogin(String account, String clientIp) {
    if (!settings.enabled()) return;
    refuse(limiter.peek(settings.loginFailuresPerAccount(), accountKey(account))
        .or(() -> limiter.peek(settings.loginFailuresPerIp(), clientIp)), "Too many failed logins");
  }

  public void loginFailed(String account, String clientIp) {
    if (!settings.enabled()) return;
    limiter.take(settings.loginFailuresPerAccount(), accountKey(account));
    limiter.take(settings.loginFailuresPerIp(), clientIp);
  }

  public void beforeRegistration(String clientIp) {
    if (!settings.enabled()) return;
    refuse(limiter.take(settings.registrationsPerIp(), clientIp), "Too many registrations");
  }

  public void beforeTopup(long userId) {
    if (!settings.enabled()) return;
    refuse(limiter.take(settings.topupsPerUser(), Long.toString(userId)), "Too many top-ups");
  }

  private static void refuse(Optional<Duration> wait, String what) {
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      throw new CakeException.RateLimited(what + "; retry in " + seconds + " s", Duration.ofSeconds(seconds));
    }
  }

  private static String accountKey(String account) {
    return account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
  }
}
