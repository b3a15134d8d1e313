package dev.cake.core.voucher;

import dev.cake.core.CakeException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The discount a voucher gives on an amount: percentage, capped, rounded HALF_UP to 2 places. */
public final class Discounts {
  private static final BigDecimal HUNDRED = new BigDecimal("100");

  private Discounts() {}

  /** @throws CakeException.Unprocessable when the amount is below the voucher's minimum top-up */
  public static BigDecimal discount(BigDecimal amount, VoucherTerms terms) {
    if (amount.compareTo(terms.minTopupAmount()) < 0) {
      throw new CakeException.Unprocessable("Minimum top-up amount for this voucher is "
          + terms.minTopupAmount().stripTrailingZeros().toPlainString());
    }
    BigDecimal discount = amount.multiply(terms.discountPercentage()).divide(HUNDRED, 2, RoundingMode.HALF_UP);
    if (terms.maxDiscountAmount() != null && discount.compareTo(terms.maxDiscountAmount()) > 0) {
      discount = terms.maxDiscountAmount().setScale(2, RoundingMode.UNNECESSARY);
    }
    return discount.min(amount);
  }
}
