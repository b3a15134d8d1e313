package dev.cake.core.voucher;

import java.math.BigDecimal;

/** What a claimed voucher grants: the terms {@link Discounts} prices a top-up by. */
public record VoucherTerms(long voucherId, String code, BigDecimal discountPercentage, BigDecimal minTopupAmount,
                           BigDecimal maxDiscountAmount) {}
