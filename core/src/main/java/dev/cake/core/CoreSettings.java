package dev.cake.core;

import dev.cake.core.auth.PasswordSettings;
import dev.cake.core.limits.RateLimitSettings;
import dev.cake.core.auth.TokenSettings;
import dev.cake.core.config.EnvironmentReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/** The domain's settings, shared by every process: tokens, passwords, the phone region, the abuse limits. */
public record CoreSettings(
    Environment environment,
    TokenSettings tokens,
    PasswordSettings passwords,
    String phoneRegion,
    RateLimitSettings rateLimits) {

  /**
   * A fixed, public secret for development and tests only: used without JWT_SECRET only when CAKE_ENV is set
   * explicitly to development or test, and never accepted in JWT_PREVIOUS_SECRETS.
   */
  public static final String DEVELOPMENT_SECRET = "cake-development-secret-do-not-use-in-production!";

  public enum Environment { DEVELOPMENT, PRODUCTION, TEST }

  /** Reads and checks only these settings (tests; a process reads every module's through one reader). */
  public static CoreSettings fromEnv(Map<String, String> env) {
    var r = new EnvironmentReader(env);
    CoreSettings settings = read(r);
    r.check();
    return settings;
  }

  public static CoreSettings read(EnvironmentReader r) {
    Environment environment = r.get("CAKE_ENV", "development", v -> Environment.valueOf(v.toUpperCase(Locale.ROOT)),
        "development, production or test");
    int cores = Runtime.getRuntime().availableProcessors();
    TokenSettings tokens = tokens(r, environment);
    var passwords = new PasswordSettings(
        r.integer("CAKE_BCRYPT_COST", 10, 4, 31),
        r.integer("CAKE_HASH_CONCURRENCY", cores, 1, 256),
        r.duration("CAKE_HASH_QUEUE_TIMEOUT", "3s"));
    String phoneRegion = r.get("CAKE_PHONE_REGION", "VN", v -> {
      if (!v.matches("[A-Za-z]{2}")) throw new IllegalArgumentException();
      return v.toUpperCase(Locale.ROOT);
    }, "a two-letter ISO 3166 region code such as VN or US");
    return new CoreSettings(environment, tokens, passwords, phoneRegion, RateLimitSettings.read(r));
  }

  private static TokenSettings tokens(EnvironmentReader r, Environment environment) {
    String secret = r.raw("JWT_SECRET");
    String explicitEnv = r.raw("CAKE_ENV") == null ? "" : r.raw("CAKE_ENV").strip();
    // only a development mode someone asked for (bin/dev, the tests) may sign with the public secret
    boolean explicitDevelopment = environment != Environment.PRODUCTION
        && (explicitEnv.equalsIgnoreCase("development") || explicitEnv.equalsIgnoreCase("test"));
    if (secret == null || secret.isBlank()) {
      if (!explicitDevelopment) {
        r.problem("JWT_SECRET: required (at least 32 bytes, e.g. `openssl rand -base64 48`); only CAKE_ENV="
            + "development or test, set explicitly, may run without it on the public development secret");
      }
      secret = DEVELOPMENT_SECRET;
    } else if (!explicitDevelopment && secret.strip().equals(DEVELOPMENT_SECRET)) {
      r.problem("JWT_SECRET: the public development secret is accepted only with CAKE_ENV=development or test");
    } else if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      r.problem("JWT_SECRET: must be at least 32 bytes long (got " + secret.getBytes(StandardCharsets.UTF_8).length
          + ")");
    }
    var secrets = new ArrayList<String>();
    secrets.add(secret);
    String previousSecrets = r.raw("JWT_PREVIOUS_SECRETS") == null ? "" : r.raw("JWT_PREVIOUS_SECRETS");
    for (String previous : previousSecrets.split(",")) {
      if (previous.isBlank()) continue;
      if (previous.strip().equals(DEVELOPMENT_SECRET)) {
        r.problem("JWT_PREVIOUS_SECRETS: the public development secret is never accepted (anyone can sign with it)");
        continue;
      }
      if (previous.strip().getBytes(StandardCharsets.UTF_8).length < 32) {
        r.problem("JWT_PREVIOUS_SECRETS: every secret must be at least 32 bytes long");
      } else {
        secrets.add(previous.strip());
      }
    }
    return new TokenSettings(secrets,
        r.get("CAKE_JWT_ISSUER", "cake-system", v -> v, "a non-empty string"),
        r.get("CAKE_JWT_AUDIENCE", "cake-api", v -> v, "a non-empty string"),
        r.duration("CAKE_ACCESS_TOKEN_TTL", "15m"),
        r.duration("CAKE_REFRESH_TOKEN_TTL", "30d"),
        r.get("CAKE_REFRESH_REUSE_GRACE", "20s", v -> {
          Duration d = EnvironmentReader.parseDuration(v);
          if (d.isNegative() || d.compareTo(Duration.ofMinutes(5)) > 0) throw new IllegalArgumentException();
          return d;
        }, "a duration from 0s (off) to 5m, such as 20s"),
        r.duration("CAKE_SESSION_MAX_AGE", "90d"));
  }

  /** True when the development secret is in use (the process logs a loud warning). */
  public boolean usesDevelopmentSecret() {
    return tokens.signingSecret().equals(DEVELOPMENT_SECRET);
  }
}
