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

  Result check();

  record Result(boolean healthy, String detail) {
    public static Result up(String detail) {
      return new Result(true, detail);
    }

    public static Result down(String detail) {
      return new Result(false, detail);
    }
  }
}
