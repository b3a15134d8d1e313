package dev.cake.http.promotion;

import dev.cake.core.promotion.UserPromotion;
import dev.cake.http.Wire;
import java.time.Instant;
import java.util.List;

public record PromotionResponse(String id, String campaignId, String campaignName, int participationOrder,
                                boolean isInFirstHundred, String status, Instant firstLoginAt,
                                Instant voucherIssuedAt, Instant voucherUsedAt, List<VoucherResponse> vouchers,
                                Instant createdAt) {
  public static PromotionResponse of(UserPromotion p, Instant now) {
    return new PromotionResponse(Long.toString(p.id()), Long.toString(p.campaignId()), p.campaignName(),
        p.participationOrder(), p.isInFirstHundred(), p.status(), Wire.millis(p.firstLoginAt()),
        Wire.millis(p.voucherIssuedAt()), Wire.millis(p.voucherUsedAt()),
        p.vouchers().stream().map(v -> VoucherResponse.of(v, now)).toList(), Wire.millis(p.createdAt()));
  }
}
