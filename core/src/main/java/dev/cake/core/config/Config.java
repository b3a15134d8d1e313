package dev.cake.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.cake.core.auth.RateLimiter;

/**
 * The whole configuration of a Cake process, read once from environment variables and validated at start.
 * Every bad value is reported at once, one line each. {@link #load()} is the only place that reads the
 * environment; everything else receives the small settings record it needs.
 */
public record Config(
    Environment environment,
    HttpSettings http,
    DatabaseSettings database,
    RedisSettings redis,
    TokenSettings tokens,
    PasswordSettings passwords,
    String phoneRegion,
    WorkerSettings worker,
    PaymentSettings payment,
    RateLimitSettings rateLimits,
    Duration healthTimeout,
    boolean migrateOnStart) {

  /**
   * A fixed, public secret for development and tests only: used without JWT_SECRET only when CAKE_ENV is set
   * explicitly to development or test, and never accepted in JWT_PREVIOUS_SECRETS.
   */
  public static final String DEVELOPMENT_SECRET = "cake-development-secret-do-not-use-in-production!";

  public enum Environment { DEVELOPMENT, PRODUCTION, TEST }

  /**
   * {@code drainDelay}: how long readiness answers 503 before the server stops accepting, so load balancers take
   * the instance out first; {@code shutdownTimeout}: how long in-flight requests (and worker jobs) may take to finish.
   */
  public record HttpSettings(int port, int maxConcurrency, int acceptQueueSize, long maxBodyBytes,
                             Duration drainDelay, Duration shutdownTimeout) {}

  /**
   * The database connection and its bounded waits. {@code connectionTimeout}: the whole wait for a pooled connection
   * (the fair queue and the pool together); {@code validationTimeout}: how long the pool may spend checking that an
   * idle connection is alive; {@code connectTimeout}: opening a new connection (TCP connect and login);
   * {@code socketTimeout}: the driver's wait for any answer (longer than {@code statementTimeout}, so the server
   * cancels a slow query before the client gives up on a silent one); the server-side {@code statement_timeout},
   * {@code lock_timeout} and {@code idle_in_transaction_session_timeout} of every session; {@code keepalive}: the
   * server's TCP keepalive idle time and {@code tcp_user_timeout} for the session's socket.
   */
  public record DatabaseSettings(String jdbcUrl, String user, String password, int poolSize,
                                 Duration connectionTimeout, Timeouts timeouts) {
    /** The defaults, for code that builds settings without the environment. */
    public DatabaseSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout) {
      this(jdbcUrl, user, password, poolSize, connectionTimeout, Timeouts.DEFAULTS);
    }
  }

  /** See {@link DatabaseSettings}. */
  public record Timeouts(Duration validationTimeout, Duration connectTimeout, Duration socketTimeout,
                         Duration statementTimeout, Duration lockTimeout, Duration idleInTransactionTimeout,
                         Duration keepalive) {
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  /**
   * {@code timeout}: connect and read of one Redis call; {@code poolWait}: the longest wait for a pooled connection
   * (a burst queues for the pool, which is not Redis being slow); {@code profileNearCacheTtl}: how long an API
   * process keeps a profile in memory (0 turns the near cache off); {@code breaker}: the circuit breaker in front of
   * every Redis command.
   */
  public record RedisSettings(URI uri, String keyPrefix, int poolSize, Duration timeout, Duration poolWait,
                              Duration profileCacheTtl, Duration profileNearCacheTtl, BreakerSettings breaker) {
    public RedisSettings(URI uri, String keyPrefix, int poolSize, Duration timeout, Duration profileCacheTtl,
                         Duration profileNearCacheTtl) {
      this(uri, keyPrefix, poolSize, timeout, Duration.ofSeconds(1), profileCacheTtl, profileNearCacheTtl,
          BreakerSettings.DEFAULTS);
    }
  }

  /**
   * The Redis circuit breaker: over the last {@code window} calls (once at least {@code minimumCalls} were made), when
   * {@code failureRate} percent failed at the connection level, or {@code slowCallRate} percent took longer than
   * {@code slowCall} (zero: slow calls are not judged, the default), it opens: every Redis call fails at once for
   * {@code openFor}, then {@code halfOpenCalls} trial calls decide whether it closes again. Slowness is off by default
   * because on a busy machine a call is slow when our threads wait for a core, not when Redis is; a Redis that does not
   * answer fails each call at {@code CAKE_REDIS_TIMEOUT} and opens the breaker by its failure rate.
   */
  public record BreakerSettings(boolean enabled, int window, int minimumCalls, int failureRate, Duration slowCall,
                                int slowCallRate, Duration openFor, int halfOpenCalls) {
    public static final BreakerSettings DEFAULTS =
        new BreakerSettings(true, 6, 4, 50, Duration.ZERO, 80, Duration.ofSeconds(5), 2);
  }

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

    /** The secret new tokens are signed with; the others only verify. */
    public String signingSecret() {
      return secrets.getFirst();
    }
  }

  public record PasswordSettings(int bcryptCost, int hashConcurrency, Duration hashQueueTimeout) {}

  /**
   * The worker process: consumers per process, attempts before the failed list, the first retry delay (doubling
   * each time), the heartbeat lifetime after which a silent worker's jobs go back to the queue, how long an outbox
   * row may stay unpublished before the relay takes it, how long a published row may stay unprocessed before the
   * relay publishes it again (Redis lost it), how old a pending top-up must be before recovery settles it, and how
   * long Idempotency-Keys are kept.
   */
  public record WorkerSettings(int consumers, int maxAttempts, Duration backoffBase, Duration heartbeatTtl,
                               Duration relayAfter, Duration redeliverAfter, Duration settleAfter,
                               Duration idempotencyTtl) {}

  /**
   * Abuse limits (token buckets in Redis, shared by every replica): login attempts per account identifier and
   * client IP, failed logins per account identifier (a wide ceiling across IPs), login attempts per client IP,
   * registrations per client IP, top-ups and refreshes per user. {@code trustForwardedFor}: take the client IP
   * from the first X-Forwarded-For entry (only behind a proxy you run, such as the bundled nginx).
   */
  public record RateLimitSettings(boolean enabled, RateLimiter.Limit loginAttemptsPerAccountAndIp,
                                  RateLimiter.Limit loginFailuresPerAccount, RateLimiter.Limit loginAttemptsPerIp,
                                  RateLimiter.Limit registrationsPerIp, RateLimiter.Limit topupsPerUser,
                                  RateLimiter.Limit refreshesPerUser, boolean trustForwardedFor) {}

  /** The simulated bank transfer: latency per charge and the share of charges declined at random (0..1). */
  public record PaymentSettings(Duration latency, double declineRate) {}

  /** Reads the process environment. The only call to {@code System.getenv} in the code base. */
  public static Config load() {
    return fromEnv(System.getenv());
  }

  public static Config fromEnv(Map<String, String> env) {
    var r = new Reader(env);
    Environment environment = r.get("CAKE_ENV", "development", v -> Environment.valueOf(v.toUpperCase(Locale.ROOT)),
        "development, production or test");
    int cores = Runtime.getRuntime().availableProcessors();

    var http = new HttpSettings(
        r.integer("PORT", 3000, 0, 65535),
        r.integer("CAKE_HTTP_MAX_CONCURRENCY", 4096, 16, 1_000_000),
        r.integer("CAKE_HTTP_ACCEPT_QUEUE", 4096, 50, 65535),
        64 * 1024,
        r.get("CAKE_SHUTDOWN_DRAIN", "1s", s -> {
          Duration d = parseDuration(s);
          if (d.isNegative()) throw new IllegalArgumentException();
          return d;
        }, "a duration such as 0s, 1s or 500ms"),
        r.duration("CAKE_SHUTDOWN_TIMEOUT", "10s"));

    int dbPoolSize = r.integer("CAKE_DB_POOL_SIZE", 10, 1, 500);
    Duration dbConnectionTimeout = r.duration("CAKE_DB_CONNECTION_TIMEOUT", "2s");
    var dbTimeouts = new Timeouts(
        r.duration("CAKE_DB_VALIDATION_TIMEOUT", "1s"),
        r.wholeSeconds("CAKE_DB_CONNECT_TIMEOUT", "2s"),
        r.wholeSeconds("CAKE_DB_SOCKET_TIMEOUT", "4s"),
        r.duration("CAKE_DB_STATEMENT_TIMEOUT", "3s"),
        r.duration("CAKE_DB_LOCK_TIMEOUT", "2s"),
        r.duration("CAKE_DB_IDLE_IN_TRANSACTION_TIMEOUT", "5s"),
        r.wholeSeconds("CAKE_DB_KEEPALIVE", "10s"));
    if (dbTimeouts.validationTimeout().toMillis() < 250) {
      r.errors.add("CAKE_DB_VALIDATION_TIMEOUT: must be at least 250ms (the pool's minimum)");
    }
    if (dbTimeouts.socketTimeout().compareTo(dbTimeouts.statementTimeout()) <= 0) {
      r.errors.add("CAKE_DB_SOCKET_TIMEOUT: must be longer than CAKE_DB_STATEMENT_TIMEOUT ("
          + dbTimeouts.statementTimeout().toMillis() + " ms), so the server cancels a slow query first");
    }
    DatabaseSettings database = r.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/cake",
        v -> parseDatabaseUrl(v, dbPoolSize, dbConnectionTimeout, dbTimeouts),
        "postgresql://user:password@host:port/database (or the jdbc:postgresql:// form)");

    var redis = new RedisSettings(
        r.get("REDIS_URL", "redis://127.0.0.1:6379/0", Config::parseRedisUrl, "redis://[user:password@]host:port[/db]"),
        r.get("CAKE_REDIS_PREFIX", "cake:", Config::parsePrefix, "1-64 characters of letters, digits, ':', '-', '_', '.'"),
        r.integer("CAKE_REDIS_POOL_SIZE", 32, 1, 1024),
        r.duration("CAKE_REDIS_TIMEOUT", "500ms"),
        r.duration("CAKE_REDIS_POOL_WAIT", "1s"),
        r.duration("CAKE_PROFILE_CACHE_TTL", "5m"),
        r.get("CAKE_PROFILE_NEAR_CACHE_TTL", "5s", s -> {
          Duration d = parseDuration(s);
          if (d.isNegative()) throw new IllegalArgumentException();
          return d;
        }, "a duration such as 0s (off), 5s or 500ms"),
        new BreakerSettings(
            r.bool("CAKE_REDIS_BREAKER", true),
            r.integer("CAKE_REDIS_BREAKER_WINDOW", 6, 1, 10_000),
            r.integer("CAKE_REDIS_BREAKER_MIN_CALLS", 4, 1, 10_000),
            r.integer("CAKE_REDIS_BREAKER_FAILURE_RATE", 50, 1, 100),
            r.get("CAKE_REDIS_BREAKER_SLOW_CALL", "0s", v -> {
              Duration d = parseDuration(v);
              if (d.isNegative()) throw new IllegalArgumentException();
              return d;
            }, "a duration such as 0s (off), 250ms or 1s"),
            r.integer("CAKE_REDIS_BREAKER_SLOW_CALL_RATE", 80, 1, 100),
            r.duration("CAKE_REDIS_BREAKER_OPEN_FOR", "5s"),
            r.integer("CAKE_REDIS_BREAKER_HALF_OPEN_CALLS", 2, 1, 1000)));

    String secret = env.get("JWT_SECRET");
    String explicitEnv = env.getOrDefault("CAKE_ENV", "").strip();
    // only a development mode someone asked for (bin/dev, the tests) may sign with the public secret
    boolean explicitDevelopment = environment != Environment.PRODUCTION
        && (explicitEnv.equalsIgnoreCase("development") || explicitEnv.equalsIgnoreCase("test"));
    if (secret == null || secret.isBlank()) {
      if (!explicitDevelopment) {
        r.errors.add("JWT_SECRET: required (at least 32 bytes, e.g. `openssl rand -base64 48`); only CAKE_ENV="
            + "development or test, set explicitly, may run without it on the public development secret");
      }
      secret = DEVELOPMENT_SECRET;
    } else if (!explicitDevelopment && secret.strip().equals(DEVELOPMENT_SECRET)) {
      r.errors.add("JWT_SECRET: the public development secret is accepted only with CAKE_ENV=development or test");
    } else if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      r.errors.add("JWT_SECRET: must be at least 32 bytes long (got " + secret.getBytes(StandardCharsets.UTF_8).length + ")");
    }
    var secrets = new ArrayList<String>();
    secrets.add(secret);
    for (String previous : env.getOrDefault("JWT_PREVIOUS_SECRETS", "").split(",")) {
      if (previous.isBlank()) continue;
      if (previous.strip().equals(DEVELOPMENT_SECRET)) {
        r.errors.add("JWT_PREVIOUS_SECRETS: the public development secret is never accepted (anyone can sign with it)");
        continue;
      }
      if (previous.strip().getBytes(StandardCharsets.UTF_8).length < 32) {
        r.errors.add("JWT_PREVIOUS_SECRETS: every secret must be at least 32 bytes long");
      } else {
        secrets.add(previous.strip());
      }
    }
    var tokens = new TokenSettings(secrets,
        r.get("CAKE_JWT_ISSUER", "cake-system", v -> v, "a non-empty string"),
        r.get("CAKE_JWT_AUDIENCE", "cake-api", v -> v, "a non-empty string"),
        r.duration("CAKE_ACCESS_TOKEN_TTL", "15m"),
        r.duration("CAKE_REFRESH_TOKEN_TTL", "30d"),
        r.get("CAKE_REFRESH_REUSE_GRACE", "20s", v -> {
          Duration d = parseDuration(v);
          if (d.isNegative() || d.compareTo(Duration.ofMinutes(5)) > 0) throw new IllegalArgumentException();
          return d;
        }, "a duration from 0s (off) to 5m, such as 20s"),
        r.duration("CAKE_SESSION_MAX_AGE", "90d"));

    var passwords = new PasswordSettings(
        r.integer("CAKE_BCRYPT_COST", 10, 4, 31),
        r.integer("CAKE_HASH_CONCURRENCY", cores, 1, 256),
        r.duration("CAKE_HASH_QUEUE_TIMEOUT", "3s"));

    String phoneRegion = r.get("CAKE_PHONE_REGION", "VN", v -> {
      if (!v.matches("[A-Za-z]{2}")) throw new IllegalArgumentException();
      return v.toUpperCase(Locale.ROOT);
    }, "a two-letter ISO 3166 region code such as VN or US");

    var worker = new WorkerSettings(
        r.integer("CAKE_WORKER_CONSUMERS", 4, 1, 256),
        r.integer("CAKE_QUEUE_MAX_ATTEMPTS", 5, 1, 100),
        r.duration("CAKE_QUEUE_BACKOFF", "1s"),
        r.duration("CAKE_WORKER_HEARTBEAT_TTL", "10s"),
        r.duration("CAKE_OUTBOX_RELAY_AFTER", "5s"),
        r.duration("CAKE_OUTBOX_REDELIVER_AFTER", "30s"),
        r.duration("CAKE_TOPUP_SETTLE_AFTER", "2m"),
        r.duration("CAKE_IDEMPOTENCY_TTL", "24h"));
    var payment = new PaymentSettings(
        Duration.ofMillis(r.integer("CAKE_PAYMENT_LATENCY_MS", 100, 0, 60_000)),
        r.get("CAKE_PAYMENT_DECLINE_RATE", "0", v -> {
          double d = Double.parseDouble(v);
          if (!(d >= 0 && d <= 1)) throw new IllegalArgumentException();
          return d;
        }, "a number from 0 to 1"));
    var rateLimits = new RateLimitSettings(
        r.bool("CAKE_RATE_LIMITS", true),
        r.limit("CAKE_RATE_LOGIN_ATTEMPTS_PER_ACCOUNT_AND_IP", "login-account-ip", "10/15m"),
        r.limit("CAKE_RATE_LOGIN_FAILURES_PER_ACCOUNT", "login-failures-account", "100/24h"),
        r.limit("CAKE_RATE_LOGIN_ATTEMPTS_PER_IP", "login-ip", "100/15m"),
        r.limit("CAKE_RATE_REGISTRATIONS_PER_IP", "register-ip", "20/1h"),
        r.limit("CAKE_RATE_TOPUPS_PER_USER", "topup-user", "30/1m"),
        r.limit("CAKE_RATE_REFRESHES_PER_USER", "refresh-user", "60/1h"),
        r.bool("CAKE_TRUST_X_FORWARDED_FOR", false));
    Duration healthTimeout = r.duration("CAKE_HEALTH_TIMEOUT", "1s");
    boolean migrateOnStart = r.bool("CAKE_MIGRATE_ON_START", false);

    if (!r.errors.isEmpty()) {
      throw new ConfigException(r.errors);
    }
    return new Config(environment, http, database, redis, tokens, passwords, phoneRegion, worker, payment,
        rateLimits, healthTimeout, migrateOnStart);
  }

  /** True when the development secret is in use (the process logs a loud warning). */
  public boolean usesDevelopmentSecret() {
    return tokens.signingSecret().equals(DEVELOPMENT_SECRET);
  }

  private static final Pattern PG_URL =
      Pattern.compile("(?:jdbc:)?postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)/([^?]+)(\\?.*)?");

  static DatabaseSettings parseDatabaseUrl(String url, int poolSize, Duration connectionTimeout, Timeouts timeouts) {
    Matcher m = PG_URL.matcher(url.strip());
    if (!m.matches()) throw new IllegalArgumentException();
    String user = m.group(1) == null || m.group(1).isEmpty() ? "postgres" : decode(m.group(1));
    String password = m.group(2) == null ? "" : decode(m.group(2));
    String query = m.group(5) == null ? "" : m.group(5);
    String jdbcUrl = "jdbc:postgresql://" + m.group(3) + "/" + m.group(4) + query;
    return new DatabaseSettings(jdbcUrl, user, password, poolSize, connectionTimeout, timeouts);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static URI parseRedisUrl(String url) {
    try {
      URI uri = new URI(url.strip());
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String parsePrefix(String prefix) {
    if (!prefix.matches("[A-Za-z0-9:._-]{1,64}")) throw new IllegalArgumentException();
    return prefix;
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

  /** Parses 500ms, 15s, 15m, 1h, 30d, plain seconds, or ISO-8601 (PT15M). */
  public static Duration parseDuration(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Variables whose value may carry a password: an error shows them redacted. */
  private static final java.util.Set<String> URL_VARIABLES = java.util.Set.of("DATABASE_URL", "REDIS_URL");
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&]*");

  /**
   * A URL fit for a log or an error: {@code user:password@} becomes {@code user:***@} (a userinfo without a colon,
   * which Redis clients read as a password, becomes {@code ***@}), and a {@code password=} parameter {@code ***}.
   */
  static String redact(String url) {
    String result = url;
    int start = result.indexOf("//");
    int at = result.lastIndexOf('@');
    if (start >= 0 && at > start) {
      String userinfo = result.substring(start + 2, at);
      int colon = userinfo.indexOf(':');
      String shown = colon >= 0 ? userinfo.substring(0, colon + 1) + "***" : "***";
      result = result.substring(0, start + 2) + shown + result.substring(at);
    }
    return PASSWORD_PARAMETER.matcher(result).replaceAll("$1***");
  }

  /** Collects one message per bad variable instead of failing on the first. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> errors = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    <T> T get(String name, String fallback, Function<String, T> parse, String expected) {
      String raw = env.get(name);
      String value = raw == null || raw.isBlank() ? fallback : raw.strip();
      try {
        return parse.apply(value);
      } catch (RuntimeException e) {
        errors.add(name + ": expected " + expected + ", got '" + (URL_VARIABLES.contains(name) ? redact(value) : value)
            + "'");
        try {
          return parse.apply(fallback);
        } catch (RuntimeException ignored) {
          return null;
        }
      }
    }

    int integer(String name, int fallback, int min, int max) {
      Integer v = get(name, Integer.toString(fallback), s -> {
        int n = Integer.parseInt(s);
        if (n < min || n > max) throw new IllegalArgumentException();
        return n;
      }, "an integer from " + min + " to " + max);
      return v == null ? fallback : v;
    }

    Duration duration(String name, String fallback) {
      return get(name, fallback, s -> {
        Duration d = parseDuration(s);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException();
        return d;
      }, "a positive duration such as 500ms, 15s, 15m, 1h, 30d or PT15M");
    }

    /** A positive duration in whole seconds (the PostgreSQL driver counts its timeouts in seconds). */
    Duration wholeSeconds(String name, String fallback) {
      return get(name, fallback, s -> {
        Duration d = parseDuration(s);
        if (d.isNegative() || d.isZero() || d.toMillis() % 1000 != 0) throw new IllegalArgumentException();
        return d;
      }, "a positive whole number of seconds such as 2s or 10s");
    }

    /** "N/duration", e.g. 5/15m: N requests per duration. */
    RateLimiter.Limit limit(String name, String key, String fallback) {
      return get(name, fallback, s -> {
        String[] parts = s.split("/", 2);
        int n = Integer.parseInt(parts[0].strip());
        Duration period = parseDuration(parts[1]);
        if (n < 1 || period.isZero() || period.isNegative()) throw new IllegalArgumentException();
        return new RateLimiter.Limit(key, n, period);
      }, "N/duration, e.g. 5/15m");
    }

    boolean bool(String name, boolean fallback) {
      return get(name, Boolean.toString(fallback), s -> switch (s.toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "on" -> true;
        case "false", "0", "no", "off" -> false;
        default -> throw new IllegalArgumentException();
      }, "true or false");
    }
  }
}
