package dev.cake.workers.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.event.QueueAdmin.QueueStats;
import dev.cake.http.testing.TestApi;
import java.time.Duration;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Waits until every event has been published and handled: nothing waiting, in hand, delayed, unpublished, or
 * published and not yet processed.
 */
public final class Quiet {
  private Quiet() {}

  /**
   * A stats call that Redis refuses for a moment (a timeout on a busy machine, the breaker open after it) counts as
   * "not quiet yet"; the last such failure is reported if the queue never becomes quiet.
   */
  public static QueueStats await(TestApi api, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    QueueStats s = null;
    JedisException refused = null;
    do {
      try {
        s = api.component.queueAdmin().stats();
        refused = null;
        if (s.waiting() == 0 && s.processing() == 0 && s.delayed() == 0 && s.outboxBacklog() == 0
            && s.outboxInFlight() == 0) return s;
      } catch (JedisException e) {
        refused = e;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    if (refused != null) throw refused;
    assertThat(s).as("queue quiet within " + timeout).isNull();
    return s;
  }
}
