package dev.cake.workers.ops;

import dev.cake.core.event.QueueAdmin;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

@Command(name = "queue-stats", mixinStandardHelpOptions = true,
    description = "Print queue counts: waiting, processing, delayed, failed, completed, workers alive, outbox backlog (unpublished) and in flight (published, not processed).")
public final class QueueStatsCommand implements OpsCommand {
  private final QueueAdmin queue;

  @Inject
  public QueueStatsCommand(QueueAdmin queue) {
    this.queue = queue;
  }

  @Override
  public Integer call() {
    var s = queue.stats();
    System.out.printf("waiting=%d processing=%d delayed=%d failed=%d completed=%d workersAlive=%d outboxBacklog=%d"
        + " outboxInFlight=%d%n", s.waiting(), s.processing(), s.delayed(), s.failed(), s.completed(), s.workersAlive(),
        s.outboxBacklog(), s.outboxInFlight());
    return 0;
  }
}
