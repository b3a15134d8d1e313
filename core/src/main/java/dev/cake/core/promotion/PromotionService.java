package dev.cake.core.promotion;

import dev.cake.core.voucher.VoucherCodes;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherRepository;
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
  private final VoucherRepository vouchers;
  private final CampaignRepository campaigns;
  private final Clock clock;

  @Inject
  public PromotionService(PromotionRepository promotions, VoucherRepository vouchers, CampaignRepository campaigns,
                          Clock clock) {
    this.promotions = promotions;
    this.vouchers = vouchers;
    this.campaigns = campaigns;
    this.clock = clock;
  }

  static final String ALREADY_PARTICIPATED = "User has already participated in a promotion campaign";
  static final String NONE_OPEN = "No active promotion campaigns available or all campaigns are full";
  static final String ADMINS_NEVER_TAKE_PART = "Administrators do not take part in promotion campaigns";

  /**
   * The original's eligibility: {@code eligible} when the caller has not taken part in any campaign and an open
   * first-login campaign has free slots ({@code campaign}, the newest such one, which a first login would join).
   * {@code participation} is the caller's promotion, if any (a user takes part in at most one campaign);
   * {@code usableVouchers} the caller's vouchers usable now; {@code openCampaigns} how many campaigns run now.
   */
  public record Eligibility(boolean eligible, String message, Campaign campaign, UserPromotion participation,
                            List<Voucher> usableVouchers, int openCampaigns) {}

  public Eligibility eligibility(long userId, boolean admin) {
    Instant now = clock.instant();
    List<UserPromotion> mine = promotions.promotionsOf(userId);
    List<Voucher> usable = mine.stream().flatMap(p -> p.vouchers().stream()).filter(v -> v.isValid(now)).toList();
    List<Campaign> active = campaigns.listActive(now); // newest first, as enrolment tries them
    UserPromotion participation = mine.isEmpty() ? null : mine.getFirst();
    if (participation != null) {
      return new Eligibility(false, ALREADY_PARTICIPATED, null, participation, usable, active.size());
    }
    if (admin) return new Eligibility(false, ADMINS_NEVER_TAKE_PART, null, null, usable, active.size());
    return active.stream()
        .filter(c -> Campaign.FIRST_LOGIN_DISCOUNT.equals(c.type()) && c.remainingSlots() > 0)
        .findFirst()
        .map(c -> new Eligibility(true, "You are eligible for the \"" + c.name() + "\" promotion. "
            + c.remainingSlots() + " slots remaining.", c, null, usable, active.size()))
        .orElseGet(() -> new Eligibility(false, NONE_OPEN, null, null, usable, active.size()));
  }

  public List<UserPromotion> myPromotions(long userId) {
    return promotions.promotionsOf(userId);
  }

  public List<Voucher> myVouchers(long userId) {
    return vouchers.vouchersOf(userId);
  }

  /** The caller's own voucher; anyone else's code reads as not found. */
  public Voucher validate(long userId, String code) {
    String normalised = code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT);
    if (!VoucherCodes.looksValid(normalised)) throw new CakeException.NotFound("Voucher not found");
    return vouchers.voucherOf(userId, normalised)
        .orElseThrow(() -> new CakeException.NotFound("Voucher not found"));
  }

  public Instant now() {
    return clock.instant();
  }
}
