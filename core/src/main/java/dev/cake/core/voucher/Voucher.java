package dev.cake.core.voucher;

import java.math.BigDecimal;
import java.time.Instant;

/** A discount voucher for mobile top-up, issued to one user by one campaign. */
public record Voucher(
    long id,
    String code,
    long userId,
    long campaignId,
    String type,
    VoucherStatus status,
    BigDecimal discountPercentage,
    BigDecimal minTopupAmount,
    BigDecimal maxDiscountAmount,
    Instant issuedAt,
    Instant expiresAt,
    Instant usedAt,
    BigDecimal usedAmount,
    BigDecimal discountAmount,
    String transactionId) {

  public static final String MOBILE_TOPUP_DISCOUNT = "mobile_topup_discount";

  /** When a voucher issued at {@code issuedAt} by a campaign granting {@code validityDays} days expires. */
  public static Instant expiry(Instant issuedAt, int validityDays) {
    return issuedAt.plus(java.time.Duration.ofDays(validityDays));
  }

  public boolean isExpired(Instant now) {
    return status == VoucherStatus.EXPIRED || (status == VoucherStatus.ACTIVE && !expiresAt.isAfter(now));
  }

  /** Usable for a top-up right now. */
  public boolean isValid(Instant now) {
    return status == VoucherStatus.ACTIVE && expiresAt.isAfter(now);
  }

  /** What the voucher grants, for pricing a top-up ({@link Discounts}). */
  public VoucherTerms terms() {
    return new VoucherTerms(id, code, discountPercentage, minTopupAmount, maxDiscountAmount);
  }

  /** The status a reader should see: an active voucher past its expiry reads as expired (reads never write). */
  public VoucherStatus effectiveStatus(Instant now) {
    return isExpired(now) ? VoucherStatus.EXPIRED : status;
  }
}
