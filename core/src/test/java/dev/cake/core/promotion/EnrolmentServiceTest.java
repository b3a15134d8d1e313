package dev.cake.core.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.core.testing.NoMetrics;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherCodes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** EnrolmentService's handling of a drawn voucher code that is already taken, over a scripted repository. */
class EnrolmentServiceTest {
  static final Instant LOGIN = Instant.parse("2026-01-01T00:00:00Z");
  static final long CAMPAIGN = 3;
  static final long USER = 7;

  /** Answers {@code enrol} with {@link Enrolment.CodeTaken} the first {@code collisions} times, then enrols. */
  static final class CollidingCodes implements PromotionRepository {
    final List<String> codesTried = new ArrayList<>();
    private int collisions;

    CollidingCodes(int collisions) {
      this.collisions = collisions;
    }

    @Override
    public List<Long> openFirstLoginCampaigns(Instant at) {
      return List.of(CAMPAIGN);
    }

    @Override
    public Enrolment enrol(long campaignId, long userId, Instant loginAt, String voucherCode,
                           OptionalLong completesEvent) {
      codesTried.add(voucherCode);
      if (collisions-- > 0) return new Enrolment.CodeTaken(voucherCode);
      return new Enrolment.Enrolled(campaignId, 1, voucherCode);
    }

    @Override
    public List<UserPromotion> promotionsOf(long userId) {
      return List.of();
    }

    @Override
    public int expireVouchers(Instant now) {
      return 0;
    }

    @Override
    public List<Voucher> vouchersOf(long userId) {
      return List.of();
    }

    @Override
    public Optional<Voucher> voucherOf(long userId, String code) {
      return Optional.empty();
    }
  }

  static EnrolmentService service(PromotionRepository promotions) {
    return new EnrolmentService(promotions, new NoMetrics(), Clock.fixed(LOGIN, ZoneOffset.UTC));
  }

  @Test
  void aTakenCodeIsDrawnAgainAndTheUserEnrolled() {
    var promotions = new CollidingCodes(2);
    List<Enrolment> attempts = service(promotions).enrolFirstLogin(USER, LOGIN, 42);

    assertThat(promotions.codesTried).hasSize(3).doesNotHaveDuplicates().allMatch(VoucherCodes::looksValid);
    assertThat(attempts).containsExactly(new Enrolment.Enrolled(CAMPAIGN, 1, promotions.codesTried.getLast()));
    assertThat(EnrolmentService.enrolled(attempts)).isTrue();
  }

  @Test
  void threeTakenCodesInARowFailTheEnrolment() {
    var promotions = new CollidingCodes(3);
    assertThatThrownBy(() -> service(promotions).enrolFirstLogin(USER, LOGIN, 42))
        .isInstanceOf(IllegalStateException.class);
    assertThat(promotions.codesTried).hasSize(3);
  }
}
