package dev.cake.persistence.postgres.promotion;

import static dev.cake.persistence.testing.StartGate.concurrently;
import dev.cake.persistence.Json;
import dev.cake.persistence.PersistenceModule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.User;
import dev.cake.core.event.Event;
import dev.cake.core.event.FirstLogin;
import dev.cake.core.event.FirstLoginHandler;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.EnrolmentService;
import dev.cake.core.promotion.PromotionChanges;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.persistence.postgres.event.OutboxDao;
import dev.cake.persistence.postgres.event.PostgresOutbox;
import dev.cake.persistence.testing.TestData;
import dev.cake.persistence.testing.TestPersistence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md "First-login enrolment" under real concurrency against PostgreSQL: exactly N vouchers, whatever
 * happens; one campaign per user (the newest with a free slot), never an admin. Every test ends its campaigns: the
 * tests of a run share one database, and an open campaign would take the next test's first logins.
 */
class EnrolmentConcurrencyTest {
  static TestPersistence db;
  static TestData data;
  static PostgresPromotionRepository promotions;
  static EnrolmentService enrolment;
  static FirstLoginHandler handler;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    data = new TestData(db.jdbi);
    promotions = new PostgresPromotionRepository(db.jdbi);
    enrolment = new EnrolmentService(promotions, PromotionChanges.NONE,
        new dev.cake.telemetry.OtelBusinessMetrics(), Clock.systemUTC());
    handler = new FirstLoginHandler(enrolment,
        new PostgresOutbox(db.jdbi, new Json(PersistenceModule.storageMapper()), Clock.systemUTC()));
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  long count(String sql, Object... args) {
    return db.jdbi.withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) q.bind(i, args[i]);
      return q.mapTo(Long.class).one();
    });
  }

  @Test
  void fiveHundredConcurrentEnrolmentsIntoAHundredSlotsIssueExactlyAHundredVouchers() throws Exception {
    Campaign campaign = data.campaign(100);
    try {
      List<User> users = IntStream.range(0, 500).mapToObj(i -> data.user()).toList();
      Instant loginAt = Instant.now();
      List<Callable<Enrolment>> tasks = users.stream()
          .map(u -> (Callable<Enrolment>) () -> promotions.enrol(campaign.id(), u.id(), loginAt,
              dev.cake.core.voucher.VoucherCodes.next(), Instant.now()))
          .toList();
      List<Enrolment> results = concurrently(tasks);

      assertThat(results.stream().filter(r -> r instanceof Enrolment.Enrolled).count()).isEqualTo(100);
      assertThat(results.stream().filter(r -> r instanceof Enrolment.Closed).count()).isEqualTo(400);
      assertThat(count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", campaign.id())).isEqualTo(100);
      assertThat(count("SELECT count(DISTINCT user_id) FROM user_promotions WHERE campaign_id = ?", campaign.id()))
          .isEqualTo(100);
      List<Integer> orders = db.jdbi.withHandle(h -> h.createQuery(
              "SELECT participation_order FROM user_promotions WHERE campaign_id = ? ORDER BY 1")
          .bind(0, campaign.id()).mapTo(Integer.class).list());
      assertThat(orders).containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
      var after = db.jdbi.withHandle(h -> h.createQuery(
              "SELECT status || ':' || current_participants FROM campaigns WHERE id = ?")
          .bind(0, campaign.id()).mapTo(String.class).one());
      assertThat(after).isEqualTo("full:100");
    } finally {
      data.end(campaign.id());
    }
  }

  @Test
  void fiftyConcurrentRepeatsOfOneUserGiveOneRow() throws Exception {
    Campaign campaign = data.campaign(10);
    try {
      User user = data.user();
      Instant loginAt = Instant.now();
      List<Callable<Enrolment>> tasks = IntStream.range(0, 50)
          .mapToObj(i -> (Callable<Enrolment>) () -> promotions.enrol(campaign.id(), user.id(), loginAt,
              dev.cake.core.voucher.VoucherCodes.next(), Instant.now()))
          .toList();
      List<Enrolment> results = concurrently(tasks);

      assertThat(results.stream().filter(r -> r instanceof Enrolment.Enrolled).count()).isEqualTo(1);
      assertThat(results.stream().filter(r -> r instanceof Enrolment.AlreadyEnrolled).count()).isEqualTo(49);
      assertThat(count("SELECT count(*) FROM user_promotions WHERE campaign_id = ?", campaign.id())).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", campaign.id())).isEqualTo(1);
      assertThat(count("SELECT current_participants FROM campaigns WHERE id = ?", campaign.id())).isEqualTo(1);
    } finally {
      data.end(campaign.id());
    }
  }

  /** Exactly {@code n} vouchers with orders 1..n, and the campaign full. */
  void assertFull(Campaign campaign, int n) {
    assertTaken(campaign, n);
    assertThat(status(campaign)).isEqualTo("full:" + n);
  }

  void assertTaken(Campaign campaign, int n) {
    assertThat(count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", campaign.id())).isEqualTo(n);
    List<Integer> orders = db.jdbi.withHandle(h -> h.createQuery(
            "SELECT participation_order FROM user_promotions WHERE campaign_id = ? ORDER BY 1")
        .bind(0, campaign.id()).mapTo(Integer.class).list());
    assertThat(orders).containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
  }

  String status(Campaign campaign) {
    return db.jdbi.withHandle(h -> h.createQuery(
            "SELECT status || ':' || current_participants FROM campaigns WHERE id = ?")
        .bind(0, campaign.id()).mapTo(String.class).one());
  }

  static String ids(List<User> users) {
    return users.stream().map(u -> String.valueOf(u.id())).collect(Collectors.joining(","));
  }

  /** A first-login event in the outbox, unpublished and unprocessed, as a login writes it. */
  Event firstLoginEvent(long userId, Instant loginAt) {
    var row = db.jdbi.onDemand(OutboxDao.class).insert(FirstLogin.TOPIC,
        "{\"userId\": " + userId + ", \"loginAt\": \"" + loginAt + "\"}", null, loginAt);
    return new Event(row.id(), new FirstLogin(userId, loginAt), 0, Instant.now(), null);
  }

  static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
    return rs.getObject(column, java.time.OffsetDateTime.class).toInstant();
  }

  boolean processed(Event event) {
    return count("SELECT count(*) FROM outbox WHERE id = ? AND processed_at IS NOT NULL", event.id()) == 1;
  }

  @Test
  void overlappingCampaignsFillNewestFirstAndNobodyTakesPartTwice() throws Exception {
    Campaign oldest = data.campaign(40);
    Campaign middle = data.campaign(100);
    Campaign newest = data.campaign(50);
    try {
      Instant loginAt = Instant.now();
      assertThat(promotions.openFirstLoginCampaigns(loginAt)).as("newest first; no other campaign open")
          .containsExactly(newest.id(), middle.id(), oldest.id());
      List<User> users = IntStream.range(0, 200).mapToObj(i -> data.user()).toList();
      List<List<Enrolment>> walks = concurrently(users.stream()
          .map(u -> (Callable<List<Enrolment>>) () -> enrolment.enrolFirstLogin(u.id(), loginAt)).toList());

      // the newest fills first, then the next: 50 + 100 + 40 of 200, and ten find every campaign full
      assertFull(newest, 50);
      assertFull(middle, 100);
      assertFull(oldest, 40);
      assertThat(count("SELECT count(*) FROM user_promotions WHERE user_id IN (" + ids(users) + ")")).isEqualTo(190);
      assertThat(count("SELECT count(DISTINCT user_id) FROM vouchers WHERE user_id IN (" + ids(users) + ")"))
          .isEqualTo(190);
      assertThat(count("SELECT count(*) FROM vouchers WHERE user_id IN (" + ids(users) + ")")).isEqualTo(190);
      // each walk went newest first and stopped at its enrolment
      assertThat(walks).filteredOn(w -> w.size() == 1 && w.getLast() instanceof Enrolment.Enrolled e
          && e.campaignId() == newest.id()).hasSize(50);
      assertThat(walks).filteredOn(w -> w.size() == 2 && w.getFirst().equals(new Enrolment.Closed(newest.id()))
          && w.getLast() instanceof Enrolment.Enrolled e && e.campaignId() == middle.id()).hasSize(100);
      assertThat(walks).filteredOn(w -> w.size() == 3 && w.getLast() instanceof Enrolment.Enrolled e
          && e.campaignId() == oldest.id()).hasSize(40);
      assertThat(walks).filteredOn(w -> !EnrolmentService.enrolled(w)).hasSize(10).allSatisfy(w -> assertThat(w)
          .containsExactly(new Enrolment.Closed(newest.id()), new Enrolment.Closed(middle.id()),
              new Enrolment.Closed(oldest.id())));

      // a new campaign opens, and every first login is delivered again, all at once: whoever takes part stays where
      // it is (one campaign per user); only the ten who got nothing join the new one
      Campaign fresh = data.campaign(500);
      try {
        List<List<Enrolment>> repeats = concurrently(users.stream()
            .map(u -> (Callable<List<Enrolment>>) () -> enrolment.enrolFirstLogin(u.id(), loginAt)).toList());
        assertThat(repeats).filteredOn(w -> w.size() == 1 && w.getFirst() instanceof Enrolment.AlreadyEnrolled)
            .hasSize(190);
        assertThat(repeats).filteredOn(EnrolmentService::enrolled).hasSize(10);
        assertTaken(fresh, 10);
        assertThat(count("SELECT count(*) FROM vouchers WHERE user_id IN (" + ids(users) + ")")).isEqualTo(200);
        assertThat(count("SELECT count(DISTINCT user_id) FROM vouchers WHERE user_id IN (" + ids(users) + ")"))
            .isEqualTo(200);
        assertFull(newest, 50);
        assertFull(middle, 100);
        assertFull(oldest, 40);
      } finally {
        data.end(fresh.id());
      }
    } finally {
      data.end(oldest.id());
      data.end(middle.id());
      data.end(newest.id());
    }
  }

  @Test
  void oneUserEnrollingTwentyTimesAtOnceWhileTheNewestFillsTakesPartOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      Campaign older = data.campaign(10);
      Campaign newest = data.campaign(5);
      try {
        User user = data.user();
        List<User> others = IntStream.range(0, 10).mapToObj(i -> data.user()).toList();
        Instant loginAt = Instant.now();
        List<Callable<List<Enrolment>>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) tasks.add(() -> enrolment.enrolFirstLogin(user.id(), loginAt));
        for (User o : others) tasks.add(() -> enrolment.enrolFirstLogin(o.id(), loginAt));
        Collections.shuffle(tasks);
        List<List<Enrolment>> walks = concurrently(tasks);

        assertThat(count("SELECT count(*) FROM user_promotions WHERE user_id = ?", user.id())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM vouchers WHERE user_id = ?", user.id())).isEqualTo(1);
        assertThat(walks).filteredOn(EnrolmentService::enrolled).as("11 users, 15 slots").hasSize(11);
        assertFull(newest, 5);
        assertTaken(older, 6);
        assertThat(status(older)).isEqualTo("active:6");
      } finally {
        data.end(older.id());
        data.end(newest.id());
      }
    }
  }

  @Test
  void concurrentEnrolmentsOfOneUserIntoTwoCampaignsEnrolOnce() throws Exception {
    Campaign a = data.campaign(10);
    Campaign b = data.campaign(10);
    try {
      User user = data.user();
      Instant loginAt = Instant.now();
      List<Enrolment> results = concurrently(IntStream.range(0, 50)
          .mapToObj(i -> (Callable<Enrolment>) () -> promotions.enrol(i % 2 == 0 ? a.id() : b.id(), user.id(),
              loginAt, dev.cake.core.voucher.VoucherCodes.next(), Instant.now()))
          .toList());

      var enrolled = results.stream().filter(r -> r instanceof Enrolment.Enrolled).toList();
      assertThat(enrolled).hasSize(1);
      long winner = ((Enrolment.Enrolled) enrolled.getFirst()).campaignId();
      assertThat(results).filteredOn(r -> r.equals(new Enrolment.AlreadyEnrolled(winner))).hasSize(49);
      assertThat(count("SELECT count(*) FROM user_promotions WHERE user_id = ?", user.id())).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM vouchers WHERE user_id = ?", user.id())).isEqualTo(1);
      assertThat(count("SELECT sum(current_participants) FROM campaigns WHERE id IN (?, ?)", a.id(), b.id()))
          .isEqualTo(1);
    } finally {
      data.end(a.id());
      data.end(b.id());
    }
  }

  @Test
  void anAdminsFirstLoginEnrolsNothingAndItsEventIsProcessed() {
    Campaign campaign = data.campaign(5);
    try {
      User admin = data.admin();
      Instant loginAt = Instant.now();
      Event event = firstLoginEvent(admin.id(), loginAt);

      assertThat(enrolment.enrolFirstLogin(admin.id(), loginAt))
          .containsExactly(new Enrolment.NotEligible(Enrolment.Reason.ADMIN));
      assertThat(processed(event)).as("the walk never marks: the handler does, after it").isFalse();
      handler.handle(event);
      assertThat(processed(event)).isTrue();
      assertThat(count("SELECT count(*) FROM user_promotions WHERE user_id = ?", admin.id())).isZero();
      assertThat(status(campaign)).isEqualTo("active:0");
    } finally {
      data.end(campaign.id());
    }
  }

  @Test
  void anEnrolmentLeavesItsEventToTheHandlerWhichMarksItAfterwards() {
    Campaign campaign = data.campaign(5);
    try {
      User user = data.user();
      Instant loginAt = Instant.now();
      Event event = firstLoginEvent(user.id(), loginAt);

      assertThat(enrolment.enrolFirstLogin(user.id(), loginAt)).singleElement()
          .isInstanceOf(Enrolment.Enrolled.class);
      assertThat(processed(event)).as("the enrolment's transaction does not complete the event").isFalse();
      handler.handle(event); // the delivery: the repeated walk is a no-op, then the mark
      assertThat(processed(event)).isTrue();
      assertThat(count("SELECT count(*) FROM vouchers WHERE user_id = ?", user.id())).isEqualTo(1);
      assertThat(status(campaign)).isEqualTo("active:1");
    } finally {
      data.end(campaign.id());
    }
  }

  @Test
  void theVoucherIsIssuedAtTheTimeTheCallerBindsAndExpiresItsValidityLater() {
    Campaign campaign = data.campaign(5); // 30 days of validity
    try {
      User user = data.user();
      Instant issued = Instant.parse("2026-03-04T05:06:07.123456Z"); // not the database's now()

      assertThat(promotions.enrol(campaign.id(), user.id(), Instant.now(),
          dev.cake.core.voucher.VoucherCodes.next(), issued)).isInstanceOf(Enrolment.Enrolled.class);

      List<Instant> times = db.jdbi.withHandle(h -> h.createQuery(
              "SELECT v.issued_at, v.expires_at, p.voucher_issued_at FROM vouchers v"
                  + " JOIN user_promotions p ON p.id = v.user_promotion_id WHERE v.user_id = ?")
          .bind(0, user.id())
          .map((rs, ctx) -> List.of(instant(rs, 1), instant(rs, 2), instant(rs, 3))).one());
      assertThat(times).containsExactly(issued, issued.plus(Duration.ofDays(30)), issued);
    } finally {
      data.end(campaign.id());
    }
  }

  @Test
  void aUserWhoTakesPartInAnOlderCampaignIsNotEnrolledInANewerOne() {
    Campaign older = data.campaign(5);
    Campaign newer = null;
    try {
      User user = data.user();
      Instant loginAt = Instant.now();
      Event first = firstLoginEvent(user.id(), loginAt);
      handler.handle(first);
      assertThat(processed(first)).isTrue();
      assertThat(status(older)).isEqualTo("active:1");

      newer = data.campaign(5); // opened afterwards, with free slots
      Event repeated = firstLoginEvent(user.id(), loginAt);
      assertThat(enrolment.enrolFirstLogin(user.id(), loginAt))
          .containsExactly(new Enrolment.AlreadyEnrolled(older.id()));
      handler.handle(repeated);
      assertThat(processed(repeated)).isTrue();
      data.end(older.id()); // also once the older campaign has ended
      assertThat(enrolment.enrolFirstLogin(user.id(), Instant.now()))
          .containsExactly(new Enrolment.AlreadyEnrolled(older.id()));

      assertThat(count("SELECT count(*) FROM user_promotions WHERE user_id = ?", user.id())).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM vouchers WHERE user_id = ?", user.id())).isEqualTo(1);
      assertThat(status(newer)).isEqualTo("active:0");
    } finally {
      data.end(older.id());
      if (newer != null) data.end(newer.id());
    }
  }

  @Test
  void campaignsOutsideTheirWindowOrPausedEnrolNobody() {
    Instant now = Instant.now();
    Campaign future = data.campaign(10, new java.math.BigDecimal("10.00"), java.math.BigDecimal.ZERO, null,
        now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    Campaign past = data.campaign(10, new java.math.BigDecimal("10.00"), java.math.BigDecimal.ZERO, null,
        now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    Campaign paused = data.campaign(10);
    new PostgresCampaignRepository(db.jdbi, Clock.systemUTC(), TestData.audit(db.jdbi)).changeStatus(paused.id(),
        dev.cake.core.promotion.CampaignStatus.ACTIVE, dev.cake.core.promotion.CampaignStatus.INACTIVE);
    try {
      User user = data.user();
      for (Campaign c : List.of(future, past, paused)) {
        assertThat(promotions.enrol(c.id(), user.id(), now, dev.cake.core.voucher.VoucherCodes.next(), now))
            .isEqualTo(new Enrolment.Closed(c.id()));
      }
      assertThat(promotions.openFirstLoginCampaigns(now)).doesNotContain(future.id(), past.id(), paused.id());
      assertThat(count("SELECT count(*) FROM user_promotions WHERE user_id = ?", user.id())).isZero();
    } finally {
      data.end(future.id());
      data.end(past.id());
      data.end(paused.id());
    }
  }
}
