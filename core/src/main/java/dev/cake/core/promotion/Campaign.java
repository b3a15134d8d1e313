package dev.cake.core.promotion;

import java.math.BigDecimal;
import java.time.Instant;

/** A first-login campaign: the first {@code maxParticipants} users who log in get a voucher. */
public record Campaign(
    long id,
    String name,
    String description,
    String type,
    CampaignStatus status,
    Instant startAt,
    Instant endAt,
    int maxParticipants,
    int currentParticipants,
    BigDecimal discountPercentage,
    BigDecimal minTopupAmount,
    BigDecimal maxDiscountAmount,
    int voucherValidityDays,
    Instant createdAt,
    Instant updatedAt) {

  public static final String FIRST_LOGIN_DISCOUNT = "first_login_discount";

  public int remainingSlots() {
    return Math.max(0, maxParticipants - currentParticipants);
  }
}
