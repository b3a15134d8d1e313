package dev.cake.workers;

import dev.cake.core.config.Config;
import dev.cake.core.config.ConfigException;

/** {@code bin/worker}: the worker process in the foreground until SIGTERM. */
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
    Worker worker = WorkerComponent.create(config).worker();
    var done = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.stop();
      done.countDown();
    }, "shutdown"));
    worker.run();
    done.await();
  }
}
