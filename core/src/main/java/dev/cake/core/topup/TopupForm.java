package dev.cake.core.topup;

import java.math.BigDecimal;

/** A top-up as the client sent it. */
public record TopupForm(String phoneNumber, BigDecimal amount, String voucherCode, String paymentMethod) {}
