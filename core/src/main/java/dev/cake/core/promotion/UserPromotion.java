package dev.cake.core.promotion;

import dev.cake.core.voucher.Voucher;
import java.time.Instant;
import java.util.List;

/** A user's place in a campaign, with the campaign's name and the vouchers it issued. */
public record UserPromotion(
    long id,
    long userId,
    long campaignId,
    String campaignName,
    int participationOrder,
    String status,
    Instant firstLoginAt,
    Instant voucherIssuedAt,
    Instant voucherUsedAt,
    Instant createdAt,
    List<Voucher> vouchers) {

  /** As the original computes it: the participation order is within the first hundred. */
  public boolean isInFirstHundred() {
    return participationOrder <= 100;
  }
}
