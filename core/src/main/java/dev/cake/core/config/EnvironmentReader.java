package dev.cake.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads settings from environment variables and collects one message per bad variable instead of failing on the
 * first: each module reads its own settings through the same reader, then {@link #check()} reports them all at once.
 * A bad value yields its default so that reading can go on.
 *
 * <p>Every {@linkplain #SECRETS secret} may instead be given as {@code NAME_FILE}, the path of a file holding the
 * value (the Docker and Kubernetes secrets convention; one trailing newline is dropped). Giving both is an error. A
 * secret's value never appears in an error message: only its name, or a URL with its password replaced by
 * {@code ***}.
 */
public final class EnvironmentReader {
  /** The settings that are secrets, or may carry one: each may also be read from {@code NAME_FILE}. */
  public static final Set<String> SECRETS = Set.of("JWT_SECRET", "JWT_PREVIOUS_SECRETS", "DATABASE_URL", "REDIS_URL",
      "CAKE_DB_API_PASSWORD", "CAKE_DB_WORKER_PASSWORD");
  /** Variables whose value may carry a password: an error shows them redacted. */
  private static final Set<String> URL_VARIABLES = Set.of("DATABASE_URL", "REDIS_URL");
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&]*");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

  private final Map<String, String> env;
  private final List<String> errors = new ArrayList<>();

  public EnvironmentReader(Map<String, String> env) {
    var resolved = new HashMap<>(env);
    for (String name : SECRETS) {
      String path = env.get(name + "_FILE");
      if (path == null || path.isBlank()) continue;
      if (env.get(name) != null && !env.get(name).isBlank()) {
        errors.add(name + " and " + name + "_FILE are both set: give the secret one way only");
        resolved.remove(name);
        continue;
      }
      try {
        String value = Files.readString(Path.of(path.strip()), StandardCharsets.UTF_8);
        if (value.endsWith("\n")) value = value.substring(0, value.length() - 1);
        if (value.endsWith("\r")) value = value.substring(0, value.length() - 1);
        if (value.isBlank()) errors.add(name + "_FILE: " + path.strip() + " is empty");
        else resolved.put(name, value);
      } catch (IOException | RuntimeException e) {
        // the exception's class names the cause (missing, unreadable) without echoing any content
        errors.add(name + "_FILE: cannot read " + path.strip() + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    this.env = Map.copyOf(resolved);
  }

  /** The raw value, or null when unset (for settings checked as a whole, such as the JWT secrets). */
  public String raw(String name) {
    return env.get(name);
  }

  /** Records a problem that no single parse can see (a value checked against another). */
  public void problem(String message) {
    errors.add(message);
  }

  /** Throws one {@link ConfigException} listing every problem found so far, if any. */
  public void check() {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  public <T> T get(String name, String fallback, Function<String, T> parse, String expected) {
    String raw = env.get(name);
    String value = raw == null || raw.isBlank() ? fallback : raw.strip();
    try {
      return parse.apply(value);
    } catch (RuntimeException e) {
      String shown = URL_VARIABLES.contains(name) ? "'" + redact(value) + "'"
          : SECRETS.contains(name) ? "a value that is not shown (a secret)" : "'" + value + "'";
      errors.add(name + ": expected " + expected + ", got " + shown);
      try {
        return parse.apply(fallback);
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }

  public int integer(String name, int fallback, int min, int max) {
    Integer v = get(name, Integer.toString(fallback), s -> {
      int n = Integer.parseInt(s);
      if (n < min || n > max) throw new IllegalArgumentException();
      return n;
    }, "an integer from " + min + " to " + max);
    return v == null ? fallback : v;
  }

  public Duration duration(String name, String fallback) {
    return get(name, fallback, s -> {
      Duration d = parseDuration(s);
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException();
      return d;
    }, "a positive duration such as 500ms, 15s, 15m, 1h, 30d or PT15M");
  }

  /** A duration that may be zero; {@code expected} names examples (zero usually means "off"). */
  public Duration durationOrZero(String name, String fallback, String expected) {
    return get(name, fallback, s -> {
      Duration d = parseDuration(s);
      if (d.isNegative()) throw new IllegalArgumentException();
      return d;
    }, expected);
  }

  /** A positive duration in whole seconds (the PostgreSQL driver counts its timeouts in seconds). */
  public Duration wholeSeconds(String name, String fallback) {
    return get(name, fallback, s -> {
      Duration d = parseDuration(s);
      if (d.isNegative() || d.isZero() || d.toMillis() % 1000 != 0) throw new IllegalArgumentException();
      return d;
    }, "a positive whole number of seconds such as 2s or 10s");
  }

  public boolean bool(String name, boolean fallback) {
    return get(name, Boolean.toString(fallback), s -> switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException();
    }, "true or false");
  }

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

  /**
   * A URL fit for a log or an error: {@code user:password@} becomes {@code user:***@} (a userinfo without a colon,
   * which Redis clients read as a password, becomes {@code ***@}), and a {@code password=} parameter {@code ***}.
   */
  public static String redact(String url) {
    String result = url;
    int start = result.indexOf("//");
    int at = result.lastIndexOf('@');
    if (at >= 0 && (start < 0 || at < start)) {
      result = "***" + result.substring(at); // not a URL we understand: hide all that could be a password
    } else if (start >= 0 && at > start) {
      String userinfo = result.substring(start + 2, at);
      int colon = userinfo.indexOf(':');
      String shown = colon >= 0 ? userinfo.substring(0, colon + 1) + "***" : "***";
      result = result.substring(0, start + 2) + shown + result.substring(at);
    }
    return PASSWORD_PARAMETER.matcher(result).replaceAll("$1***");
  }
}
