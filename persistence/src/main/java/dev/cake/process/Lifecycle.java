package dev.cake.process;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every {@link Managed} object of a process in stage order and stops them all in reverse order. The one place
 * a process's resources are opened and released: ApiMain and WorkerMain start and stop it; the ops CLI only stops it
 * (a command opens the pools it uses on first use, and stopping closes them).
 */
@Singleton
public final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private final List<Managed> ordered;

  @Inject
  public Lifecycle(Set<Managed> managed) {
    this.ordered = managed.stream()
        .sorted(Comparator.comparing(Managed::stage).thenComparing(m -> m.getClass().getName()))
        .toList();
  }

  /** Starts each in order; if one fails, stops everything (in reverse) and rethrows. */
  public synchronized void start() {
    for (Managed m : ordered) {
      try {
        m.start();
      } catch (RuntimeException e) {
        stop();
        throw e;
      }
    }
  }

  /**
   * Stops everything, the last stage first (what takes work in, then feeds, executors, and the pools last); each
   * stop releases what its object holds, if anything. A failing stop is logged and the others still stop.
   */
  public synchronized void stop() {
    for (Managed m : ordered.reversed()) {
      try {
        m.stop();
      } catch (RuntimeException e) {
        log.warn("stopping {} failed: {}", m.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** The managed objects in start order (for tests and logs). */
  public List<Managed> managed() {
    return ordered;
  }
}
