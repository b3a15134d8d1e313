package dev.cake.core.event;

/** Port: what operators see of the queue and can do to it. Counts never load jobs. */
public interface QueueAdmin {
  QueueStats stats();

  /** Moves every failed job back to the queue with fresh attempts; returns how many. */
  int retryFailed();

  /** Deletes every failed job; returns how many. */
  int dropFailed();

  record QueueStats(long waiting, long processing, long delayed, long failed, long completed, int workersAlive,
                    long outboxBacklog) {}
}
