package dev.cake.core.auth;

import java.time.Duration;
import java.util.List;

/**
 * {@code refreshReuseGrace}: how long a spent refresh token still answers with the successor it already got (a
 * client retrying after a lost answer), zero turns it off; {@code sessionMaxAge}: the absolute lifetime of a
 * session from its login, which rotation never extends.
 */
public record TokenSettings(List<String> secrets, String issuer, String audience, Duration accessTokenTtl,
                            Duration refreshTokenTtl, Duration refreshReuseGrace, Duration sessionMaxAge) {
  public TokenSettings {
    secrets = List.copyOf(secrets);
  }

  /** The defaults for the grace window (20 s) and the session lifetime (90 days). */
  public TokenSettings(List<String> secrets, String issuer, String audience, Duration accessTokenTtl,
                       Duration refreshTokenTtl) {
    this(secrets, issuer, audience, accessTokenTtl, refreshTokenTtl, Duration.ofSeconds(20), Duration.ofDays(90));
  }

  /** Never prints the secrets, only how many there are. */
  @Override
  public String toString() {
    return "TokenSettings[secrets=" + secrets.size() + " (not shown), issuer=" + issuer + ", audience=" + audience
        + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl + ", refreshReuseGrace="
        + refreshReuseGrace + ", sessionMaxAge=" + sessionMaxAge + "]";
  }

  /** The secret new tokens are signed with; the others only verify. */
  public String signingSecret() {
    return secrets.getFirst();
  }
}
