package dev.cake.workers.jobs;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.cake.core.event.EventPublisher;
import dev.cake.core.event.WorkQueue;
import dev.cake.core.promotion.CampaignRepository;
import dev.cake.core.voucher.VoucherRepository;
import dev.cake.core.topup.TopupRecovery;
import dev.cake.core.topup.TopupRepository;
import dev.cake.workers.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's periodic work that is one call each: when it runs and what it calls. Jobs with more to them
 * ({@link DeadWorkerReaperJob}, {@link RefreshTokenPruneJob}) are classes of their own.
 */
@Module
public interface PeriodicJobs {
  Logger log = LoggerFactory.getLogger(PeriodicJobs.class);

  /** Moves retries whose backoff has passed from the delayed set back to the queue (atomic per item, any worker). */
  @Provides
  @IntoSet
  static ScheduledJob delayedRetries(WorkQueue queue) {
    return ScheduledJob.of(Schedule.onEveryWorker("delayed-retries", Duration.ofMillis(250)), queue::promoteDue);
  }

  /**
   * Publishes outbox rows the API could not (Redis was down, or the API died between commit and push), and publishes
   * again rows published long ago but never processed whose job Redis no longer has (it lost its data). A backlog
   * after an outage is drained while full batches come back.
   */
  @Provides
  @IntoSet
  static ScheduledJob outboxRelay(EventPublisher publisher, WorkerSettings settings) {
    return ScheduledJob.of(Schedule.onOneWorker("outbox-relay", Duration.ofSeconds(1)), () -> {
      while (publisher.relay(settings.relayAfter(), 500) == 500) {
        // the next batch
      }
      while (publisher.redeliver(settings.redeliverAfter(), 500) == 500) {
        // the next batch
      }
    });
  }

  /**
   * Turns vouchers past their expiry and campaigns past their end into expired (reads never write). Campaigns get an
   * hour's grace: first logins inside the window whose events arrive late (a Redis outage) still enrol.
   */
  @Provides
  @IntoSet
  static ScheduledJob expiry(VoucherRepository vouchers, CampaignRepository campaigns, Clock clock) {
    return ScheduledJob.of(Schedule.onOneWorker("expiry", Duration.ofSeconds(30)), () -> {
      var now = clock.instant();
      int expired = vouchers.expire(now).size();
      int ended = campaigns.expireEnded(now.minus(Duration.ofHours(1)));
      if (expired + ended > 0) log.info("expired {} voucher(s) and {} campaign(s)", expired, ended);
    });
  }

  /** Settles top-ups left pending and vouchers left reserved by a crash, by the bank's answer. */
  @Provides
  @IntoSet
  static ScheduledJob topupRecovery(TopupRecovery recovery, WorkerSettings settings) {
    return ScheduledJob.of(Schedule.onOneWorker("topup-recovery", Duration.ofSeconds(15)),
        () -> recovery.settle(settings.settleAfter()));
  }

  /** Forgets Idempotency-Keys older than CAKE_IDEMPOTENCY_TTL (24 h); the top-ups themselves stay. */
  @Provides
  @IntoSet
  static ScheduledJob idempotencyPrune(TopupRepository topups, WorkerSettings settings, Clock clock) {
    return ScheduledJob.of(Schedule.onOneWorker("idempotency-prune", Duration.ofMinutes(10)), () -> {
      int pruned = topups.pruneIdempotencyKeys(clock.instant().minus(settings.idempotencyTtl()));
      if (pruned > 0) log.info("pruned {} idempotency key(s)", pruned);
    });
  }
}
