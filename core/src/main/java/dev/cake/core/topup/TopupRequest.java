package dev.cake.core.topup;

import java.math.BigDecimal;

/** A validated top-up: phone in E.164, amount with scale 2, voucher code upper-cased or null. */
public record TopupRequest(long userId, String phoneNumber, BigDecimal amount, String voucherCode,
                           String paymentMethod) {}
