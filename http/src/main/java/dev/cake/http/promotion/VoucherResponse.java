package dev.cake.http.promotion;

import dev.cake.core.voucher.Voucher;
import dev.cake.http.Wire;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A voucher on the wire; {@code status} reads "expired" once past expiry even before the expiry job runs. The
 * payment is named twice: the original's {@code transactionReference} and our {@code transactionId}.
 */
public record VoucherResponse(String id, String code, String campaignId, String type, String status,
                              BigDecimal discountPercentage, BigDecimal minTopupAmount,
                              BigDecimal maxDiscountAmount, Instant issuedAt, Instant expiresAt, Instant usedAt,
                              BigDecimal usedAmount, BigDecimal discountAmount, String transactionReference,
                              String transactionId, boolean isValid, boolean isExpired) {
  public static VoucherResponse of(Voucher v, Instant now) {
    return new VoucherResponse(Long.toString(v.id()), v.code(), Long.toString(v.campaignId()), v.type(),
        v.effectiveStatus(now).value(), v.discountPercentage(), v.minTopupAmount(), v.maxDiscountAmount(),
        Wire.millis(v.issuedAt()), Wire.millis(v.expiresAt()), Wire.millis(v.usedAt()), v.usedAmount(),
        v.discountAmount(), v.transactionId(), v.transactionId(), v.isValid(now), v.isExpired(now));
  }
}
