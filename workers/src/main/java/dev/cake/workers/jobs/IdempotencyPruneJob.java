package dev.cake.workers.jobs;

import dev.cake.workers.WorkerSettings;
import dev.cake.core.topup.TopupRepository;
import jakarta.inject.Inject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forgets Idempotency-Keys older than CAKE_IDEMPOTENCY_TTL (24 h); the top-ups themselves stay. */
public final class IdempotencyPruneJob implements ScheduledJob {
  private static final Schedule SCHEDULE = Schedule.onOneWorker("idempotency-prune", Duration.ofMinutes(10));

  private static final Logger log = LoggerFactory.getLogger(IdempotencyPruneJob.class);

  private final TopupRepository topups;
  private final WorkerSettings settings;

  @Inject
  public IdempotencyPruneJob(TopupRepository topups, WorkerSettings settings) {
    this.topups = topups;
    this.settings = settings;
  }

  @Override
  public Schedule schedule() {
    return SCHEDULE;
  }

  @Override
  public void run() {
    int pruned = topups.pruneIdempotencyKeys(settings.idempotencyTtl());
    if (pruned > 0) log.info("pruned {} idempotency key(s)", pruned);
  }
}
