package dev.cake.persistence;

import dev.cake.core.config.EnvironmentReader;
import dev.cake.persistence.postgres.DatabaseRoles;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The adapters' settings: the database, Redis (with its breaker) and the payment gateway; {@code roles}: the
 * database roles {@code bin/migrate} creates and grants (docs/SECURITY.md).
 */
public record PersistenceSettings(DatabaseSettings database, RedisSettings redis, PaymentSettings payment,
                                  DatabaseRoles roles) {
  public PersistenceSettings(DatabaseSettings database, RedisSettings redis, PaymentSettings payment) {
    this(database, redis, payment, DatabaseRoles.DEFAULTS);
  }

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

    /** Never prints the password (a settings dump or a log line must not carry it). */
    @Override
    public String toString() {
      return "DatabaseSettings[jdbcUrl=" + EnvironmentReader.redact(jdbcUrl) + ", user=" + user + ", password="
          + (password.isEmpty() ? "(none)" : "***") + ", poolSize=" + poolSize + ", connectionTimeout="
          + connectionTimeout + ", timeouts=" + timeouts + "]";
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
   * every Redis command; {@code requestBudget}: the most one API request waits on Redis in all its calls together
   * (zero: no budget, each call only its own {@code timeout}).
   */
  public record RedisSettings(URI uri, String keyPrefix, int poolSize, Duration timeout, Duration poolWait,
                              Duration profileCacheTtl, Duration profileNearCacheTtl, BreakerSettings breaker,
                              Duration requestBudget) {
    public RedisSettings(URI uri, String keyPrefix, int poolSize, Duration timeout, Duration profileCacheTtl,
                         Duration profileNearCacheTtl) {
      this(uri, keyPrefix, poolSize, timeout, Duration.ofSeconds(1), profileCacheTtl, profileNearCacheTtl,
          BreakerSettings.DEFAULTS, timeout);
    }

    /** Never prints a password of the URL. */
    @Override
    public String toString() {
      return "RedisSettings[uri=" + EnvironmentReader.redact(uri.toString()) + ", keyPrefix=" + keyPrefix
          + ", poolSize=" + poolSize + ", timeout=" + timeout + ", poolWait=" + poolWait + ", profileCacheTtl="
          + profileCacheTtl + ", profileNearCacheTtl=" + profileNearCacheTtl + ", breaker=" + breaker + "]";
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

  /** The simulated bank transfer: latency per charge and the share of charges declined at random (0..1). */
  public record PaymentSettings(Duration latency, double declineRate) {}

  /** Reads and checks only these settings (tests; a process reads every module's through one reader). */
  public static PersistenceSettings fromEnv(Map<String, String> env) {
    var r = new EnvironmentReader(env);
    PersistenceSettings settings = read(r);
    r.check();
    return settings;
  }

  public static PersistenceSettings read(EnvironmentReader r) {
    return new PersistenceSettings(database(r), redis(r), payment(r), DatabaseRoles.read(r));
  }

  /** The database settings alone: what the commands that use only PostgreSQL read (bin/migrate, reconcile). */
  public static DatabaseSettings database(EnvironmentReader r) {
    int poolSize = r.integer("CAKE_DB_POOL_SIZE", 10, 1, 500);
    Duration connectionTimeout = r.duration("CAKE_DB_CONNECTION_TIMEOUT", "2s");
    var timeouts = new Timeouts(
        r.duration("CAKE_DB_VALIDATION_TIMEOUT", "1s"),
        r.wholeSeconds("CAKE_DB_CONNECT_TIMEOUT", "2s"),
        r.wholeSeconds("CAKE_DB_SOCKET_TIMEOUT", "4s"),
        r.duration("CAKE_DB_STATEMENT_TIMEOUT", "3s"),
        r.duration("CAKE_DB_LOCK_TIMEOUT", "2s"),
        r.duration("CAKE_DB_IDLE_IN_TRANSACTION_TIMEOUT", "5s"),
        r.wholeSeconds("CAKE_DB_KEEPALIVE", "10s"));
    if (timeouts.validationTimeout().toMillis() < 250) {
      r.problem("CAKE_DB_VALIDATION_TIMEOUT: must be at least 250ms (the pool's minimum)");
    }
    if (timeouts.socketTimeout().compareTo(timeouts.statementTimeout()) <= 0) {
      r.problem("CAKE_DB_SOCKET_TIMEOUT: must be longer than CAKE_DB_STATEMENT_TIMEOUT ("
          + timeouts.statementTimeout().toMillis() + " ms), so the server cancels a slow query first");
    }
    return r.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/cake",
        v -> parseDatabaseUrl(v, poolSize, connectionTimeout, timeouts),
        "postgresql://user:password@host:port/database, several hosts as host1:port1,host2:port2"
            + " (or the jdbc:postgresql:// form)");
  }

  private static RedisSettings redis(EnvironmentReader r) {
    return new RedisSettings(
        r.get("REDIS_URL", "redis://127.0.0.1:6379/0", PersistenceSettings::parseRedisUrl,
            "redis://[user:password@]host:port[/db] or redis-sentinel://[user:password@]host:port,host:port/master[?db=N]"),
        r.get("CAKE_REDIS_PREFIX", "cake:", PersistenceSettings::parsePrefix,
            "1-64 characters of letters, digits, ':', '-', '_', '.'"),
        r.integer("CAKE_REDIS_POOL_SIZE", 32, 1, 1024),
        r.duration("CAKE_REDIS_TIMEOUT", "500ms"),
        r.duration("CAKE_REDIS_POOL_WAIT", "1s"),
        r.duration("CAKE_PROFILE_CACHE_TTL", "5m"),
        r.durationOrZero("CAKE_PROFILE_NEAR_CACHE_TTL", "5s", "a duration such as 0s (off), 5s or 500ms"),
        new BreakerSettings(
            r.bool("CAKE_REDIS_BREAKER", true),
            r.integer("CAKE_REDIS_BREAKER_WINDOW", 6, 1, 10_000),
            r.integer("CAKE_REDIS_BREAKER_MIN_CALLS", 4, 1, 10_000),
            r.integer("CAKE_REDIS_BREAKER_FAILURE_RATE", 50, 1, 100),
            r.durationOrZero("CAKE_REDIS_BREAKER_SLOW_CALL", "0s", "a duration such as 0s (off), 250ms or 1s"),
            r.integer("CAKE_REDIS_BREAKER_SLOW_CALL_RATE", 80, 1, 100),
            r.duration("CAKE_REDIS_BREAKER_OPEN_FOR", "5s"),
            r.integer("CAKE_REDIS_BREAKER_HALF_OPEN_CALLS", 2, 1, 1000)),
        r.durationOrZero("CAKE_REDIS_REQUEST_BUDGET", "500ms", "a duration such as 500ms, or 0s (off)"));
  }

  private static PaymentSettings payment(EnvironmentReader r) {
    return new PaymentSettings(
        Duration.ofMillis(r.integer("CAKE_PAYMENT_LATENCY_MS", 100, 0, 60_000)),
        r.get("CAKE_PAYMENT_DECLINE_RATE", "0", v -> {
          double d = Double.parseDouble(v);
          if (!(d >= 0 && d <= 1)) throw new IllegalArgumentException();
          return d;
        }, "a number from 0 to 1"));
  }

  private static final Pattern PG_URL =
      Pattern.compile("(?:jdbc:)?postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)/([^?]+)(\\?.*)?");

  static DatabaseSettings parseDatabaseUrl(String url, int poolSize, Duration connectionTimeout, Timeouts timeouts) {
    Matcher m = PG_URL.matcher(url.strip());
    if (!m.matches()) throw new IllegalArgumentException();
    String user = m.group(1) == null || m.group(1).isEmpty() ? "postgres" : decode(m.group(1));
    String password = m.group(2) == null ? "" : decode(m.group(2));
    String query = m.group(5) == null ? "" : m.group(5);
    if (m.group(3).contains(",")) query = withPrimaryTargeting(query);
    String jdbcUrl = "jdbc:postgresql://" + m.group(3) + "/" + m.group(4) + query;
    return new DatabaseSettings(jdbcUrl, user, password, poolSize, connectionTimeout, timeouts);
  }

  /**
   * Several hosts (a Patroni cluster): the driver connects to whichever one is the primary ({@code targetServerType})
   * and remembers each host's role for {@code hostRecheckSeconds}, so after a failover it looks again within 2 s.
   * Connect, login and socket timeouts are set for every URL (see {@link Timeouts}): a dead host costs one
   * {@code connectTimeout}, not a TCP timeout. Parameters the URL sets itself win.
   */
  private static String withPrimaryTargeting(String query) {
    var params = new StringBuilder(query.isEmpty() ? "?" : query);
    if (!query.contains("targetServerType=")) params.append(params.length() > 1 ? "&" : "").append("targetServerType=primary");
    if (!query.contains("hostRecheckSeconds=")) params.append("&hostRecheckSeconds=2");
    return params.toString();
  }

  /**
   * A Redis reached through Sentinel: {@code redis-sentinel://[user:password@]host:port,host:port/master[?db=N]}.
   * The credentials are the master's (the Sentinels are asked without any).
   */
  public record SentinelAddress(List<String> sentinels, String master, int database, String user, String password) {
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:[0-9]{1,5}");

    public static boolean isSentinel(URI uri) {
      return "redis-sentinel".equals(uri.getScheme());
    }

    public static SentinelAddress of(URI uri) {
      String authority = uri.getRawAuthority();
      if (!isSentinel(uri) || authority == null) throw new IllegalArgumentException("not a redis-sentinel:// URL");
      String user = null;
      String password = null;
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        String[] info = authority.substring(0, at).split(":", 2);
        if (info.length == 2) {
          user = info[0].isEmpty() ? null : decode(info[0]);
          password = decode(info[1]);
        } else {
          password = decode(info[0]);
        }
        authority = authority.substring(at + 1);
      }
      List<String> hosts = List.of(authority.split(","));
      if (hosts.isEmpty() || !hosts.stream().allMatch(h -> HOST_PORT.matcher(h).matches())) {
        throw new IllegalArgumentException("sentinels must be host:port,host:port");
      }
      String path = uri.getPath();
      if (path == null || !path.matches("/[A-Za-z0-9._-]+")) throw new IllegalArgumentException("no master name");
      int database = 0;
      if (uri.getQuery() != null) {
        Matcher db = Pattern.compile("(?:^|&)db=([0-9]{1,2})(?:&|$)").matcher(uri.getQuery());
        if (!db.find()) throw new IllegalArgumentException("the only parameter is db=N");
        database = Integer.parseInt(db.group(1));
      }
      return new SentinelAddress(hosts, path.substring(1), database, user, password);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static URI parseRedisUrl(String url) {
    try {
      URI uri = new URI(url.strip());
      if (SentinelAddress.isSentinel(uri)) {
        SentinelAddress.of(uri); // checked now, used by RedisModule
        return uri;
      }
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
}
