package dev.cake.http.health;

import dev.cake.core.health.HealthCheck;
import jakarta.inject.Inject;

/** Unhealthy when the heap is over 95 % of its maximum after use: the process is about to run out. */
public final class MemoryHealthCheck implements HealthCheck {
  private static final double LIMIT = 0.95;

  @Inject
  public MemoryHealthCheck() {}

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public boolean requiredForReadiness() {
    return false;
  }

  @Override
  public boolean critical() {
    return false;
  }

  @Override
  public Result check() {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    double ratio = (double) used / rt.maxMemory();
    String detail = String.format(java.util.Locale.ROOT, "heap %d MiB of %d MiB", used >> 20, rt.maxMemory() >> 20);
    return ratio < LIMIT ? Result.up(detail) : Result.down(detail);
  }
}
