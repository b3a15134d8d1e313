package dev.cake.workers.jobs;

/** Periodic work of the worker process. Registered into a set; {@link dev.cake.workers.Scheduler} runs each in a loop. */
public interface ScheduledJob {
  Schedule schedule();

  void run();
}
