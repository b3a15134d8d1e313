package dev.cake.workers.jobs;

import dev.cake.core.promotion.CampaignRepository;
import dev.cake.core.promotion.PromotionRepository;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns vouchers past their expiry and campaigns past their end into expired (reads never write). */
public final class ExpiryJob implements ScheduledJob {
  private static final Schedule SCHEDULE = Schedule.onOneWorker("expiry", Duration.ofSeconds(30));

  private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

  private final PromotionRepository promotions;
  private final CampaignRepository campaigns;
  private final Clock clock;

  @Inject
  public ExpiryJob(PromotionRepository promotions, CampaignRepository campaigns, Clock clock) {
    this.promotions = promotions;
    this.campaigns = campaigns;
    this.clock = clock;
  }

  @Override
  public Schedule schedule() {
    return SCHEDULE;
  }

  @Override
  public void run() {
    var now = clock.instant();
    int vouchers = promotions.expireVouchers(now);
    // an hour's grace: first logins inside the window whose events arrive late (a Redis outage) still enrol
    int ended = campaigns.expireEnded(now.minus(Duration.ofHours(1)));
    if (vouchers + ended > 0) log.info("expired {} voucher(s) and {} campaign(s)", vouchers, ended);
  }
}
