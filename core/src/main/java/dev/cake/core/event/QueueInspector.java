package dev.cake.core.event;

/** Port: the queue's own counts and its failed list, for operators. Counts never load jobs. */
public interface QueueInspector {
  Counts counts();

  /** Moves failed jobs back to the queue with fresh attempts; returns how many. */
  long retryFailed();

  /** Deletes failed jobs; returns how many. */
  long dropFailed();

  record Counts(long waiting, long processing, long delayed, long failed, long completed, int workersAlive) {}
}
