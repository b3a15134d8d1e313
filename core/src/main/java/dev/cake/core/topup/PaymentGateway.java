package dev.cake.core.topup;

import java.math.BigDecimal;

/**
 * Port: the bank that moves the money. Charging is idempotent per transaction id (a repeat returns the first
 * answer), and the status of any transaction can be looked up, so a crashed top-up can be settled later.
 */
public interface PaymentGateway {
  Result charge(String transactionId, BigDecimal amount, String phoneNumber, String paymentMethod);

  /** What the bank knows of a transaction: approved, declined, or never seen (unknown). */
  Status status(String transactionId);

  /**
   * Voids the transaction unless the bank has seen it (recorded as declined, so that a late charge cannot succeed
   * after the top-up was settled as failed), and returns its final status, for recovery. Never UNKNOWN.
   */
  Status voidIfUnseen(String transactionId);

  enum Status { APPROVED, DECLINED, UNKNOWN }

  record Result(boolean approved, String reason) {
    public static Result approve() {
      return new Result(true, null);
    }

    public static Result decline(String reason) {
      return new Result(false, reason);
    }
  }
}
