package dev.cake.persistence.postgres.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.User;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.EnrolmentService;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.persistence.testing.TestData;
import dev.cake.persistence.testing.TestPersistence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN §4 "Enrolment" under real concurrency against PostgreSQL: exactly N vouchers, whatever happens. */
class EnrolmentConcurrencyTest {
  static TestPersistence db;
  static TestData data;
  static PostgresPromotionRepository promotions;
  static EnrolmentService enrolment;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    data = new TestData(db.jdbi);
    promotions = new PostgresPromotionRepository(db.jdbi);
    enrolment = new EnrolmentService(promotions, new dev.cake.persistence.telemetry.OtelBusinessMetrics(),
        java.time.Clock.systemUTC());
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  /** Runs every task at once on virtual threads and returns their results. */
  static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
    var start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
    }
    List<T> results = new ArrayList<>();
    for (var f : futures) results.add(f.get());
    return results;
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
              dev.cake.core.promotion.VoucherCodes.next(), java.util.OptionalLong.empty()))
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
              dev.cake.core.promotion.VoucherCodes.next(), java.util.OptionalLong.empty()))
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

  @Test
  void oneFirstLoginJoinsEveryOpenCampaignAtOnce() throws Exception {
    Campaign a = data.campaign(30);
    Campaign b = data.campaign(20);
    try {
      List<User> users = IntStream.range(0, 60).mapToObj(i -> data.user()).toList();
      Instant loginAt = Instant.now();
      concurrently(users.stream()
          .map(u -> (Callable<List<Enrolment>>) () -> enrolment.enrolFirstLogin(u.id(), loginAt, 0)).toList());

      assertThat(count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", a.id())).isEqualTo(30);
      assertThat(count("SELECT count(*) FROM vouchers WHERE campaign_id = ?", b.id())).isEqualTo(20);
      // repeating every first login changes nothing
      concurrently(users.stream()
          .map(u -> (Callable<List<Enrolment>>) () -> enrolment.enrolFirstLogin(u.id(), loginAt, 0)).toList());
      assertThat(count("SELECT count(*) FROM vouchers WHERE campaign_id IN (?, ?)", a.id(), b.id())).isEqualTo(50);
    } finally {
      data.end(a.id());
      data.end(b.id());
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
    new PostgresCampaignRepository(db.jdbi).changeStatus(paused.id(),
        dev.cake.core.promotion.CampaignStatus.ACTIVE, dev.cake.core.promotion.CampaignStatus.INACTIVE);
    try {
      User user = data.user();
      for (Campaign c : List.of(future, past, paused)) {
        assertThat(promotions.enrol(c.id(), user.id(), now, dev.cake.core.promotion.VoucherCodes.next(),
            java.util.OptionalLong.empty()))
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
