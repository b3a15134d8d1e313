package dev.cake.workers.jobs;

import java.time.Duration;

/**
 * When a {@link ScheduledJob} runs: its {@code name} (the thread's and the lease's), its interval, and whether only one
 * worker process at a time may run it ({@code exclusive}: guarded by a Redis lease of one interval).
 */
public record Schedule(String name, Duration every, boolean exclusive) {
  /** Runs in every worker process. */
  public static Schedule onEveryWorker(String name, Duration every) {
    return new Schedule(name, every, false);
  }

  /** Runs in one worker process at a time. */
  public static Schedule onOneWorker(String name, Duration every) {
    return new Schedule(name, every, true);
  }
}
