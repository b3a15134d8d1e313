package dev.cake.workers;

import com.zaxxer.hikari.HikariDataSource;
import dev.cake.core.config.Config.WorkerSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * The background worker process. Its jobs (queue consumers, outbox relay, reaper, scheduled jobs) arrive with the
 * worker issue; today it starts, reports, and stops cleanly on SIGTERM.
 */
@Singleton
public final class Worker {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final WorkerSettings settings;
  private final HikariDataSource dataSource;
  private final RedisClient redis;
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Inject
  public Worker(WorkerSettings settings, HikariDataSource dataSource, RedisClient redis) {
    this.settings = settings;
    this.dataSource = dataSource;
    this.redis = redis;
  }

  /** Runs until {@link #stop()} is called. */
  public void run() throws InterruptedException {
    log.info("worker started ({} consumer(s) configured)", settings.consumers());
    stopped.await();
  }

  public void stop() {
    log.info("worker stopping");
    stopped.countDown();
    redis.close();
    dataSource.close();
    log.info("worker stopped");
  }
}
