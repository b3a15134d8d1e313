package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/lib.sh run by bash: values from the environment are data, never code. */
class ShellLibTest {
  static final Path LIB = Path.of("..", "bin", "lib.sh").toAbsolutePath().normalize();

  /** Runs {@code cake_tcp_open HOST PORT} from bin/lib.sh; returns its exit code. */
  static int tcpOpen(String host, String port) throws Exception {
    var process = new ProcessBuilder("bash", "-c", "source \"$1\"; cake_tcp_open \"$2\" \"$3\"", "test",
        LIB.toString(), host, port).redirectErrorStream(true).start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  @Test
  void tcpOpenTellsAListeningPortFromAClosedOne() throws Exception {
    assertThat(LIB).exists();
    try (var server = new ServerSocket(0)) {
      assertThat(tcpOpen("127.0.0.1", Integer.toString(server.getLocalPort()))).isZero();
    }
    assertThat(tcpOpen("127.0.0.1", "1")).isNotZero();
  }

  @Test
  void aHostWithShellSyntaxIsNotRun() throws Exception {
    Path marker = Files.createTempDirectory("cake-shell").resolve("ran");
    assertThat(tcpOpen("x$(touch " + marker + ")", "5432")).isNotZero();
    assertThat(tcpOpen("127.0.0.1/1;touch " + marker + ";", "1")).isNotZero();
    assertThat(tcpOpen("127.0.0.1", "1`touch " + marker + "`")).isNotZero();
    assertThat(marker).doesNotExist();
  }
}
