package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.persistence.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker is a separate process: it starts with the test environment and stops cleanly on SIGTERM. */
class WorkerProcessTest {
  @Test
  void startsAndStopsOnSigterm() throws Exception {
    Path log = Files.createTempFile("worker", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"),
        "dev.cake.workers.WorkerMain").redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(TestServices.get().workerEnvironment());
    Process worker = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.readString(log).contains("started:") && System.nanoTime() < deadline) {
        assertThat(worker.isAlive()).as("worker is running: %s", Files.readString(log)).isTrue();
        Thread.sleep(50);
      }
      assertThat(Files.readString(log)).contains("started:");
      worker.destroy(); // SIGTERM
      assertThat(worker.waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s").isTrue();
      assertThat(worker.exitValue()).as("graceful exit code").isZero();
      assertThat(Files.readString(log)).contains("stopped");
    } finally {
      worker.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
