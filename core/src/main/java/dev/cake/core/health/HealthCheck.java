package dev.cake.core.health;

/**
 * One named dependency check (database, cache, memory). Implementations are small, do one round trip at most, and
 * are given a deadline by the caller; they report, they never throw.
 */
public interface HealthCheck {
  String name();

  /**
   * True when the instance cannot serve without it, so /health/ready turns 503 (PostgreSQL). Redis is not: logins,
   * profiles and top-ups keep working without it, and taking every replica out of rotation would be worse.
   */
  default boolean requiredForReadiness() {
    return true;
  }

  /**
   * False for a check whose failure is a warning only (memory pressure): it shows as {@code "warning"} and leaves the
   * instance healthy, as the original reported it.
   */
  default boolean critical() {
    return true;
  }

  Result check();

  /** {@code fields}: extra facts shown beside the status (the cache check's circuit breaker state). */
  record Result(boolean healthy, String detail, java.util.Map<String, String> fields) {
    public Result {
      fields = java.util.Map.copyOf(fields);
    }

    public Result(boolean healthy, String detail) {
      this(healthy, detail, java.util.Map.of());
    }

    /** This result with one more field. */
    public Result with(String name, String value) {
      var more = new java.util.LinkedHashMap<>(fields);
      more.put(name, value);
      return new Result(healthy, detail, more);
    }

    public static Result up(String detail) {
      return new Result(true, detail);
    }

    public static Result down(String detail) {
      return new Result(false, detail);
    }
  }
}
