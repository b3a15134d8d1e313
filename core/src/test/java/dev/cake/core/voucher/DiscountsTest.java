package dev.cake.core.voucher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DiscountsTest {
  static VoucherTerms terms(String percent, String min, String cap) {
    return new VoucherTerms(1, "CAKE-AAAAAAAA", new BigDecimal(percent), new BigDecimal(min),
        cap == null ? null : new BigDecimal(cap));
  }

  static BigDecimal discount(String amount, VoucherTerms terms) {
    return Discounts.discount(new BigDecimal(amount), terms);
  }

  @Test
  void roundsHalfUpToCents() {
    assertThat(discount("33.33", terms("30", "0", null))).isEqualByComparingTo("10.00"); // 9.999
    assertThat(discount("0.05", terms("50", "0", null))).isEqualByComparingTo("0.03"); // 0.025
    assertThat(discount("0.01", terms("30", "0", null))).isEqualByComparingTo("0.00"); // 0.003
    assertThat(discount("100.00", terms("12.5", "0", null)).scale()).isEqualTo(2);
  }

  @Test
  void capsAtTheMaximumDiscount() {
    assertThat(discount("1000", terms("30", "0", "50"))).isEqualByComparingTo("50.00");
    assertThat(discount("100", terms("30", "0", "50"))).isEqualByComparingTo("30.00");
  }

  @Test
  void neverExceedsTheAmount() {
    assertThat(discount("10", terms("100", "0", null))).isEqualByComparingTo("10.00");
  }

  @Test
  void refusesAmountsBelowTheMinimumNamingIt() {
    assertThatThrownBy(() -> discount("49.99", terms("30", "50", null)))
        .isInstanceOf(CakeException.Refused.class).hasMessage("Minimum top-up amount for this voucher is 50");
    assertThat(discount("50", terms("30", "50", null))).isEqualByComparingTo("15.00");
  }
}
