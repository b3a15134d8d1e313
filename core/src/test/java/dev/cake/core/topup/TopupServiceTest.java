package dev.cake.core.topup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.CakeException;
import dev.cake.core.phone.PhoneNumbers;
import dev.cake.core.promotion.PromotionChanges;
import dev.cake.core.testing.FakeBank;
import dev.cake.core.testing.InMemoryTopupRepository;
import dev.cake.core.testing.NoMetrics;
import dev.cake.core.testing.Unlimited;
import dev.cake.core.voucher.VoucherStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** TopupService's decisions over in-memory ports: replays, voucher outcomes, a key taken by a concurrent request. */
class TopupServiceTest {
  static final long USER = 7;
  static final String PHONE = "+84912345678";
  static final String DECLINING_PHONE = "+84900000402";
  static final String CODE = "CAKE-AAAA1111";
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final InMemoryTopupRepository topups = new InMemoryTopupRepository(clock);
  final FakeBank bank = new FakeBank(DECLINING_PHONE);
  final PhoneNumbers phones = new PhoneNumbers("VN");
  final TopupService service = new TopupService(topups, topups, PromotionChanges.NONE, bank, phones,
      Unlimited.abuseLimits(phones), new NoMetrics(), clock, new dev.cake.core.testing.RecordingAuditLog());

  static TopupForm form(String amount, String code) {
    return new TopupForm(PHONE, new BigDecimal(amount), code, null);
  }

  void voucher(VoucherStatus status) {
    topups.addVoucher(USER, CODE, status, NOW.plus(Duration.ofDays(30)), "30", "50");
  }

  @Test
  void theSameKeyAndBodyReplaysTheAnswerWithoutASecondCharge() {
    voucher(VoucherStatus.ACTIVE);
    var first = service.topup(USER, form("100", CODE), "order-1");
    var again = service.topup(USER, form("100", CODE), " order-1 ");

    assertThat(first.replayed()).isFalse();
    assertThat(first.topup().status()).isEqualTo(TopupStatus.SUCCEEDED);
    assertThat(first.topup().discountAmount()).isEqualByComparingTo("30.00");
    assertThat(again.replayed()).isTrue();
    assertThat(again.topup()).isEqualTo(first.topup());
    assertThat(bank.charges()).isEqualTo(1);
    assertThat(topups.topupCount()).isEqualTo(1);
    assertThat(topups.voucherStatus(CODE)).isEqualTo(VoucherStatus.USED);
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefused() {
    service.topup(USER, form("100", null), "order-2");

    assertThatThrownBy(() -> service.topup(USER, form("101", null), "order-2"))
        .isInstanceOf(CakeException.Refused.class)
        .hasMessage("Idempotency-Key was already used with a different request");
    assertThat(bank.charges()).isEqualTo(1);
  }

  @Test
  void aDeclinedTopUpReplaysAsDeclinedAndTheVoucherIsUsableAgain() {
    voucher(VoucherStatus.ACTIVE);
    var declined = new TopupForm(DECLINING_PHONE, new BigDecimal("100"), CODE, null);

    assertThatThrownBy(() -> service.topup(USER, declined, "order-3"))
        .isInstanceOf(CakeException.PaymentDeclined.class).hasMessage("Payment processing failed");
    assertThat(topups.voucherStatus(CODE)).isEqualTo(VoucherStatus.ACTIVE);
    assertThatThrownBy(() -> service.topup(USER, declined, "order-3"))
        .isInstanceOf(CakeException.PaymentDeclined.class).hasMessage("Payment processing failed");
    assertThat(bank.charges()).isEqualTo(1);
  }

  @Test
  void aKeyWhoseTopUpIsStillPendingIsAConflict() {
    bank.unreachable(true);
    assertThatThrownBy(() -> service.topup(USER, form("100", null), "order-4"))
        .isInstanceOf(CakeException.TemporarilyUnavailable.class)
        .hasMessage("Payment is pending; its result will be settled shortly");

    assertThatThrownBy(() -> service.topup(USER, form("100", null), "order-4"))
        .isInstanceOf(CakeException.StateConflict.class)
        .hasMessage("A request with this Idempotency-Key is still in progress");
    assertThat(bank.charges()).isZero();
  }

  @Test
  void aKeyTakenByAConcurrentRequestReplaysThatRequestsAnswer() {
    voucher(VoucherStatus.ACTIVE);
    var concurrent = new Object() {
      TopupService.Outcome outcome;
    };
    // the concurrent request runs between this request's key lookup (nothing yet) and its reservation
    topups.beforeNextReserve(() -> concurrent.outcome = service.topup(USER, form("100", CODE), "order-5"));

    var outcome = service.topup(USER, form("100", CODE), "order-5");

    assertThat(concurrent.outcome.replayed()).isFalse();
    assertThat(outcome.replayed()).isTrue();
    assertThat(outcome.topup()).isEqualTo(concurrent.outcome.topup());
    assertThat(bank.charges()).isEqualTo(1);
    assertThat(topups.topupCount()).isEqualTo(1);
  }

  @Test
  void aKeyTakenByAConcurrentRequestWithAnotherBodyIsRefused() {
    topups.beforeNextReserve(() -> service.topup(USER, form("100", null), "order-6"));

    assertThatThrownBy(() -> service.topup(USER, form("200", null), "order-6"))
        .isInstanceOf(CakeException.Refused.class)
        .hasMessage("Idempotency-Key was already used with a different request");
    assertThat(bank.charges()).isEqualTo(1);
  }

  @Test
  void aUsedVoucherIsAConflictOnTheVoucherCode() {
    voucher(VoucherStatus.USED);
    assertThatThrownBy(() -> service.topup(USER, form("100", CODE), null))
        .isInstanceOfSatisfying(CakeException.StateConflict.class,
            e -> assertThat(e.field()).isEqualTo("voucherCode"))
        .hasMessage("Voucher is expired or already used");
    assertNothingCharged();
  }

  @Test
  void aVoucherReservedByAnotherTopUpIsAConflict() {
    voucher(VoucherStatus.RESERVED);
    assertThatThrownBy(() -> service.topup(USER, form("100", CODE), null))
        .isInstanceOfSatisfying(CakeException.StateConflict.class,
            e -> assertThat(e.field()).isEqualTo("voucherCode"))
        .hasMessage("Voucher is being used by another top-up");
    assertNothingCharged();
  }

  @Test
  void anExpiredOrCancelledVoucherIsUnprocessable() {
    for (var status : new VoucherStatus[] {VoucherStatus.EXPIRED, VoucherStatus.CANCELLED}) {
      var repository = new InMemoryTopupRepository(clock);
      repository.addVoucher(USER, CODE, status, NOW.plus(Duration.ofDays(1)), "30", "0");
      var other = new TopupService(repository, repository, PromotionChanges.NONE, bank, phones,
          Unlimited.abuseLimits(phones), new NoMetrics(), clock, new dev.cake.core.testing.RecordingAuditLog());
      assertThatThrownBy(() -> other.topup(USER, form("100", CODE), null))
          .isInstanceOf(CakeException.Refused.class).hasMessage("Voucher is expired or already used");
    }
    // still active, but past its expiry: expired
    topups.addVoucher(USER, CODE, VoucherStatus.ACTIVE, NOW, "30", "0");
    assertThatThrownBy(() -> service.topup(USER, form("100", CODE), null))
        .isInstanceOf(CakeException.Refused.class).hasMessage("Voucher is expired or already used");
    assertNothingCharged();
  }

  @Test
  void anUnknownVoucherOrSomeoneElsesIsNotFound() {
    topups.addVoucher(USER + 1, CODE, VoucherStatus.ACTIVE, NOW.plus(Duration.ofDays(1)), "30", "0");
    assertThatThrownBy(() -> service.topup(USER, form("100", CODE), null))
        .isInstanceOf(CakeException.NotFound.class).hasMessage("Invalid voucher code");
    assertThatThrownBy(() -> service.topup(USER, form("100", "CAKE-ZZZZ9999"), null))
        .isInstanceOf(CakeException.NotFound.class).hasMessage("Invalid voucher code");
    assertNothingCharged();
  }

  @Test
  void anAmountBelowTheVouchersMinimumIsRefusedAndTheVoucherStaysUsable() {
    voucher(VoucherStatus.ACTIVE);
    assertThatThrownBy(() -> service.topup(USER, form("49.99", CODE), null))
        .isInstanceOf(CakeException.Refused.class)
        .hasMessage("Minimum top-up amount for this voucher is 50");
    assertThat(topups.voucherStatus(CODE)).isEqualTo(VoucherStatus.ACTIVE);
    assertNothingCharged();
  }

  @Test
  void aVoucherBelowItsMinimumIsRefusedBeforeAnythingIsReserved() {
    voucher(VoucherStatus.ACTIVE);
    var reserveCalled = new boolean[1];
    topups.beforeNextReserve(() -> reserveCalled[0] = true);

    assertThatThrownBy(() -> service.topup(USER, form("49.99", CODE), "order-7"))
        .isInstanceOf(CakeException.Refused.class)
        .hasMessage("Minimum top-up amount for this voucher is 50");

    assertThat(reserveCalled[0]).as("the repository was asked to reserve").isFalse();
    assertThat(topups.voucherOf(USER, CODE).orElseThrow().status()).isEqualTo(VoucherStatus.ACTIVE);
    assertThat(topups.findByIdempotencyKey(USER, "order-7")).isEmpty();
    assertNothingCharged();
  }

  @Test
  void aVoucherReservedByAConcurrentTopUpAfterItWasPricedIsAConflict() {
    voucher(VoucherStatus.ACTIVE);
    bank.unreachable(true); // the concurrent top-up stays pending: its reservation holds the voucher
    // the concurrent request reserves the voucher between this request's pricing (active) and its reservation
    topups.beforeNextReserve(() -> assertThatThrownBy(() -> service.topup(USER, form("100", CODE), null))
        .isInstanceOf(CakeException.TemporarilyUnavailable.class));

    assertThatThrownBy(() -> service.topup(USER, form("200", CODE), null))
        .isInstanceOfSatisfying(CakeException.StateConflict.class,
            e -> assertThat(e.field()).isEqualTo("voucherCode"))
        .hasMessage("Voucher is being used by another top-up");

    assertThat(topups.topupCount()).as("only the concurrent top-up was written").isEqualTo(1);
    assertThat(topups.history(USER, null, 10)).singleElement()
        .satisfies(t -> assertThat(t.originalAmount()).isEqualByComparingTo("100"));
    assertThat(topups.voucherStatus(CODE)).isEqualTo(VoucherStatus.RESERVED);
    assertThat(bank.charges()).isZero();
  }

  void assertNothingCharged() {
    assertThat(bank.charges()).isZero();
    assertThat(topups.topupCount()).isZero();
  }
}
