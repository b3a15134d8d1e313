package dev.cake.core.promotion;

import dev.cake.core.CakeException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** What a user can see of their own promotions and vouchers. Reads never write. */
@Singleton
public final class PromotionService {
  private final PromotionRepository promotions;
  private final CampaignRepository campaigns;
  private final Clock clock;

  @Inject
  public PromotionService(PromotionRepository promotions, CampaignRepository campaigns, Clock clock) {
    this.promotions = promotions;
    this.campaigns = campaigns;
    this.clock = clock;
  }

  public record Eligibility(boolean eligible, String reason, List<Voucher> usableVouchers,
                            List<UserPromotion> promotions, int openCampaigns) {}

  /** Eligible for a discount when the caller holds at least one voucher usable now. */
  public Eligibility eligibility(long userId) {
    Instant now = clock.instant();
    List<UserPromotion> mine = promotions.promotionsOf(userId);
    List<Voucher> usable = mine.stream().flatMap(p -> p.vouchers().stream()).filter(v -> v.isValid(now)).toList();
    int open = campaigns.listActive(now).size();
    String reason;
    if (!usable.isEmpty()) reason = "You have " + usable.size() + " voucher(s) to use on a mobile top-up";
    else if (mine.isEmpty()) reason = "Vouchers go to the first users who log in while a campaign runs";
    else reason = "Your vouchers are used or expired";
    return new Eligibility(!usable.isEmpty(), reason, usable, mine, open);
  }

  public List<UserPromotion> myPromotions(long userId) {
    return promotions.promotionsOf(userId);
  }

  public List<Voucher> myVouchers(long userId) {
    return promotions.vouchersOf(userId);
  }

  /** The caller's own voucher; anyone else's code reads as not found. */
  public Voucher validate(long userId, String code) {
    String normalised = code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT);
    if (!VoucherCodes.looksValid(normalised)) throw new CakeException.NotFound("Voucher not found");
    return promotions.voucherOf(userId, normalised)
        .orElseThrow(() -> new CakeException.NotFound("Voucher not found"));
  }

  public Instant now() {
    return clock.instant();
  }
}
