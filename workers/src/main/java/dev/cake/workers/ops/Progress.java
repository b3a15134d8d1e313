package dev.cake.workers.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Progress of a long ops command on standard error: a bar redrawn in place when standard error is a terminal, else
 * a plain line at every tenth (for logs).
 */
final class Progress {
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean terminal;
  private final String label;
  private final int total;
  private int done;
  private int lastTenth;

  Progress(PrintStream err, boolean terminal, String label, int total) {
    this.err = err;
    this.terminal = terminal;
    this.label = label;
    this.total = total;
  }

  static Progress onStderr(String label, int total) {
    return new Progress(System.err, stderrIsTerminal(), label, total);
  }

  void advance(int steps) {
    done = Math.min(total, done + steps);
    if (terminal) {
      int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
      err.printf("\r  %s [%-" + WIDTH + "s] %d/%d", label, "#".repeat(filled), done, total);
      err.flush();
    } else {
      int tenth = total == 0 ? 10 : (int) ((long) done * 10 / total);
      if (tenth > lastTenth) {
        err.printf("  %s: %d/%d%n", label, done, total);
        lastTenth = tenth;
      }
    }
  }

  void finish() {
    if (terminal) err.println();
  }

  /** Linux: where file descriptor 2 points; elsewhere (or unreadable) treated as not a terminal. */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
