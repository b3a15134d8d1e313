package dev.cake.workers.testing;

import dev.cake.persistence.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real worker process ({@code WorkerMain}) started as a child of the test JVM, on this run's database and Redis. */
public final class WorkerProcess implements AutoCloseable {
  /** Fast settings for tests: short heartbeat, quick relay and retries. */
  public static final Map<String, String> FAST = Map.of(
      "CAKE_WORKER_HEARTBEAT_TTL", "3s",
      "CAKE_OUTBOX_RELAY_AFTER", "1s",
      "CAKE_QUEUE_BACKOFF", "50ms",
      "CAKE_QUEUE_MAX_ATTEMPTS", "3");

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts a worker and waits until it logs that it started. */
  public static WorkerProcess start(Map<String, String> overrides) throws IOException, InterruptedException {
    Path log = Files.createTempFile("cake-worker", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"),
        "dev.cake.workers.WorkerMain").redirectErrorStream(true).redirectOutput(log.toFile());
    var env = new HashMap<>(TestServices.get().workerEnvironment());
    env.putAll(FAST);
    env.putAll(overrides);
    builder.environment().putAll(env);
    var worker = new WorkerProcess(builder.start(), log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!worker.output().contains("started:")) {
      if (!worker.process.isAlive()) throw new IllegalStateException("worker died:\n" + worker.output());
      if (System.nanoTime() > deadline) throw new IllegalStateException("worker did not start:\n" + worker.output());
      Thread.sleep(50);
    }
    return worker;
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** SIGKILL: no shutdown, no ack, no unregister; like a crash or an OOM kill. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, without waiting. */
  public void sigterm() {
    process.destroy();
  }

  /** SIGTERM, then the exit code (0 for a graceful stop). */
  public int terminate(long timeoutSeconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("worker ignored SIGTERM for " + timeoutSeconds + " s:\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(log);
  }
}
