package dev.cake.workers.jobs;

/** Periodic work of the worker process. Registered into a set; {@link dev.cake.workers.Scheduler} runs each in a loop. */
public interface ScheduledJob {
  Schedule schedule();

  void run();

  /** A job that is one call: most of them (see {@link PeriodicJobs}). */
  static ScheduledJob of(Schedule schedule, Runnable work) {
    return new ScheduledJob() {
      @Override
      public Schedule schedule() {
        return schedule;
      }

      @Override
      public void run() {
        work.run();
      }
    };
  }
}
