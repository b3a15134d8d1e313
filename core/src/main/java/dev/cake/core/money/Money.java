package dev.cake.core.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money is BigDecimal with scale 2, never double. */
public final class Money {
  public static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000");

  private Money() {}

  /** At most 2 decimals and at most {@link #MAX_AMOUNT}; positive, or also zero when {@code zeroAllowed}. */
  public static boolean isValidAmount(BigDecimal amount, boolean zeroAllowed) {
    if (amount == null) return false;
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() > 2) return false;
    if (amount.compareTo(MAX_AMOUNT) > 0) return false;
    return zeroAllowed ? amount.signum() >= 0 : amount.signum() > 0;
  }

  public static BigDecimal scale(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.UNNECESSARY);
  }
}
