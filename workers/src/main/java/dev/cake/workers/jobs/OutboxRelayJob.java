package dev.cake.workers.jobs;

import dev.cake.workers.WorkerSettings;
import dev.cake.core.event.EventPublisher;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Publishes outbox rows the API could not (Redis was down, or the API died between commit and push), and publishes
 * again rows published long ago but never processed whose job Redis no longer has (it lost its data).
 */
public final class OutboxRelayJob implements ScheduledJob {
  private static final Schedule SCHEDULE = Schedule.onOneWorker("outbox-relay", Duration.ofSeconds(1));

  private final EventPublisher publisher;
  private final WorkerSettings settings;

  @Inject
  public OutboxRelayJob(EventPublisher publisher, WorkerSettings settings) {
    this.publisher = publisher;
    this.settings = settings;
  }

  @Override
  public Schedule schedule() {
    return SCHEDULE;
  }

  @Override
  public void run() {
    while (publisher.relay(settings.relayAfter(), 500) == 500) {
      // a backlog after an outage: keep going while full batches come back
    }
    while (publisher.redeliver(settings.redeliverAfter(), 500) == 500) {
      // same for rows in flight
    }
  }
}
