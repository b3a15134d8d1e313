package dev.cake.core.limits;

import dev.cake.core.CakeException;
import dev.cake.core.audit.AuditEvent;
import dev.cake.core.audit.AuditLog;
import dev.cake.core.phone.PhoneNumbers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The abuse limits (docs/API.md, "Errors"): token buckets taken before the work they guard, so a burst at once gets
 * exactly the allowance and the rest 429 with Retry-After. They refill over time (a backoff, never a permanent
 * lockout).
 *
 * <p>A login takes, before any database lookup and before the password is hashed: one attempt from the client IP,
 * one attempt for the account identifier from that IP (successful or not: a correct password cannot keep the bcrypt
 * threads busy either), and one failure from the identifier's wide ceiling across all IPs (NIST SP 800-63B: at most
 * 100 failures), given back when the password was right. The identifier is the account as typed, normalised
 * (stripped and lower-cased; a phone number in E.164), never the user it resolves to: no answer depends on failures
 * recorded against another identifier of the same account. Only the wide ceiling can be spent from elsewhere.
 * Off with CAKE_RATE_LIMITS=off (load tests).
 */
@Singleton
public final class AbuseLimits {
  private final RateLimiter limiter;
  private final RateLimitSettings settings;
  private final PhoneNumbers phones;
  private final AuditLog audit;

  /**
   * A refused login is audited once per this window for the same bucket key and client IP (docs/SECURITY.md, "Audit
   * trail"): the rows an attack adds are bounded by the keys it tries, never by its attempts.
   */
  static final Duration AUDIT_WINDOW = Duration.ofMinutes(15);

  @Inject
  public AbuseLimits(RateLimiter limiter, RateLimitSettings settings, PhoneNumbers phones, AuditLog audit) {
    this.limiter = limiter;
    this.settings = settings;
    this.phones = phones;
    this.audit = audit;
  }

  /** A login attempt whose tokens are taken; {@link #succeeded()} gives its failure back. */
  public final class LoginAttempt {
    private final String identifier;

    private LoginAttempt(String identifier) {
      this.identifier = identifier;
    }

    public void succeeded() {
      if (identifier != null) limiter.refund(settings.loginFailuresPerAccount(), identifier);
    }
  }

  /** Takes a login attempt for {@code account} (as typed) from {@code clientIp}, or refuses it with a 429. */
  public LoginAttempt beforeLogin(String account, String clientIp) {
    if (!settings.enabled()) return new LoginAttempt(null);
    String identifier = identifierKey(account);
    String target = "account:" + normalised(account);
    takeAll("Too many login attempts", List.of(
        new Take(settings.loginAttemptsPerIp(), clientIp, "ip:" + clientIp),
        new Take(settings.loginAttemptsPerAccountAndIp(), identifier + "|" + clientIp, target),
        new Take(settings.loginFailuresPerAccount(), identifier, target)));
    return new LoginAttempt(identifier);
  }

  public void beforeRefresh(long userId) {
    if (!settings.enabled()) return;
    refuse(limiter.take(settings.refreshesPerUser(), Long.toString(userId)), "Too many refreshes");
  }

  public void beforeRegistration(String clientIp) {
    if (!settings.enabled()) return;
    refuse(limiter.take(settings.registrationsPerIp(), clientIp), "Too many registrations");
  }

  public void beforeTopup(long userId) {
    if (!settings.enabled()) return;
    refuse(limiter.take(settings.topupsPerUser(), Long.toString(userId)), "Too many top-ups");
  }

  /** {@code audited}: what a refusal by this bucket is recorded against. */
  private record Take(RateLimiter.Limit limit, String key, String audited) {}

  /** Takes one token from each bucket in order; when one refuses, the ones already taken are given back. */
  private void takeAll(String what, List<Take> takes) {
    var taken = new ArrayList<Take>(takes.size());
    for (Take take : takes) {
      Optional<Duration> wait = limiter.take(take.limit(), take.key());
      if (wait.isPresent()) {
        for (Take back : taken) limiter.refund(back.limit(), back.key());
        audit.recordRefusal(AuditEvent.refused("login.rate_limited", take.audited()), AUDIT_WINDOW);
        refuse(wait, what);
      }
      taken.add(take);
    }
  }

  private static void refuse(Optional<Duration> wait, String what) {
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      throw new CakeException.TooManyAttempts(what + "; retry in " + seconds + " s", Duration.ofSeconds(seconds));
    }
  }

  /**
   * The identifier as typed, normalised (an email lower-cased, a phone number in E.164, else lower-cased), hashed:
   * a key of fixed length that keeps no email or phone number in Redis.
   */
  public String identifierKey(String account) {
    String normalised = normalised(account);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The account as typed, normalised: an email lower-cased, a phone number in E.164, else lower-cased; at most 100. */
  private String normalised(String account) {
    String typed = account == null ? "" : account.strip();
    String n = typed.contains("@") ? typed.toLowerCase(Locale.ROOT)
        : phones.normalise(typed).orElse(typed.toLowerCase(Locale.ROOT));
    return n.length() <= 100 ? n : n.substring(0, 100);
  }
}
