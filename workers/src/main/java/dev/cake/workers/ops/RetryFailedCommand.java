package dev.cake.workers.ops;

import dev.cake.core.event.QueueAdmin;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "retry-failed", mixinStandardHelpOptions = true,
    description = "Move every failed job back to the queue with fresh attempts (or --drop them). Prints how many.")
public final class RetryFailedCommand implements OpsCommand {
  @Option(names = "--drop", description = "Delete the failed jobs instead of retrying them.")
  boolean drop;

  private final QueueAdmin queue;

  @Inject
  public RetryFailedCommand(QueueAdmin queue) {
    this.queue = queue;
  }

  @Override
  public Integer call() {
    System.out.println(drop ? queue.dropFailed() : queue.retryFailed());
    return 0;
  }
}
