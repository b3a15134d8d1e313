package dev.cake.workers;

import dev.cake.persistence.postgres.DatabaseConnectionCheck;
import dev.cake.process.Lifecycle;
import dev.cake.process.Settings;
import dev.cake.process.Signals;
import org.slf4j.LoggerFactory;

/** {@code bin/worker}: the worker process in the foreground; SIGTERM finishes the jobs in hand and exits 0. */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WorkerProcessSettings settings = Settings.loadOrExit(WorkerProcessSettings::read);
    // the pool would only say "timed out": name the cause once, beside the start (which it never delays; the jobs
    // start either way and retry)
    Thread.ofVirtual().name("database-check").start(() -> DatabaseConnectionCheck
        .problem(settings.persistence().database())
        .ifPresent(p -> LoggerFactory.getLogger(WorkerMain.class).error("database: {}", p)));
    var terminated = Signals.termination();
    Lifecycle lifecycle = WorkerComponent.create(settings).lifecycle();
    lifecycle.start();
    terminated.await();
    lifecycle.stop(); // the consumers first (jobs in hand finish), the pools last
    System.exit(0);
  }
}
