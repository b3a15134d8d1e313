package dev.cake.core.promotion;

import java.math.BigDecimal;

/** A campaign as the admin sent it; null means "not given" (defaults apply where there is one). */
public record CampaignForm(String name, String description, String type, String startDate, String endDate,
                           Integer maxParticipants, BigDecimal discountPercentage, BigDecimal minTopupAmount,
                           BigDecimal maxDiscountAmount, Integer voucherValidityDays) {}
