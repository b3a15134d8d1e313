package dev.cake.workers.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.event.QueueAdmin.QueueStats;
import dev.cake.http.testing.TestApi;
import java.time.Duration;

/**
 * Waits until every event has been published and handled: nothing waiting, in hand, delayed, unpublished, or
 * published and not yet processed.
 */
public final class Quiet {
  private Quiet() {}

  public static QueueStats await(TestApi api, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    QueueStats s;
    do {
      s = api.component.queueAdmin().stats();
      if (s.waiting() == 0 && s.processing() == 0 && s.delayed() == 0 && s.outboxBacklog() == 0
          && s.outboxInFlight() == 0) return s;
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertThat(s).as("queue quiet within " + timeout).isNull();
    return s;
  }
}
