package dev.cake.persistence.postgres.topup;

import static dev.cake.persistence.testing.StartGate.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.User;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.core.topup.TopupRepository.PendingTopup;
import dev.cake.core.topup.TopupRepository.Reservation;
import dev.cake.core.topup.TopupRequest;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherCodes;
import dev.cake.core.voucher.VoucherStatus;
import dev.cake.persistence.postgres.promotion.PostgresPromotionRepository;
import dev.cake.persistence.postgres.voucher.PostgresVoucherRepository;
import dev.cake.persistence.testing.TestData;
import dev.cake.persistence.testing.TestPersistence;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Transaction 1 of a top-up against real PostgreSQL: core priced the top-up from a voucher it read as active; the
 * reservation claims the voucher only if it is still active and unexpired at the top-up's time, and otherwise writes
 * nothing (docs/ARCHITECTURE.md, "Top-up").
 */
class PostgresTopupRepositoryTest {
  static final BigDecimal AMOUNT = new BigDecimal("100.00");

  static TestPersistence db;
  static TestData data;
  static PostgresPromotionRepository promotions;
  static PostgresVoucherRepository vouchers;
  static PostgresTopupRepository topups;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    data = new TestData(db.jdbi);
    promotions = new PostgresPromotionRepository(db.jdbi);
    vouchers = new PostgresVoucherRepository(db.jdbi);
    topups = new PostgresTopupRepository(db.jdbi);
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  /** A user holding one active voucher (30% off, no minimum, 30 days), issued at {@code issuedAt}. */
  static Voucher voucherIssuedAt(Instant issuedAt) {
    Campaign campaign = data.campaign(5);
    User user = data.user();
    try {
      var enrolled = (Enrolment.Enrolled) promotions.enrol(campaign.id(), user.id(), Instant.now(),
          VoucherCodes.next(), issuedAt);
      return vouchers.voucherOf(user.id(), enrolled.voucherCode()).orElseThrow();
    } finally {
      data.end(campaign.id());
    }
  }

  /** A top-up with {@code voucher}, priced by core from the voucher as read (active) at {@code at}. */
  static PendingTopup priced(Voucher voucher, String key, Instant at) {
    String tx = "TXN-" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
    return TestData.priced(new TopupRequest(voucher.userId(), "+84912345678", AMOUNT, voucher.code(),
        "bank_transfer"), voucher, tx, key, key == null ? null : "h".repeat(64), at);
  }

  static long count(String sql, Object... args) {
    return db.jdbi.withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) q.bind(i, args[i]);
      return q.mapTo(Long.class).one();
    });
  }

  static Instant reservedAt(Voucher voucher) {
    return db.jdbi.withHandle(h -> h.createQuery("SELECT reserved_at FROM vouchers WHERE id = ?")
        .bind(0, voucher.id()).mapTo(Instant.class).one());
  }

  @Test
  void aVoucherReservedByAConcurrentTopUpSincePricingIsUnavailableAndNothingIsWritten() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Voucher voucher = voucherIssuedAt(now);
    // both requests read the voucher as active and priced their top-ups from it
    PendingTopup first = priced(voucher, "order-a", now);
    PendingTopup second = priced(voucher, "order-b", now.plusMillis(5));
    assertThat(first.voucherId()).isEqualTo(second.voucherId()).isEqualTo(voucher.id());
    assertThat(second.discount()).isEqualByComparingTo("30.00");

    var won = topups.reserve(first);
    var lost = topups.reserve(second);

    assertThat(won).isInstanceOfSatisfying(Reservation.Reserved.class,
        r -> assertThat(r.pending().transactionId()).isEqualTo(first.transactionId()));
    assertThat(lost).isEqualTo(new Reservation.VoucherUnavailable(VoucherStatus.RESERVED));
    assertThat(count("SELECT count(*) FROM topups WHERE user_id = ?", voucher.userId())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM topups WHERE transaction_id = ?", second.transactionId())).isZero();
    assertThat(topups.findByIdempotencyKey(voucher.userId(), "order-b")).as("its key stays free").isEmpty();
    assertThat(topups.findByIdempotencyKey(voucher.userId(), "order-a")).isPresent();
    assertThat(vouchers.voucherOf(voucher.userId(), voucher.code()).orElseThrow().status())
        .isEqualTo(VoucherStatus.RESERVED);
    assertThat(reservedAt(voucher)).as("still the first reservation's").isEqualTo(now);
  }

  @Test
  void twentyTopUpsPricedFromOneVoucherAtOnceReserveItOnce() throws Exception {
    Instant now = Instant.now();
    Voucher voucher = voucherIssuedAt(now);
    List<PendingTopup> requests = IntStream.range(0, 20).mapToObj(i -> priced(voucher, "race-" + i, now)).toList();

    List<Reservation> results = concurrently(requests.stream()
        .map(p -> (java.util.concurrent.Callable<Reservation>) () -> topups.reserve(p)).toList());

    assertThat(results).filteredOn(r -> r instanceof Reservation.Reserved).hasSize(1);
    assertThat(results).filteredOn(new Reservation.VoucherUnavailable(VoucherStatus.RESERVED)::equals).hasSize(19);
    assertThat(count("SELECT count(*) FROM topups WHERE user_id = ?", voucher.userId())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM topups WHERE voucher_id = ? AND status = 'pending'", voucher.id()))
        .isEqualTo(1);
  }

  @Test
  void aVoucherPastItsExpiryAtTheTopUpsTimeIsUnavailableAsExpiredAndNothingIsWritten() {
    Instant issued = Instant.now().minus(Duration.ofDays(30)).plusSeconds(60); // expires in a minute
    Voucher voucher = voucherIssuedAt(issued);
    Instant later = voucher.expiresAt(); // expires_at > :now is false from this instant on

    assertThat(topups.reserve(priced(voucher, "late", later)))
        .isEqualTo(new Reservation.VoucherUnavailable(VoucherStatus.EXPIRED));
    assertThat(count("SELECT count(*) FROM topups WHERE user_id = ?", voucher.userId())).isZero();
    assertThat(vouchers.voucherOf(voucher.userId(), voucher.code()).orElseThrow().status())
        .as("still active: only the expiry job writes expired").isEqualTo(VoucherStatus.ACTIVE);
    assertThat(reservedAt(voucher)).isNull();

    // a moment earlier, the same priced top-up reserves it, stamped with the top-up's time
    Instant before = later.minusMillis(1);
    assertThat(topups.reserve(priced(voucher, "in-time", before))).isInstanceOf(Reservation.Reserved.class);
    assertThat(reservedAt(voucher)).isEqualTo(before);
  }

  @Test
  void aKeyTakenByAnEarlierTopUpGivesTheVoucherBack() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    User user = data.user();
    var plain = TestData.priced(new TopupRequest(user.id(), "+84912345678", AMOUNT, null, "bank_transfer"), null,
        "TXN-" + UUID.randomUUID().toString().replace("-", "").toUpperCase(), "same-key", "h".repeat(64), now);
    assertThat(topups.reserve(plain)).isInstanceOf(Reservation.Reserved.class);
    // the same user's voucher, then a top-up with it that reuses the key
    Campaign campaign = data.campaign(5);
    Voucher voucher;
    try {
      var enrolled = (Enrolment.Enrolled) promotions.enrol(campaign.id(), user.id(), now, VoucherCodes.next(), now);
      voucher = vouchers.voucherOf(user.id(), enrolled.voucherCode()).orElseThrow();
    } finally {
      data.end(campaign.id());
    }

    assertThat(topups.reserve(priced(voucher, "same-key", now))).isEqualTo(new Reservation.KeyTaken());
    assertThat(count("SELECT count(*) FROM topups WHERE user_id = ?", user.id())).isEqualTo(1);
    assertThat(vouchers.voucherOf(user.id(), voucher.code()).orElseThrow().status())
        .as("the reservation was rolled back with the insert").isEqualTo(VoucherStatus.ACTIVE);
    assertThat(reservedAt(voucher)).isNull();
  }
}
