package dev.cake.http.topup;

import dev.cake.core.topup.Topup;
import dev.cake.http.Wire;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A page of the caller's top-ups; pass {@code nextBefore} as {@code ?before=} for the next page. */
public record TopupHistoryResponse(List<Item> items, String nextBefore) {
  public record Item(String id, String transactionId, String phoneNumber, BigDecimal originalAmount,
                     BigDecimal discountAmount, BigDecimal finalAmount, String voucherCode, String paymentMethod,
                     String status, String failureReason, Instant createdAt, Instant updatedAt) {
    static Item of(Topup t) {
      return new Item(Long.toString(t.id()), t.transactionId(), t.phoneNumber(), t.originalAmount(),
          t.discountAmount(), t.finalAmount(), t.voucherCode(), t.paymentMethod(), t.status().value(),
          t.failureReason(), Wire.millis(t.createdAt()), Wire.millis(t.updatedAt()));
    }
  }

  public static TopupHistoryResponse of(List<Topup> page, int limit) {
    String next = page.size() == limit ? Long.toString(page.getLast().id()) : null;
    return new TopupHistoryResponse(page.stream().map(Item::of).toList(), next);
  }
}
