package dev.cake.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The production logback.xml on a console slower than the application: a flood of INFO lines fills the queue and
 * some are dropped (logging never blocks a request), but every WARN and ERROR line is written.
 */
class LogQueueTest {
  /** A stderr that takes 50 µs per write and 1 µs per 2 bytes, and keeps what it was given. */
  static final class SlowConsole extends OutputStream {
    final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      kept.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      LockSupport.parkNanos(50_000 + 500L * len);
      synchronized (this) {
        kept.write(b, off, len);
      }
    }
  }

  @Test
  void warnAndErrorLinesSurviveAFloodThatDropsInfoLines() throws Exception {
    var console = new SlowConsole();
    PrintStream stderr = System.err;
    var context = new LoggerContext();
    int infos = 40_000;
    int warnings = 0;
    int errors = 0;
    try {
      System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
      context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
      var configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogQueueTest.class.getClassLoader().getResource("logback.xml"));
      var log = context.getLogger("flood");
      for (int i = 0; i < infos; i++) {
        log.info("request line {}", i);
        if (i % 400 == 0) {
          log.warn("security: refresh token reuse for user {}: family revoked", i);
          warnings++;
        }
        if (i % 4_000 == 0) {
          log.error("unexpected error {}", i);
          errors++;
        }
      }
      context.stop(); // drains the queues (the important one for up to 5 s)
    } finally {
      System.setErr(stderr);
    }
    String[] lines = console.kept.toString(StandardCharsets.UTF_8).split("\n");
    long infoLines = java.util.Arrays.stream(lines).filter(l -> l.contains(" INFO ")).count();
    long warnLines = java.util.Arrays.stream(lines).filter(l -> l.contains(" WARN ")).count();
    long errorLines = java.util.Arrays.stream(lines).filter(l -> l.contains(" ERROR ")).count();
    System.out.printf("INFO %d of %d written, WARN %d of %d, ERROR %d of %d%n", infoLines, infos, warnLines,
        warnings, errorLines, errors);
    assertThat(infoLines).as("the flood overflowed the INFO queue").isLessThan(infos);
    assertThat(warnLines).isEqualTo(warnings);
    assertThat(errorLines).isEqualTo(errors);
  }
}
