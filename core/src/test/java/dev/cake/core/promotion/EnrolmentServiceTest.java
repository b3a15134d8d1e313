package dev.cake.core.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.core.testing.NoMetrics;
import dev.cake.core.testing.RecordingMetrics;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** EnrolmentService's walk through the open campaigns and its handling of a taken voucher code, over scripted repositories. */
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
    public Enrolment enrol(long campaignId, long userId, Instant loginAt, String voucherCode, Instant now) {
      codesTried.add(voucherCode);
      if (collisions-- > 0) return new Enrolment.CodeTaken(voucherCode);
      return new Enrolment.Enrolled(campaignId, 1, voucherCode);
    }

    @Override
    public List<UserPromotion> promotionsOf(long userId) {
      return List.of();
    }
  }

  /** Open campaigns newest first, each answering {@code enrol} as scripted; records every call. */
  static final class ScriptedCampaigns implements PromotionRepository {
    final Map<Long, Enrolment> answers = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    ScriptedCampaigns answer(long campaignId, Enrolment answer) {
      answers.put(campaignId, answer);
      return this;
    }

    @Override
    public List<Long> openFirstLoginCampaigns(Instant at) {
      calls.add("open " + at);
      return List.copyOf(answers.keySet());
    }

    @Override
    public Enrolment enrol(long campaignId, long userId, Instant loginAt, String voucherCode, Instant now) {
      calls.add("enrol " + campaignId + " " + userId + " " + loginAt);
      return answers.get(campaignId);
    }

    @Override
    public List<UserPromotion> promotionsOf(long userId) {
      return List.of();
    }
  }

  static EnrolmentService service(PromotionRepository promotions) {
    return new EnrolmentService(promotions, new NoMetrics(), Clock.fixed(LOGIN, ZoneOffset.UTC));
  }

  @Test
  void aTakenCodeIsDrawnAgainAndTheUserEnrolled() {
    var promotions = new CollidingCodes(2);
    List<Enrolment> attempts = service(promotions).enrolFirstLogin(USER, LOGIN);

    assertThat(promotions.codesTried).hasSize(3).doesNotHaveDuplicates().allMatch(VoucherCodes::looksValid);
    assertThat(attempts).containsExactly(new Enrolment.Enrolled(CAMPAIGN, 1, promotions.codesTried.getLast()));
    assertThat(EnrolmentService.enrolled(attempts)).isTrue();
  }

  @Test
  void threeTakenCodesInARowFailTheEnrolment() {
    var promotions = new CollidingCodes(3);
    assertThatThrownBy(() -> service(promotions).enrolFirstLogin(USER, LOGIN))
        .isInstanceOf(IllegalStateException.class);
    assertThat(promotions.codesTried).hasSize(3);
  }

  static final Instant HANDLED = LOGIN.plus(Duration.ofMillis(1_500));

  final RecordingMetrics metrics = new RecordingMetrics();

  EnrolmentService handledLater(PromotionRepository promotions) {
    return new EnrolmentService(promotions, metrics, Clock.fixed(HANDLED, ZoneOffset.UTC));
  }

  @Test
  void aClosedCampaignPassesTheUserToTheNextNewestAndTheWalkStopsAtTheEnrolment() {
    var promotions = new ScriptedCampaigns()
        .answer(9, new Enrolment.Closed(9))
        .answer(8, new Enrolment.Enrolled(8, 17, "CAKE-AAAA1111"))
        .answer(7, new Enrolment.Enrolled(7, 1, "CAKE-BBBB2222"));

    List<Enrolment> attempts = handledLater(promotions).enrolFirstLogin(USER, LOGIN);

    assertThat(attempts).containsExactly(new Enrolment.Closed(9), new Enrolment.Enrolled(8, 17, "CAKE-AAAA1111"));
    assertThat(EnrolmentService.enrolled(attempts)).isTrue();
    assertThat(promotions.calls).containsExactly("open " + LOGIN,
        "enrol 9 7 " + LOGIN, "enrol 8 7 " + LOGIN);
    assertThat(metrics.recorded()).containsExactly("voucherIssued", "enrolmentLag 1500");
  }

  @Test
  void aUserAlreadyTakingPartIsNotWalkedFurther() {
    var promotions = new ScriptedCampaigns()
        .answer(9, new Enrolment.AlreadyEnrolled(5))
        .answer(8, new Enrolment.Enrolled(8, 1, "CAKE-AAAA1111"));

    List<Enrolment> attempts = handledLater(promotions).enrolFirstLogin(USER, LOGIN);

    assertThat(attempts).containsExactly(new Enrolment.AlreadyEnrolled(5));
    assertThat(EnrolmentService.enrolled(attempts)).isFalse();
    assertThat(metrics.recorded()).containsExactly("enrolmentLag 1500");
  }

  @Test
  void anAdminIsNotWalkedFurther() {
    var promotions = new ScriptedCampaigns()
        .answer(9, new Enrolment.NotEligible(Enrolment.Reason.ADMIN))
        .answer(8, new Enrolment.Enrolled(8, 1, "CAKE-AAAA1111"));

    List<Enrolment> attempts = handledLater(promotions).enrolFirstLogin(USER, LOGIN);

    assertThat(attempts).containsExactly(new Enrolment.NotEligible(Enrolment.Reason.ADMIN));
    assertThat(EnrolmentService.enrolled(attempts)).isFalse();
  }

  @Test
  void everyCampaignFullOrNoneOpenEnrolsNobody() {
    var full = new ScriptedCampaigns().answer(9, new Enrolment.Closed(9)).answer(8, new Enrolment.Closed(8));

    assertThat(handledLater(full).enrolFirstLogin(USER, LOGIN))
        .containsExactly(new Enrolment.Closed(9), new Enrolment.Closed(8));
    assertThat(handledLater(new ScriptedCampaigns()).enrolFirstLogin(USER, LOGIN)).isEmpty();
    assertThat(EnrolmentService.enrolled(List.of(new Enrolment.Closed(9), new Enrolment.Closed(8)))).isFalse();
    assertThat(metrics.recorded()).containsExactly("enrolmentLag 1500", "enrolmentLag 1500");
  }

  @Test
  void theLagOfALoginStampedAfterTheClockIsZero() {
    handledLater(new ScriptedCampaigns()).enrolFirstLogin(USER, HANDLED.plusSeconds(3));

    assertThat(metrics.recorded()).containsExactly("enrolmentLag 0");
  }
}
