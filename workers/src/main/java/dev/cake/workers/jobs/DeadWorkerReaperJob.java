package dev.cake.workers.jobs;

import dev.cake.workers.WorkerSettings;
import dev.cake.core.event.WorkQueue;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Returns the jobs held by workers whose heartbeat expired (killed, frozen, lost) to the queue. */
public final class DeadWorkerReaperJob implements ScheduledJob {
  private static final Logger log = LoggerFactory.getLogger(DeadWorkerReaperJob.class);

  private final WorkQueue queue;
  private final Schedule schedule;

  @Inject
  public DeadWorkerReaperJob(WorkQueue queue, WorkerSettings settings) {
    this.queue = queue;
    this.schedule = Schedule.onEveryWorker("dead-worker-reaper", settings.heartbeatTtl().dividedBy(2));
  }

  @Override
  public Schedule schedule() {
    return schedule;
  }

  @Override
  public void run() {
    long moved = queue.reapDeadWorkers();
    if (moved > 0) log.warn("returned {} job(s) of dead worker(s) to the queue", moved);
  }
}
