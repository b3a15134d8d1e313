package dev.cake.workers.jobs;

import java.time.Duration;

/** Periodic work of the worker process. Registered into a set; {@link dev.cake.workers.Worker} runs each in a loop. */
public interface ScheduledJob {
  String name();

  Duration every();

  /** True when only one worker process at a time may run it (guarded by a Redis lease of one interval). */
  boolean exclusive();

  void run();
}
