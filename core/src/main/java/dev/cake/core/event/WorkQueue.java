package dev.cake.core.event;

import java.time.Duration;

/**
 * Port: the consumer side of the queue (reliable-queue pattern, docs/ARCHITECTURE.md "Consumers"). A job taken by a
 * worker stays in that worker's hands until it is acked, retried, postponed or failed; a worker that dies (no
 * heartbeat) has its jobs returned by {@link #reapDeadWorkers}.
 */
public interface WorkQueue {
  /** Blocks up to {@code timeout} for the next job; null when none came. */
  Delivery take(String workerId, Duration timeout);

  void ack(String workerId, Delivery delivery);

  /** Another attempt after {@code delay}, counting this one and recording the error. */
  void retryLater(String workerId, Delivery delivery, String error, Duration delay);

  /** Puts a job aside for {@code delay} without counting an attempt (a dependency was down, not the job's fault). */
  void postpone(String workerId, Delivery delivery, Duration delay);

  /** The failed list, until an admin retries or drops it. */
  void fail(String workerId, Delivery delivery, String reason);

  /** Moves retries whose time has come back to the queue; returns how many. */
  long promoteDue();

  void heartbeat(String workerId, Duration ttl);

  /** A worker that stops cleanly: anything still in its hands goes back, and it leaves the registry. */
  void unregister(String workerId);

  /** Returns the jobs of workers whose heartbeat expired to the queue; returns how many. */
  long reapDeadWorkers();

  /**
   * A job in a worker's hands: {@code receipt} is what the queue needs to ack it (opaque to everyone else),
   * {@code event} the decoded event, or null when the job could not be read (a poison message) and
   * {@code problem} says why.
   */
  record Delivery(String receipt, Event event, String problem) {
    public static Delivery of(String receipt, Event event) {
      return new Delivery(receipt, event, null);
    }

    public static Delivery unreadable(String receipt, String problem) {
      return new Delivery(receipt, null, problem);
    }
  }
}
