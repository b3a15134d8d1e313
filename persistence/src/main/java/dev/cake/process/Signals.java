package dev.cake.process;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a latch, so main can stop gracefully and exit 0 instead of 143. A shutdown hook
 * cannot do this: the JVM that runs it exits 143 (130 on SIGINT), {@code System.exit} inside a hook blocks forever, and
 * {@code Runtime.halt} would skip the other hooks (logback's flush of the last lines). Used by the mains only, beside
 * {@link Settings}, the other piece of start-up every main shares.
 */
public final class Signals {
  private Signals() {}

  public static CountDownLatch termination() {
    var latch = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> latch.countDown());
    }
    return latch;
  }
}
