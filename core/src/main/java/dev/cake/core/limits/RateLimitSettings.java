package dev.cake.core.limits;

import dev.cake.core.config.EnvironmentReader;
import java.time.Duration;

/**
 * Abuse limits (token buckets in Redis, shared by every replica): login attempts per account identifier and
 * client IP, failed logins per account identifier (a wide ceiling across IPs), login attempts per client IP,
 * registrations per client IP, top-ups and refreshes per user. {@code trustForwardedFor}: take the client IP
 * from the first X-Forwarded-For entry (only behind a proxy you run, such as the bundled nginx).
 */
public record RateLimitSettings(boolean enabled, RateLimiter.Limit loginAttemptsPerAccountAndIp,
                                RateLimiter.Limit loginFailuresPerAccount, RateLimiter.Limit loginAttemptsPerIp,
                                RateLimiter.Limit registrationsPerIp, RateLimiter.Limit topupsPerUser,
                                RateLimiter.Limit refreshesPerUser, boolean trustForwardedFor) {

  public static RateLimitSettings read(EnvironmentReader r) {
    return new RateLimitSettings(
        r.bool("CAKE_RATE_LIMITS", true),
        limit(r, "CAKE_RATE_LOGIN_ATTEMPTS_PER_ACCOUNT_AND_IP", "login-account-ip", "10/15m"),
        limit(r, "CAKE_RATE_LOGIN_FAILURES_PER_ACCOUNT", "login-failures-account", "100/24h"),
        limit(r, "CAKE_RATE_LOGIN_ATTEMPTS_PER_IP", "login-ip", "100/15m"),
        limit(r, "CAKE_RATE_REGISTRATIONS_PER_IP", "register-ip", "20/1h"),
        limit(r, "CAKE_RATE_TOPUPS_PER_USER", "topup-user", "30/1m"),
        limit(r, "CAKE_RATE_REFRESHES_PER_USER", "refresh-user", "60/1h"),
        r.bool("CAKE_TRUST_X_FORWARDED_FOR", false));
  }

  /** "N/duration", e.g. 5/15m: N requests per duration. */
  private static RateLimiter.Limit limit(EnvironmentReader r, String name, String key, String fallback) {
    return r.get(name, fallback, s -> {
      String[] parts = s.split("/", 2);
      int n = Integer.parseInt(parts[0].strip());
      Duration period = EnvironmentReader.parseDuration(parts[1]);
      if (n < 1 || period.isZero() || period.isNegative()) throw new IllegalArgumentException();
      return new RateLimiter.Limit(key, n, period);
    }, "N/duration, e.g. 5/15m");
  }
}
