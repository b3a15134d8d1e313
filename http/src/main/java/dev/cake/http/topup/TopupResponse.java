package dev.cake.http.topup;

import dev.cake.core.topup.Topup;
import java.math.BigDecimal;

/** The original's top-up answer. */
public record TopupResponse(boolean success, String transactionId, BigDecimal originalAmount,
                            BigDecimal discountAmount, BigDecimal finalAmount, String phoneNumber,
                            String voucherCode, String message) {
  public static TopupResponse of(Topup t) {
    String message = t.voucherCode() == null
        ? "Top-up successful"
        : "Top-up successful with voucher " + t.voucherCode() + " (saved " + t.discountAmount().toPlainString() + ")";
    return new TopupResponse(true, t.transactionId(), t.originalAmount(), t.discountAmount(), t.finalAmount(),
        t.phoneNumber(), t.voucherCode(), message);
  }
}
