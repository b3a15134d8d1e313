package dev.cake.core.voucher;

import dev.cake.core.CakeException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The discount a voucher gives on an amount: percentage, capped, rounded HALF_UP to 2 places. */
public final class Discounts {
  private static final BigDecimal HUNDRED = new BigDecimal("100");

  private Discounts() {}

  /** Whether the voucher can pay towards {@code amount}: at least its minimum top-up. */
  public static boolean admits(BigDecimal amount, VoucherTerms terms) {
    return amount.compareTo(terms.minTopupAmount()) >= 0;
  }

  /** @throws CakeException.Refused when the amount is below the voucher's minimum top-up */
  public static BigDecimal discount(BigDecimal amount, VoucherTerms terms) {
    if (!admits(amount, terms)) throw belowMinimum(terms.minTopupAmount());
    BigDecimal discount = amount.multiply(terms.discountPercentage()).divide(HUNDRED, 2, RoundingMode.HALF_UP);
    if (terms.maxDiscountAmount() != null && discount.compareTo(terms.maxDiscountAmount()) > 0) {
      discount = terms.maxDiscountAmount().setScale(2, RoundingMode.UNNECESSARY);
    }
    return discount.min(amount);
  }

  /** The refusal of an amount below a voucher's minimum top-up, as clients read it. */
  public static CakeException belowMinimum(BigDecimal minimum) {
    return new CakeException.Refused("Minimum top-up amount for this voucher is "
        + minimum.stripTrailingZeros().toPlainString());
  }
}
