package dev.cake.persistence.postgres;

import dev.cake.core.health.HealthCheck;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Jdbi;

/** One {@code SELECT 1} through the pool. */
public final class PostgresHealthCheck implements HealthCheck {
  private final Jdbi jdbi;

  @Inject
  public PostgresHealthCheck(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public Result check() {
    try {
      jdbi.withExtension(HealthDao.class, HealthDao::ping);
      return Result.up("postgresql reachable");
    } catch (RuntimeException e) {
      return Result.down("postgresql unreachable: " + e.getClass().getSimpleName());
    }
  }
}
