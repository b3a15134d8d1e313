package dev.cake.workers;

import dev.cake.process.Lifecycle;
import dev.cake.process.Settings;
import dev.cake.process.Signals;

/** {@code bin/worker}: the worker process in the foreground; SIGTERM finishes the jobs in hand and exits 0. */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WorkerProcessSettings settings = Settings.loadOrExit(WorkerProcessSettings::read);
    var terminated = Signals.termination();
    Lifecycle lifecycle = WorkerComponent.create(settings).lifecycle();
    lifecycle.start();
    terminated.await();
    lifecycle.stop(); // the consumers first (jobs in hand finish), the pools last
    System.exit(0);
  }
}
