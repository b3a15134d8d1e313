package dev.cake.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.promotion.EnrolmentService;
import dev.cake.core.promotion.PromotionChanges;
import dev.cake.core.promotion.PromotionRepository;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.core.promotion.UserPromotion;
import dev.cake.core.testing.NoMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FirstLoginHandler is the one owner of an event's completion: it marks the event processed after the enrolment walk,
 * whatever the walk ended with, and only once the walk returned (a failed walk leaves the event to be delivered again).
 */
class FirstLoginHandlerTest {
  static final Instant LOGIN = Instant.parse("2026-01-01T00:00:00Z");
  static final long USER = 7;
  static final long EVENT = 41;

  /** One log of what happened, in order, across the enrolment and the outbox. */
  final List<String> log = new ArrayList<>();

  /** Open campaigns newest first, each answering {@code enrol} as scripted (or failing with {@code failure}). */
  final class ScriptedCampaigns implements PromotionRepository {
    final Map<Long, Enrolment> answers = new LinkedHashMap<>();
    RuntimeException failure;

    ScriptedCampaigns answer(long campaignId, Enrolment answer) {
      answers.put(campaignId, answer);
      return this;
    }

    @Override
    public List<Long> openFirstLoginCampaigns(Instant at) {
      return List.copyOf(answers.keySet());
    }

    @Override
    public Enrolment enrol(long campaignId, long userId, Instant loginAt, String voucherCode, Instant now) {
      log.add("enrol " + campaignId + " " + userId);
      if (failure != null) throw failure;
      return answers.get(campaignId);
    }

    @Override
    public List<UserPromotion> promotionsOf(long userId) {
      return List.of();
    }
  }

  /** Records the completions; the rest of the outbox is not the handler's business. */
  final class RecordingOutbox implements Outbox {
    @Override
    public List<Event> unpublished(Duration olderThan, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Event> unprocessed(Duration olderThan, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void markPublished(long id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void markProcessed(long id) {
      log.add("processed " + id);
    }

    @Override
    public long backlog() {
      throw new UnsupportedOperationException();
    }

    @Override
    public long inFlight() {
      throw new UnsupportedOperationException();
    }
  }

  FirstLoginHandler handler(PromotionRepository promotions) {
    var enrolment = new EnrolmentService(promotions, PromotionChanges.NONE, new NoMetrics(),
        Clock.fixed(LOGIN.plusSeconds(1), ZoneOffset.UTC));
    return new FirstLoginHandler(enrolment, new RecordingOutbox());
  }

  static Event firstLogin() {
    return new Event(EVENT, new FirstLogin(USER, LOGIN), 0, LOGIN, null);
  }

  @Test
  void anEnrolmentIsFollowedByTheMark() {
    var promotions = new ScriptedCampaigns()
        .answer(9, new Enrolment.Closed(9))
        .answer(8, new Enrolment.Enrolled(8, 1, "CAKE-AAAA1111"));

    handler(promotions).handle(firstLogin());

    assertThat(log).containsExactly("enrol 9 7", "enrol 8 7", "processed 41");
  }

  @Test
  void aWalkThatEnrolsNobodyIsMarkedToo() {
    var already = new ScriptedCampaigns().answer(9, new Enrolment.AlreadyEnrolled(5));
    var admin = new ScriptedCampaigns().answer(9, new Enrolment.NotEligible(Enrolment.Reason.ADMIN));
    var allFull = new ScriptedCampaigns().answer(9, new Enrolment.Closed(9)).answer(8, new Enrolment.Closed(8));
    var noneOpen = new ScriptedCampaigns();

    handler(already).handle(firstLogin());
    assertThat(log).containsExactly("enrol 9 7", "processed 41");
    log.clear();
    handler(admin).handle(firstLogin());
    assertThat(log).containsExactly("enrol 9 7", "processed 41");
    log.clear();
    handler(allFull).handle(firstLogin());
    assertThat(log).containsExactly("enrol 9 7", "enrol 8 7", "processed 41");
    log.clear();
    handler(noneOpen).handle(firstLogin());
    assertThat(log).containsExactly("processed 41");
  }

  @Test
  void aPayloadThatIsNotAFirstLoginIsRefusedAndNotMarked() {
    assertThatThrownBy(() -> handler(new ScriptedCampaigns()).handle(new Event(EVENT, null, 0, LOGIN, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(log).isEmpty();
  }

  @Test
  void aRepeatedDeliveryEnrolsNobodyAndIsMarkedAgain() {
    var promotions = new ScriptedCampaigns().answer(9, new Enrolment.Enrolled(9, 1, "CAKE-AAAA1111"));
    handler(promotions).handle(firstLogin());
    // the worker died after the mark was sent, or the relay redelivered: the repeat finds the user enrolled
    promotions.answer(9, new Enrolment.AlreadyEnrolled(9));
    handler(promotions).handle(firstLogin().withAttempts(1));

    assertThat(log).containsExactly("enrol 9 7", "processed 41", "enrol 9 7", "processed 41");
  }

  @Test
  void aFailedWalkLeavesTheEventUnprocessedForTheRetry() {
    var promotions = new ScriptedCampaigns().answer(9, new Enrolment.Enrolled(9, 1, "CAKE-AAAA1111"));
    promotions.failure = new IllegalStateException("database down");

    assertThatThrownBy(() -> handler(promotions).handle(firstLogin())).isSameAs(promotions.failure);

    assertThat(log).containsExactly("enrol 9 7");
  }
}
