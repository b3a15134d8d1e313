package dev.cake.core.event;

import dev.cake.core.audit.AuditEvent;
import dev.cake.core.audit.AuditLog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** What operators see of the event pipeline and can do to it: the queue's counts beside the outbox's. */
@Singleton
public final class QueueAdmin {
  private final QueueInspector queue;
  private final Outbox outbox;
  private final AuditLog audit;

  @Inject
  public QueueAdmin(QueueInspector queue, Outbox outbox, AuditLog audit) {
    this.queue = queue;
    this.outbox = outbox;
    this.audit = audit;
  }

  public QueueStats stats() {
    var c = queue.counts();
    return new QueueStats(c.waiting(), c.processing(), c.delayed(), c.failed(), c.completed(), c.workersAlive(),
        outbox.backlog(), outbox.inFlight());
  }

  /** Moves every failed job back to the queue with fresh attempts; returns how many. */
  public int retryFailed() {
    int retried = Math.toIntExact(queue.retryFailed());
    // the jobs live in Redis: no transaction to share, the row follows the move
    audit.record(AuditEvent.success("jobs.retried", "queue:failed").withDetail(retried + " job(s)"));
    return retried;
  }

  /** Deletes every failed job; returns how many. */
  public int dropFailed() {
    int dropped = Math.toIntExact(queue.dropFailed());
    audit.record(AuditEvent.success("jobs.dropped", "queue:failed").withDetail(dropped + " job(s)"));
    return dropped;
  }

  /**
   * {@code outboxBacklog}: events not yet published; {@code outboxInFlight}: published but not yet processed
   * (waiting, in a worker's hands, delayed or failed; PostgreSQL keeps them until their effect is committed).
   */
  public record QueueStats(long waiting, long processing, long delayed, long failed, long completed,
                           int workersAlive, long outboxBacklog, long outboxInFlight) {}
}
