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

  /**
   * The process registry of bin/lib.sh: cake_start runs each process with its log, cake_wait_http gives up as soon as
   * a named process has died, cake_stop_all stops the last started first, and a restarted name keeps its place.
   */
  @Test
  void processesStartWithTheirLogAndStopInReverseOrder() throws Exception {
    Path dir = Files.createTempDirectory("cake-procs");
    String script = """
        source "$1"; dir=$2
        child() { trap 'echo "$1 stopped" >>"$dir/order"; exit 0' TERM; echo "$1 up"; while :; do sleep 0.1; done; }
        cake_start first "$dir/first.log" child first
        cake_start second "$dir/second.log" child second
        cake_start third "$dir/third.log" child third
        sleep 0.3
        cake_kill second
        cake_start second "$dir/second.log" child second
        cake_start dies "$dir/dies.log" false
        sleep 0.5
        cake_wait_http http://127.0.0.1:1/ 30 first dies && exit 3
        cake_alive first || exit 4
        cake_alive dies && exit 5
        cake_stop_all 5
        cake_alive first && exit 6
        exit 0
        """;
    var process = new ProcessBuilder("bash", "-c", script, "test", LIB.toString(), dir.toString())
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(Files.readAllLines(dir.resolve("order"))).containsExactly("third stopped", "second stopped",
        "first stopped");
    assertThat(Files.readString(dir.resolve("first.log"))).isEqualTo("first up\n");
    assertThat(Files.readString(dir.resolve("second.log"))).isEqualTo("second up\nsecond up\n");
  }
}
