package dev.cake.workers.jobs;

import dev.cake.workers.WorkerSettings;
import dev.cake.core.topup.TopupRecovery;
import jakarta.inject.Inject;
import java.time.Duration;

/** Settles top-ups left pending and vouchers left reserved by a crash, by the bank's answer. */
public final class TopupRecoveryJob implements ScheduledJob {
  private final TopupRecovery recovery;
  private final WorkerSettings settings;

  @Inject
  public TopupRecoveryJob(TopupRecovery recovery, WorkerSettings settings) {
    this.recovery = recovery;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "topup-recovery";
  }

  @Override
  public Duration every() {
    return Duration.ofSeconds(15);
  }

  @Override
  public boolean exclusive() {
    return true;
  }

  @Override
  public void run() {
    recovery.settle(settings.settleAfter());
  }
}
