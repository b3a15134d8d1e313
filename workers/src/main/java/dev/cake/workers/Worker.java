package dev.cake.workers;

import com.zaxxer.hikari.HikariDataSource;
import dev.cake.core.config.Config.WorkerSettings;
import dev.cake.core.event.Event;
import dev.cake.core.event.EventHandler;
import dev.cake.persistence.redis.RedisLock;
import dev.cake.persistence.redis.queue.RedisEventQueue;
import dev.cake.persistence.redis.queue.RedisEventQueue.Delivery;
import dev.cake.persistence.telemetry.Tracing;
import dev.cake.workers.jobs.ScheduledJob;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import redis.clients.jedis.RedisClient;

/**
 * The worker process: queue consumers on virtual threads (reliable-queue pattern, DESIGN §4 "Queue"), a heartbeat,
 * and the scheduled jobs. {@link #stop} stops taking jobs, lets the ones in hand finish, then closes the pools.
 */
@Singleton
public final class Worker {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final Duration TAKE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final WorkerSettings settings;
  private final RedisEventQueue queue;
  private final Map<String, EventHandler> handlers;
  private final Set<ScheduledJob> jobs;
  private final RedisLock locks;
  private final HikariDataSource dataSource;
  private final RedisClient redis;
  private final String id;
  private final List<Thread> consumers = new ArrayList<>();
  private final List<Thread> background = new ArrayList<>();
  private volatile boolean running;

  @Inject
  public Worker(WorkerSettings settings, RedisEventQueue queue, Map<String, EventHandler> handlers,
                Set<ScheduledJob> jobs, RedisLock locks, HikariDataSource dataSource, RedisClient redis) {
    this.settings = settings;
    this.queue = queue;
    this.handlers = handlers;
    this.jobs = jobs;
    this.locks = locks;
    this.dataSource = dataSource;
    this.redis = redis;
    this.id = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String id() {
    return id;
  }

  public synchronized void start() {
    if (running) return;
    running = true;
    beat();
    for (int i = 0; i < settings.consumers(); i++) {
      consumers.add(Thread.ofVirtual().name("consumer-" + i).start(this::consume));
    }
    background.add(Thread.ofVirtual().name("heartbeat").start(
        () -> every(settings.heartbeatTtl().dividedBy(3), this::beat)));
    for (ScheduledJob job : jobs) {
      background.add(Thread.ofVirtual().name("job-" + job.name()).start(() -> every(job.every(), () -> {
        if (!job.exclusive() || locks.tryAcquire(job.name(), id, job.every())) job.run();
      })));
    }
    registerQueueGauges();
    log.info("worker {} started: {} consumer(s), topics {}, jobs {}", id, settings.consumers(), handlers.keySet(),
        jobs.stream().map(ScheduledJob::name).sorted().toList());
  }

  /** Queue depth as OpenTelemetry gauges (read from Redis at each metric export; no-ops without the agent). */
  private void registerQueueGauges() {
    var meter = io.opentelemetry.api.GlobalOpenTelemetry.getMeter("dev.cake.workers");
    var state = io.opentelemetry.api.common.AttributeKey.stringKey("state");
    meter.gaugeBuilder("cake.queue.depth").ofLongs().setDescription("jobs by state").buildWithCallback(m -> {
      try {
        var s = queue.stats();
        m.record(s.waiting(), io.opentelemetry.api.common.Attributes.of(state, "waiting"));
        m.record(s.processing(), io.opentelemetry.api.common.Attributes.of(state, "processing"));
        m.record(s.delayed(), io.opentelemetry.api.common.Attributes.of(state, "delayed"));
        m.record(s.failed(), io.opentelemetry.api.common.Attributes.of(state, "failed"));
        m.record(s.outboxBacklog(), io.opentelemetry.api.common.Attributes.of(state, "outbox"));
      } catch (RuntimeException e) {
        log.debug("queue depth not available: {}", e.toString());
      }
    });
  }

  /** Stops taking jobs, waits up to {@code timeout} for the ones in hand, then releases everything. */
  public synchronized void stop(Duration timeout) {
    if (!running) return;
    running = false;
    log.info("worker {} stopping: finishing jobs in hand (up to {}s)", id, timeout.toSeconds());
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : consumers) join(t, deadline);
    background.forEach(Thread::interrupt);
    for (Thread t : background) join(t, deadline);
    try {
      queue.unregister(id);
    } catch (RuntimeException e) {
      log.warn("could not unregister worker {} (its jobs return when its heartbeat expires): {}", id, e.toString());
    }
    redis.close();
    dataSource.close();
    log.info("worker {} stopped", id);
  }

  private void consume() {
    while (running) {
      Delivery delivery;
      try {
        delivery = queue.take(id, TAKE_TIMEOUT);
      } catch (RuntimeException e) {
        log.warn("queue unavailable: {}", e.toString());
        pause(Duration.ofSeconds(1));
        continue;
      }
      if (delivery == null) continue;
      try {
        handle(delivery);
      } catch (RuntimeException e) {
        log.error("unexpected failure handling a job (it stays in hand and comes back after a restart)", e);
      }
    }
  }

  void handle(Delivery delivery) {
    Event event = delivery.event();
    if (event == null) {
      log.error("job failed: malformed envelope {}", abbreviate(delivery.raw()));
      record(() -> queue.fail(id, delivery, "malformed envelope"));
      return;
    }
    MDC.put("eventId", Long.toString(event.id()));
    long started = System.nanoTime();
    try {
      EventHandler handler = handlers.get(event.topic());
      if (handler == null) {
        log.error("job {} failed: no handler for topic '{}'", event.id(), event.topic());
        record(() -> queue.fail(id, delivery, "no handler for topic '" + event.topic() + "'"));
        return;
      }
      try {
        // one span per job, continuing the trace of the request that caused it (traceparent in the envelope)
        Tracing.inConsumerSpan("queue.process " + event.topic(), event.traceparent(),
            List.of(Map.entry("messaging.system", "redis"), Map.entry("messaging.destination.name", "q:events"),
                Map.entry("messaging.message.id", Long.toString(event.id()))),
            () -> {
              handler.handle(event);
              return null;
            });
      } catch (RuntimeException e) {
        if (isInfrastructure(e)) {
          // PostgreSQL or Redis is down: not the job's fault, so no attempt is used up; back off and retry
          log.warn("job {} {} postponed, a dependency is unavailable: {}", event.id(), event.topic(), e.toString());
          record(() -> queue.postpone(id, delivery, Duration.ofSeconds(2)));
          pause(Duration.ofSeconds(1));
          return;
        }
        int attempt = event.attempts() + 1;
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (attempt >= settings.maxAttempts()) {
          log.error("job {} {} failed for good after {} attempt(s): {}", event.id(), event.topic(), attempt, error);
          record(() -> queue.fail(id, delivery, error));
        } else {
          Duration delay = backoff(attempt);
          log.warn("job {} {} failed (attempt {} of {}), retrying in {} ms: {}", event.id(), event.topic(), attempt,
              settings.maxAttempts(), delay.toMillis(), error);
          record(() -> queue.retryLater(id, delivery, error, delay));
        }
        return;
      }
      record(() -> queue.ack(id, delivery.raw()));
      log.info("job {} {} done in {} ms (attempt {})", event.id(), event.topic(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), event.attempts() + 1);
    } finally {
      MDC.remove("eventId");
    }
  }

  /**
   * Records a job's outcome in Redis, retrying while Redis is briefly away, so that a handled job does not sit in
   * this worker's processing list until the worker stops. If it never succeeds, the job is delivered again after a
   * restart (handlers are idempotent).
   */
  private void record(Runnable outcome) {
    for (int attempt = 1; ; attempt++) {
      try {
        outcome.run();
        return;
      } catch (RuntimeException e) {
        if (attempt >= 30 || !running) {
          log.warn("job outcome not recorded, it will be delivered again: {}", e.toString());
          return;
        }
        pause(Duration.ofSeconds(1));
      }
    }
  }

  /** Connection-level failures of PostgreSQL or Redis, as opposed to a bad job. */
  static boolean isInfrastructure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
          || t instanceof org.jdbi.v3.core.ConnectionException
          || t instanceof redis.clients.jedis.exceptions.JedisConnectionException) {
        return true;
      }
      if (t instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
        return true; // connection exception class
      }
    }
    return false;
  }

  /** base × 2^(attempt-1), at most five minutes, with ±20 % jitter so retries do not march in step. */
  Duration backoff(int attempt) {
    long base = settings.backoffBase().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return Duration.ofMillis((long) (capped * jitter));
  }

  private void beat() {
    try {
      queue.heartbeat(id, settings.heartbeatTtl());
    } catch (RuntimeException e) {
      log.warn("heartbeat failed: {}", e.toString());
    }
  }

  private void every(Duration interval, Runnable work) {
    while (running) {
      try {
        work.run();
      } catch (RuntimeException e) {
        log.warn("{} failed: {}", Thread.currentThread().getName(), e.toString());
      }
      pause(interval);
    }
  }

  private void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread t, long deadlineNanos) {
    try {
      t.join(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
