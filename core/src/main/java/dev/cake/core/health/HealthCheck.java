package dev.cake.core.health;

/**
 * One named dependency check (database, cache, memory). Implementations are small, do one round trip at most, and
 * are given a deadline by the caller; they report, they never throw.
 */
public interface HealthCheck {
  String name();

  /** True when the check concerns an external dependency (readiness), false for the process itself. */
  default boolean dependency() {
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
