package dev.cake.core.topup;

import java.math.BigDecimal;
import java.time.Instant;

/** One top-up attempt: the audit trail of every charge. */
public record Topup(
    long id,
    String transactionId,
    long userId,
    String phoneNumber,
    BigDecimal originalAmount,
    BigDecimal discountAmount,
    BigDecimal finalAmount,
    Long voucherId,
    String voucherCode,
    String paymentMethod,
    TopupStatus status,
    String failureReason,
    Instant createdAt,
    Instant updatedAt) {}
