package dev.cake.http.admin;

import dev.cake.core.event.QueueAdmin.QueueStats;

/**
 * The original's queue statistics ({@code userEvents} and {@code promotionEvents}, each with waiting, active,
 * completed and failed) with ours beside them. Every event we queue is a user event (the first login);
 * {@code promotionEvents} is there for the original's clients and stays at zero.
 */
public record QueueStatsResponse(Queue userEvents, Queue promotionEvents, long waiting, long processing, long delayed,
                                 long failed, long completed, int workersAlive, long outboxBacklog,
                                 long outboxInFlight) {

  public record Queue(long waiting, long active, long completed, long failed, long delayed) {}

  public static QueueStatsResponse of(QueueStats s) {
    return new QueueStatsResponse(new Queue(s.waiting(), s.processing(), s.completed(), s.failed(), s.delayed()),
        new Queue(0, 0, 0, 0, 0), s.waiting(), s.processing(), s.delayed(), s.failed(), s.completed(),
        s.workersAlive(), s.outboxBacklog(), s.outboxInFlight());
  }
}
