package dev.cake.workers;

import dev.cake.core.event.Lease;
import dev.cake.workers.jobs.Schedule;
import dev.cake.workers.jobs.ScheduledJob;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each scheduled job in a loop at its interval. An exclusive job runs only in the process holding its lease for
 * that interval; the lease spares work, it does not make it safe (every job tolerates two runs at once).
 */
public final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final Set<ScheduledJob> jobs;
  private final Lease lease;

  @Inject
  public Scheduler(Set<ScheduledJob> jobs, Lease lease) {
    this.jobs = jobs;
    this.lease = lease;
  }

  public List<String> names() {
    return jobs.stream().map(job -> job.schedule().name()).sorted().toList();
  }

  /** Starts one virtual thread per job; they stop when {@code running} turns false or they are interrupted. */
  public List<Thread> start(String workerId, BooleanSupplier running) {
    return jobs.stream().map(job -> {
      Schedule s = job.schedule();
      return Thread.ofVirtual().name("job-" + s.name()).start(() -> every(s.every(), () -> {
        if (!s.exclusive() || lease.tryAcquire(s.name(), workerId, s.every())) job.run();
      }, running));
    }).toList();
  }

  static void every(Duration interval, Runnable work, BooleanSupplier running) {
    while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      try {
        work.run();
      } catch (RuntimeException e) {
        log.warn("{} failed: {}", Thread.currentThread().getName(), e.toString());
      }
      JobRunner.pause(interval);
    }
  }
}
