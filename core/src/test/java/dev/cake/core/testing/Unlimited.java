package dev.cake.core.testing;

import dev.cake.core.limits.AbuseLimits;
import dev.cake.core.limits.RateLimiter;
import dev.cake.core.limits.RateLimitSettings;
import dev.cake.core.phone.PhoneNumbers;
import java.time.Duration;
import java.util.Optional;

/** Abuse limits switched off (as {@code CAKE_RATE_LIMITS=off}), for services tested without them. */
public final class Unlimited {
  private Unlimited() {}

  public static AbuseLimits abuseLimits(PhoneNumbers phones) {
    var off = new RateLimitSettings(false, null, null, null, null, null, null, false);
    return new AbuseLimits(new RateLimiter() {
      @Override
      public Optional<Duration> take(Limit limit, String key) {
        return Optional.empty();
      }

      @Override
      public void refund(Limit limit, String key) {}
    }, off, phones, new RecordingAuditLog());
  }
}
