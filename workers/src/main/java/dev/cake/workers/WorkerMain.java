package dev.cake.workers;

import dev.cake.core.config.Config;
import dev.cake.core.config.ConfigException;
import dev.cake.persistence.process.Signals;

/** {@code bin/worker}: the worker process in the foreground; SIGTERM finishes the jobs in hand and exits 0. */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Config config;
    try {
      config = Config.load();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    var terminated = Signals.termination();
    Worker worker = WorkerComponent.create(config).worker();
    worker.start();
    terminated.await();
    worker.stop(config.http().shutdownTimeout());
    System.exit(0);
  }
}
