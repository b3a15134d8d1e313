package dev.cake.workers;

import dev.cake.process.Settings;
import dev.cake.process.Signals;

/** {@code bin/worker}: the worker process in the foreground; SIGTERM finishes the jobs in hand and exits 0. */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WorkerProcessSettings settings = Settings.loadOrExit(WorkerProcessSettings::read);
    var terminated = Signals.termination();
    Worker worker = WorkerComponent.create(settings).worker();
    worker.start();
    terminated.await();
    worker.stop(settings.worker().shutdownTimeout());
    System.exit(0);
  }
}
