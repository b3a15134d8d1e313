package dev.cake.persistence.postgres.voucher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.limits.AbuseLimits;
import dev.cake.core.limits.RateLimitSettings;
import dev.cake.core.limits.RateLimiter;
import dev.cake.core.auth.User;
import dev.cake.core.phone.PhoneNumbers;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.PromotionChanges;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.core.topup.TopupForm;
import dev.cake.core.topup.TopupService;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherCodes;
import dev.cake.core.voucher.VoucherStatus;
import dev.cake.persistence.PersistenceSettings.PaymentSettings;
import dev.cake.bank.SimulatedBankTransferGateway;
import dev.cake.persistence.postgres.promotion.PostgresPromotionRepository;
import dev.cake.persistence.postgres.topup.PostgresTopupRepository;
import dev.cake.telemetry.OtelBusinessMetrics;
import dev.cake.persistence.testing.TestData;
import dev.cake.persistence.testing.TestPersistence;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Voucher expiry decided by the injected clock, against real PostgreSQL: moving the clock past a voucher's expiry
 * (no sleeping) makes a top-up refuse it at once, and the expiry job turn it, and its promotion, expired.
 */
class PostgresVoucherRepositoryTest {
  static final String PHONE = "+84912345678";

  static TestPersistence db;
  static TestData data;
  static PostgresPromotionRepository promotions;
  static PostgresVoucherRepository vouchers;
  static PostgresTopupRepository topups;
  static SimulatedBankTransferGateway bank;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    data = new TestData(db.jdbi);
    promotions = new PostgresPromotionRepository(db.jdbi);
    vouchers = new PostgresVoucherRepository(db.jdbi);
    topups = new PostgresTopupRepository(db.jdbi);
    bank = new SimulatedBankTransferGateway(new PaymentSettings(Duration.ZERO, 0), db.jdbi);
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  /** The top-up service as the API builds it, with abuse limits off, reading the time from {@code clock}. */
  static TopupService topupService(Clock clock) {
    var phones = new PhoneNumbers("VN");
    var off = new RateLimitSettings(false, null, null, null, null, null, null, false);
    var noLimits = new AbuseLimits(new RateLimiter() {
      @Override
      public Optional<Duration> take(Limit limit, String key) {
        return Optional.empty();
      }

      @Override
      public void refund(Limit limit, String key) {}
    }, off, phones, TestData.audit(db.jdbi));
    return new TopupService(topups, vouchers, PromotionChanges.NONE, bank, phones, noLimits,
        new OtelBusinessMetrics(), clock, TestData.audit(db.jdbi));
  }

  /** A user enrolled at {@code issuedAt} in a campaign whose vouchers are valid for 30 days. */
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

  static String promotionStatus(Voucher voucher) {
    return db.jdbi.withHandle(h -> h.createQuery(
            "SELECT p.status FROM user_promotions p JOIN vouchers v ON v.user_promotion_id = p.id WHERE v.id = ?")
        .bind(0, voucher.id()).mapTo(String.class).one());
  }

  static long topupsOf(Voucher voucher) {
    return db.jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM topups WHERE user_id = ?")
        .bind(0, voucher.userId()).mapTo(Long.class).one());
  }

  @Test
  void movingTheClockPastAVouchersExpiryExpiresItWithoutWaitingAndATopUpRefusesIt() {
    Instant issued = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Voucher voucher = voucherIssuedAt(issued);
    assertThat(voucher.expiresAt()).isEqualTo(issued.plus(Duration.ofDays(30)));

    // a day before its expiry: the job leaves it, and it reads as usable
    Clock dayBefore = Clock.fixed(voucher.expiresAt().minus(Duration.ofDays(1)), ZoneOffset.UTC);
    assertThat(vouchers.expire(dayBefore.instant())).doesNotContain(voucher.userId());
    assertThat(vouchers.voucherOf(voucher.userId(), voucher.code()).orElseThrow().isValid(dayBefore.instant()))
        .isTrue();

    // the clock moves to its expiry: before the job runs, a top-up already reads it as expired and refuses it
    Clock atExpiry = Clock.fixed(voucher.expiresAt(), ZoneOffset.UTC);
    TopupService late = topupService(atExpiry);
    var form = new TopupForm(PHONE, new BigDecimal("100"), voucher.code(), null);
    assertThatThrownBy(() -> late.topup(voucher.userId(), form, null))
        .isInstanceOf(CakeException.Refused.class).hasMessage("Voucher is expired or already used");
    assertThat(vouchers.voucherOf(voucher.userId(), voucher.code()).orElseThrow().status())
        .as("reads never write").isEqualTo(VoucherStatus.ACTIVE);

    // the expiry job at that time: the voucher and its promotion expire, its owner named once
    assertThat(vouchers.expire(atExpiry.instant())).containsOnlyOnce(voucher.userId());
    assertThat(vouchers.voucherOf(voucher.userId(), voucher.code()).orElseThrow().status())
        .isEqualTo(VoucherStatus.EXPIRED);
    assertThat(promotionStatus(voucher)).isEqualTo("expired");
    assertThat(vouchers.expire(atExpiry.instant())).as("a second run changes nothing")
        .doesNotContain(voucher.userId());

    // expired for good, whatever the clock now says
    assertThatThrownBy(() -> topupService(dayBefore).topup(voucher.userId(), form, null))
        .isInstanceOf(CakeException.Refused.class).hasMessage("Voucher is expired or already used");
    assertThat(topupsOf(voucher)).isZero();
  }

  @Test
  void aVoucherUsedOrReservedIsNotExpiredByTheJob() {
    Instant issued = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Voucher used = voucherIssuedAt(issued);
    Voucher reserved = voucherIssuedAt(issued);
    Clock inTime = Clock.fixed(issued.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    var outcome = topupService(inTime).topup(used.userId(),
        new TopupForm(PHONE, new BigDecimal("100"), used.code(), null), null);
    assertThat(outcome.topup().discountAmount()).isEqualByComparingTo("30.00");
    assertThat(outcome.topup().updatedAt()).as("settled at the clock's time").isEqualTo(inTime.instant());
    db.jdbi.useHandle(h -> h.execute("UPDATE vouchers SET status = 'reserved', reserved_at = ? WHERE id = ?",
        inTime.instant(), reserved.id()));

    Instant pastExpiry = issued.plus(Duration.ofDays(31));
    assertThat(vouchers.expire(pastExpiry)).doesNotContain(used.userId(), reserved.userId());
    assertThat(vouchers.voucherOf(used.userId(), used.code()).orElseThrow())
        .satisfies(v -> assertThat(v.status()).isEqualTo(VoucherStatus.USED))
        .satisfies(v -> assertThat(v.usedAt()).isEqualTo(inTime.instant()));
    assertThat(vouchers.voucherOf(reserved.userId(), reserved.code()).orElseThrow().status())
        .isEqualTo(VoucherStatus.RESERVED);
    // leave nothing reserved behind for the recovery tests
    db.jdbi.useHandle(h -> h.execute("UPDATE vouchers SET status = 'active', reserved_at = NULL WHERE id = ?",
        reserved.id()));
  }
}
