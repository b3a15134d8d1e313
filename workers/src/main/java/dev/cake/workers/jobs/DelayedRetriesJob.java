package dev.cake.workers.jobs;

import dev.cake.core.event.WorkQueue;
import jakarta.inject.Inject;
import java.time.Duration;

/** Moves retries whose backoff has passed from the delayed set back to the queue (atomic per item, any worker). */
public final class DelayedRetriesJob implements ScheduledJob {
  private static final Schedule SCHEDULE = Schedule.onEveryWorker("delayed-retries", Duration.ofMillis(250));

  private final WorkQueue queue;

  @Inject
  public DelayedRetriesJob(WorkQueue queue) {
    this.queue = queue;
  }

  @Override
  public Schedule schedule() {
    return SCHEDULE;
  }

  @Override
  public void run() {
    queue.promoteDue();
  }
}
