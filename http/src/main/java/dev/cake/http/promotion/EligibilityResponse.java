package dev.cake.http.promotion;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cake.core.promotion.PromotionService.Eligibility;
import java.time.Instant;
import java.util.List;

/**
 * The original's answer to GET /promotions/eligibility and POST /promotions/track-first-login ({@code eligible},
 * {@code message}; {@code campaignId}, {@code campaignName}, {@code remainingSlots} of the campaign a first login
 * would join; {@code participationOrder} of the caller's promotion on track-first-login), with ours beside it:
 * {@code activeCampaigns} and the caller's {@code vouchers} usable now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EligibilityResponse(boolean eligible, String message, String campaignId, String campaignName,
                                  Integer remainingSlots, Integer participationOrder, int activeCampaigns,
                                  @JsonInclude(JsonInclude.Include.ALWAYS) List<VoucherResponse> vouchers) {

  /** GET /promotions/eligibility: the campaign fields only when eligible, as the original. */
  public static EligibilityResponse of(Eligibility e, Instant now) {
    var c = e.campaign();
    return new EligibilityResponse(e.eligible(), e.message(), c == null ? null : Long.toString(c.id()),
        c == null ? null : c.name(), c == null ? null : c.remainingSlots(), null, e.openCampaigns(),
        vouchers(e, now));
  }

  /** POST /promotions/track-first-login: as eligibility, and a participant's campaign and order. */
  public static EligibilityResponse tracking(Eligibility e, Instant now) {
    var p = e.participation();
    if (p == null) return of(e, now);
    return new EligibilityResponse(false, e.message(), Long.toString(p.campaignId()), p.campaignName(), null,
        p.participationOrder(), e.openCampaigns(), vouchers(e, now));
  }

  private static List<VoucherResponse> vouchers(Eligibility e, Instant now) {
    return e.usableVouchers().stream().map(v -> VoucherResponse.of(v, now)).toList();
  }
}
