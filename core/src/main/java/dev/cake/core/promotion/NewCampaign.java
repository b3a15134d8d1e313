package dev.cake.core.promotion;

import java.math.BigDecimal;
import java.time.Instant;

/** A validated campaign, ready to store. */
public record NewCampaign(String name, String description, String type, Instant startAt, Instant endAt,
                          int maxParticipants, BigDecimal discountPercentage, BigDecimal minTopupAmount,
                          BigDecimal maxDiscountAmount, int voucherValidityDays) {}
