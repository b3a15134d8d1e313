package dev.cake.core.topup;

import dev.cake.core.voucher.VoucherStatus;
import java.time.Instant;

/**
 * What transaction 2 writes, decided from the bank's answer: approved, the top-up succeeds and its voucher is used;
 * declined, the top-up fails and its voucher is active again. {@code at} is when (the voucher's {@code used_at}).
 */
public record Settlement(TopupStatus status, String failureReason, Instant at) {
  public static Settlement of(PaymentGateway.Result result, Instant at) {
    return result.approved()
        ? new Settlement(TopupStatus.SUCCEEDED, null, at)
        : new Settlement(TopupStatus.FAILED, result.reason(), at);
  }

  /** The voucher's next state: used with a successful top-up, active again (released) with a failed one. */
  public VoucherStatus voucherStatus() {
    return status == TopupStatus.SUCCEEDED ? VoucherStatus.USED : VoucherStatus.ACTIVE;
  }
}
