package dev.cake.core.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CampaignRulesTest {
  @Test
  void appliesTheOriginalsDefaults() {
    var c = CampaignRules.validate(new CampaignForm("Launch", null, null, "2026-01-01T00:00:00Z",
        "2026-02-01", null, null, null, null, null));
    assertThat(c.type()).isEqualTo("first_login_discount");
    assertThat(c.maxParticipants()).isEqualTo(100);
    assertThat(c.discountPercentage()).isEqualByComparingTo("30");
    assertThat(c.minTopupAmount()).isEqualByComparingTo("0");
    assertThat(c.maxDiscountAmount()).isNull();
    assertThat(c.voucherValidityDays()).isEqualTo(30);
    assertThat(c.endAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
  }

  @Test
  void listsEveryBrokenRule() {
    assertThatThrownBy(() -> CampaignRules.validate(new CampaignForm("", null, "weekly", "2026-02-01T00:00:00+07:00",
        "2026-01-01T00:00:00Z", 0, new BigDecimal("100.01"), new BigDecimal("-1"), BigDecimal.ZERO, 366)))
        .isInstanceOfSatisfying(CakeException.InvalidInput.class, e -> assertThat(e.errors())
            .extracting(FieldError::field)
            .containsExactly("name", "type", "endDate", "maxParticipants", "discountPercentage", "minTopupAmount",
                "maxDiscountAmount", "voucherValidityDays"));
  }

  @Test
  void acceptsTheBoundaries() {
    var c = CampaignRules.validate(new CampaignForm("x".repeat(255), "d", "first_login_discount", "2026-01-01",
        "2026-01-01T00:00:01Z", 1_000_000, new BigDecimal("0.01"), new BigDecimal("0"), new BigDecimal("0.01"), 365));
    assertThat(c.maxParticipants()).isEqualTo(1_000_000);
    assertThatThrownBy(() -> CampaignRules.validate(new CampaignForm("x", null, null, "2026-01-01", "2026-01-02",
        null, new BigDecimal("10.001"), null, null, null))).isInstanceOf(CakeException.InvalidInput.class);
  }
}
