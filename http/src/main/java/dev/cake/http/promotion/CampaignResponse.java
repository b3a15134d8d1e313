package dev.cake.http.promotion;

import dev.cake.core.promotion.Campaign;
import dev.cake.http.Wire;
import java.math.BigDecimal;
import java.time.Instant;

/** A campaign on the wire: id as a string, money and percentages as JSON numbers. */
public record CampaignResponse(String id, String name, String description, String type, String status,
                               Instant startDate, Instant endDate, int maxParticipants, int currentParticipants,
                               int remainingSlots, BigDecimal discountPercentage, BigDecimal minTopupAmount,
                               BigDecimal maxDiscountAmount, int voucherValidityDays, Instant createdAt,
                               Instant updatedAt) {
  public static CampaignResponse of(Campaign c) {
    return new CampaignResponse(Long.toString(c.id()), c.name(), c.description(), c.type(), c.status().value(),
        Wire.millis(c.startAt()), Wire.millis(c.endAt()), c.maxParticipants(), c.currentParticipants(),
        c.remainingSlots(), c.discountPercentage(), c.minTopupAmount(), c.maxDiscountAmount(),
        c.voucherValidityDays(), Wire.millis(c.createdAt()), Wire.millis(c.updatedAt()));
  }
}
