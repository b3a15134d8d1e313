package dev.cake.workers.jobs;

import dev.cake.workers.WorkerSettings;
import dev.cake.core.topup.TopupRecovery;
import jakarta.inject.Inject;
import java.time.Duration;

/** Settles top-ups left pending and vouchers left reserved by a crash, by the bank's answer. */
public final class TopupRecoveryJob implements ScheduledJob {
  private static final Schedule SCHEDULE = Schedule.onOneWorker("topup-recovery", Duration.ofSeconds(15));

  private final TopupRecovery recovery;
  private final WorkerSettings settings;

  @Inject
  public TopupRecoveryJob(TopupRecovery recovery, WorkerSettings settings) {
    this.recovery = recovery;
    this.settings = settings;
  }

  @Override
  public Schedule schedule() {
    return SCHEDULE;
  }

  @Override
  public void run() {
    recovery.settle(settings.settleAfter());
  }
}
