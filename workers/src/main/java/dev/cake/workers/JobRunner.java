package dev.cake.workers;

import dev.cake.core.event.Event;
import dev.cake.core.event.EventHandler;
import dev.cake.core.event.WorkQueue;
import dev.cake.core.event.WorkQueue.Delivery;
import dev.cake.telemetry.Tracing;
import dev.cake.workers.RetryPolicy.Outcome;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles one job end to end: finds the topic's handler, runs it in a consumer span that continues the request's
 * trace, and records the outcome in the queue (ack, retry, postpone or the failed list).
 */
public final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final Map<String, EventHandler> handlers;
  private final RetryPolicy policy;
  private final WorkQueue queue;
  private final Tracing tracing;

  @Inject
  public JobRunner(Map<String, EventHandler> handlers, RetryPolicy policy, WorkQueue queue, Tracing tracing) {
    this.handlers = handlers;
    this.policy = policy;
    this.queue = queue;
    this.tracing = tracing;
  }

  public java.util.Set<String> topics() {
    return handlers.keySet();
  }

  /** {@code running}: false once the worker is stopping (outcomes are then recorded once, not retried). */
  public void run(String workerId, Delivery delivery, BooleanSupplier running) {
    Event event = delivery.event();
    if (event == null) {
      log.error("job failed: {}: {}", delivery.problem(), abbreviate(delivery.receipt()));
      record(() -> queue.fail(workerId, delivery, delivery.problem()), running);
      return;
    }
    MDC.put("eventId", Long.toString(event.id()));
    long started = System.nanoTime();
    try {
      EventHandler handler = handlers.get(event.topic());
      if (handler == null) {
        log.error("job {} failed: no handler for topic '{}'", event.id(), event.topic());
        record(() -> queue.fail(workerId, delivery, "no handler for topic '" + event.topic() + "'"), running);
        return;
      }
      try {
        // one span per job, continuing the trace of the request that caused it (traceparent in the envelope)
        tracing.inConsumerSpan("queue.process " + event.topic(), event.traceparent(),
            List.of(Map.entry("messaging.system", "redis"), Map.entry("messaging.destination.name", "q:events"),
                Map.entry("messaging.message.id", Long.toString(event.id()))),
            () -> {
              handler.handle(event);
              return null;
            });
      } catch (RuntimeException e) {
        recordFailure(workerId, delivery, e, running);
        return;
      }
      record(() -> queue.ack(workerId, delivery), running);
      log.info("job {} {} done in {} ms (attempt {})", event.id(), event.topic(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), event.attempts() + 1);
    } finally {
      MDC.remove("eventId");
    }
  }

  private void recordFailure(String workerId, Delivery delivery, RuntimeException e, BooleanSupplier running) {
    Event event = delivery.event();
    String error = e.getClass().getSimpleName() + ": " + e.getMessage();
    switch (policy.after(e, event.attempts())) {
      case Outcome.Postpone p -> {
        // PostgreSQL or Redis is down: not the job's fault, so no attempt is used up; back off and retry
        log.warn("job {} {} postponed, a dependency is unavailable: {}", event.id(), event.topic(), e.toString());
        record(() -> queue.postpone(workerId, delivery, p.delay()), running);
        pause(Duration.ofSeconds(1));
      }
      case Outcome.Retry r -> {
        log.warn("job {} {} failed (attempt {} of {}), retrying in {} ms: {}", event.id(), event.topic(),
            r.attempt(), policy.maxAttempts(), r.delay().toMillis(), error);
        record(() -> queue.retryLater(workerId, delivery, error, r.delay()), running);
      }
      case Outcome.GiveUp g -> {
        log.error("job {} {} failed for good after {} attempt(s): {}", event.id(), event.topic(), g.attempts(),
            error);
        record(() -> queue.fail(workerId, delivery, error), running);
      }
    }
  }

  /**
   * Records a job's outcome in the queue, retrying while Redis is briefly away, so that a handled job does not sit
   * in this worker's hands until the worker stops. If it never succeeds, the job is delivered again after a
   * restart or by the outbox relay (handlers are idempotent).
   */
  private static void record(Runnable outcome, BooleanSupplier running) {
    for (int attempt = 1; ; attempt++) {
      try {
        outcome.run();
        return;
      } catch (RuntimeException e) {
        if (attempt >= 30 || !running.getAsBoolean()) {
          log.warn("job outcome not recorded, it will be delivered again: {}", e.toString());
          return;
        }
        pause(Duration.ofSeconds(1));
      }
    }
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
