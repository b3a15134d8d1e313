package dev.cake.core.promotion;

import dev.cake.core.voucher.VoucherRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expired transitions (reads never write): vouchers past their expiry, and campaigns past their end. Campaigns get
 * an hour's grace: first logins inside the window whose events arrive late (a Redis outage) still enrol. Each change
 * is announced, so no replica keeps showing an expired voucher as active.
 */
@Singleton
public final class ExpiryService {
  private static final Logger log = LoggerFactory.getLogger(ExpiryService.class);
  static final Duration CAMPAIGN_GRACE = Duration.ofHours(1);

  private final VoucherRepository vouchers;
  private final CampaignRepository campaigns;
  private final PromotionChanges changes;
  private final Clock clock;

  @Inject
  public ExpiryService(VoucherRepository vouchers, CampaignRepository campaigns, PromotionChanges changes,
                       Clock clock) {
    this.vouchers = vouchers;
    this.campaigns = campaigns;
    this.changes = changes;
    this.clock = clock;
  }

  /** Returns how many vouchers and campaigns expired. */
  public int expire() {
    Instant now = clock.instant();
    List<Long> owners = vouchers.expire(now);
    owners.stream().distinct().forEach(changes::userChanged);
    int ended = campaigns.expireEnded(now.minus(CAMPAIGN_GRACE));
    if (ended > 0) changes.campaignsChanged();
    if (!owners.isEmpty() || ended > 0) log.info("expired {} voucher(s) and {} campaign(s)", owners.size(), ended);
    return owners.size() + ended;
  }
}
