package dev.cake.workers;

import dev.cake.core.event.WorkQueue;
import dev.cake.core.event.WorkQueue.Delivery;
import dev.cake.process.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: queue consumers on virtual threads (each takes a job and hands it to the {@link JobRunner}),
 * a heartbeat, and the {@link Scheduler}'s jobs. {@link #stop} stops taking jobs and lets the ones in hand finish;
 * the lifecycle closes the connection pools after it.
 */
@Singleton
public final class Worker implements Managed {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final Duration TAKE_TIMEOUT = Duration.ofSeconds(1);

  private final WorkerSettings settings;
  private final WorkQueue queue;
  private final JobRunner runner;
  private final Scheduler scheduler;
  private final String id;
  private final List<Thread> consumers = new ArrayList<>();
  private final List<Thread> background = new ArrayList<>();
  private volatile boolean running;

  @Inject
  public Worker(WorkerSettings settings, WorkQueue queue, JobRunner runner, Scheduler scheduler) {
    this.settings = settings;
    this.queue = queue;
    this.runner = runner;
    this.scheduler = scheduler;
    this.id = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String id() {
    return id;
  }

  @Override
  public Stage stage() {
    return Stage.WORK;
  }

  @Override
  public synchronized void start() {
    if (running) return;
    running = true;
    beat();
    for (int i = 0; i < settings.consumers(); i++) {
      consumers.add(Thread.ofVirtual().name("consumer-" + i).start(this::consume));
    }
    background.add(Thread.ofVirtual().name("heartbeat").start(
        () -> Scheduler.every(settings.heartbeatTtl().dividedBy(3), this::beat, this::running)));
    background.addAll(scheduler.start(id, this::running));
    log.info("worker {} started: {} consumer(s), topics {}, jobs {}", id, settings.consumers(), runner.topics(),
        scheduler.names());
  }

  private boolean running() {
    return running;
  }

  /** Stops taking jobs and waits up to the shutdown timeout for the ones in hand. */
  @Override
  public synchronized void stop() {
    if (!running) return;
    Duration timeout = settings.shutdownTimeout();
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
    log.info("worker {} stopped", id);
  }

  /** One consumer: take a job, run it, until the worker stops. */
  private void consume() {
    while (running) {
      Delivery delivery;
      try {
        delivery = queue.take(id, TAKE_TIMEOUT);
      } catch (RuntimeException e) {
        log.warn("queue unavailable: {}", e.toString());
        JobRunner.pause(Duration.ofSeconds(1));
        continue;
      }
      if (delivery == null) continue;
      try {
        runner.run(id, delivery, this::running);
      } catch (RuntimeException e) {
        log.error("unexpected failure handling a job (it stays in hand and comes back after a restart)", e);
      }
    }
  }

  private void beat() {
    try {
      queue.heartbeat(id, settings.heartbeatTtl());
    } catch (RuntimeException e) {
      log.warn("heartbeat failed: {}", e.toString());
    }
  }

  private static void join(Thread t, long deadlineNanos) {
    try {
      t.join(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
