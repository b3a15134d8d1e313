package dev.cake.persistence.process;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/** Turns SIGTERM and SIGINT into a latch, so main can stop gracefully and exit 0 instead of 143. */
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
