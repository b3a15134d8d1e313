package dev.cake.workers;

import dev.cake.persistence.postgres.DatabaseConnectionCheck;
import dev.cake.persistence.process.Settings;
import dev.cake.persistence.process.Signals;
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
    Worker worker = WorkerComponent.create(settings).worker();
    worker.start();
    terminated.await();
    worker.stop(settings.worker().shutdownTimeout());
    System.exit(0);
  }
}
