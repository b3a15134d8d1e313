package dev.cake.http.topup;

import dev.cake.core.topup.Topup;
import java.math.BigDecimal;

/** The original's top-up answer, with its message texts (the saving as a plain number: 30, 12.5). */
public record TopupResponse(boolean success, String transactionId, BigDecimal originalAmount,
                            BigDecimal discountAmount, BigDecimal finalAmount, String phoneNumber,
                            String voucherCode, String message) {
  public static TopupResponse of(Topup t) {
    String message = t.discountAmount().signum() > 0
        ? "Top-up successful! You saved " + t.discountAmount().stripTrailingZeros().toPlainString()
            + " with your voucher."
        : "Top-up successful!";
    return new TopupResponse(true, t.transactionId(), t.originalAmount(), t.discountAmount(), t.finalAmount(),
        t.phoneNumber(), t.voucherCode(), message);
  }
}
