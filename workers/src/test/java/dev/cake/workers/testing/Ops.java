package dev.cake.workers.testing;

import dev.cake.workers.ops.OpsComponent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code bin/admin} subcommands in-process, on a component's production wiring, capturing what they print. */
public final class Ops {
  private Ops() {}

  /** What a command printed, and its exit code. */
  public record Ran(int code, String out, String err) {
    /** The last line printed on stdout (the test's log configuration writes log lines there too). */
    public String lastLine() {
      var lines = out.strip().split("\n");
      return lines[lines.length - 1].strip();
    }
  }

  /**
   * Runs subcommand {@code name} with {@code stdin} as its standard input. One at a time: the process's standard
   * streams are swapped while it runs.
   */
  public static synchronized Ran run(OpsComponent component, String stdin, String name, String... args) {
    var in = System.in;
    var out = System.out;
    var err = System.err;
    var outBytes = new ByteArrayOutputStream();
    var errBytes = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      var cmd = new CommandLine(component.commands().get(name).get());
      var picocliErr = new StringWriter();
      cmd.setErr(new PrintWriter(picocliErr));
      int code = cmd.execute(args);
      return new Ran(code, outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8) + picocliErr);
    } finally {
      System.setIn(in);
      System.setOut(out);
      System.setErr(err);
    }
  }
}
