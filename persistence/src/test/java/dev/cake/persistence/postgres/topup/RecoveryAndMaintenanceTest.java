package dev.cake.persistence.postgres.topup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.User;
import dev.cake.persistence.PersistenceSettings.PaymentSettings;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.PromotionChanges;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.core.voucher.VoucherCodes;
import dev.cake.core.topup.PaymentGateway;
import dev.cake.core.topup.Topup;
import dev.cake.core.topup.TopupRecovery;
import dev.cake.core.topup.Settlement;
import dev.cake.core.topup.TopupRepository.PendingTopup;
import dev.cake.core.topup.TopupRepository.Reservation;
import dev.cake.core.topup.TopupRequest;
import dev.cake.bank.SimulatedBankTransferGateway;
import dev.cake.persistence.postgres.promotion.PostgresCampaignRepository;
import dev.cake.persistence.postgres.promotion.PostgresPromotionRepository;
import dev.cake.persistence.postgres.voucher.PostgresVoucherRepository;
import dev.cake.persistence.testing.TestData;
import dev.cake.persistence.testing.TestPersistence;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the worker's scheduled jobs do, against real PostgreSQL and Redis: recovery, expiry, key pruning. */
class RecoveryAndMaintenanceTest {
  static TestPersistence db;
  static TestData data;
  static PostgresPromotionRepository promotions;
  static PostgresTopupRepository topups;
  static PostgresVoucherRepository vouchers;
  static SimulatedBankTransferGateway bank;
  static TopupRecovery recovery;
  static final BigDecimal AMOUNT = new BigDecimal("100.00");

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    data = new TestData(db.jdbi);
    promotions = new PostgresPromotionRepository(db.jdbi);
    topups = new PostgresTopupRepository(db.jdbi);
    vouchers = new PostgresVoucherRepository(db.jdbi);
    bank = new SimulatedBankTransferGateway(new PaymentSettings(Duration.ZERO, 0), db.jdbi);
    recovery = new TopupRecovery(topups, bank, PromotionChanges.NONE, Clock.systemUTC());
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  record Holder(User user, String code, Campaign campaign) {}

  static Holder voucherHolder() {
    Campaign campaign = data.campaign(5);
    User user = data.user();
    var enrolled = (Enrolment.Enrolled) promotions.enrol(campaign.id(), user.id(), Instant.now(), VoucherCodes.next(),
        Instant.now());
    data.end(campaign.id());
    return new Holder(user, enrolled.voucherCode(), campaign);
  }

  static Topup reserveAndAbandon(Holder h, String tx) {
    Topup pending = reserved(topups.reserve(withVoucher(h, tx, Instant.now())));
    // the API died here: backdate the top-up and its reservation past the recovery deadline
    db.jdbi.useHandle(x -> {
      x.execute("UPDATE topups SET created_at = now() - interval '10 minutes' WHERE id = ?", pending.id());
      x.execute("UPDATE vouchers SET reserved_at = now() - interval '10 minutes' WHERE code = ?", h.code());
    });
    return pending;
  }

  /** The holder's top-up of {@link #AMOUNT} with its voucher, priced as core prices it. */
  static PendingTopup withVoucher(Holder h, String tx, Instant at) {
    return TestData.priced(new TopupRequest(h.user().id(), "+84912345678", AMOUNT, h.code(), "bank_transfer"),
        vouchers.voucherOf(h.user().id(), h.code()).orElseThrow(), tx, null, null, at);
  }

  static Topup reserved(Reservation reservation) {
    return ((Reservation.Reserved) reservation).pending();
  }

  static String voucherStatus(String code) {
    return db.jdbi.withHandle(x -> x.createQuery("SELECT status FROM vouchers WHERE code = ?").bind(0, code)
        .mapTo(String.class).one());
  }

  static String tx() {
    return "TXN-" + java.util.UUID.randomUUID().toString().replace("-", "").toUpperCase();
  }

  @Test
  void aChargeTheBankApprovedIsSettledAsSucceeded() {
    Holder h = voucherHolder();
    String tx = tx();
    Topup pending = reserveAndAbandon(h, tx);
    assertThat(bank.charge(tx, pending.finalAmount(), pending.phoneNumber(), "bank_transfer").approved()).isTrue();

    assertThat(recovery.settle(Duration.ofMinutes(2))).isPositive();
    assertThat(topups.history(h.user().id(), null, 10).getFirst().status().value()).isEqualTo("succeeded");
    assertThat(voucherStatus(h.code())).isEqualTo("used");
  }

  @Test
  void aChargeTheBankNeverSawIsVoidedAndTheVoucherReleased() {
    Holder h = voucherHolder();
    String tx = tx();
    Topup pending = reserveAndAbandon(h, tx);

    recovery.settle(Duration.ofMinutes(2));
    assertThat(topups.history(h.user().id(), null, 10).getFirst().status().value()).isEqualTo("failed");
    assertThat(voucherStatus(h.code())).isEqualTo("active");
    // a charge arriving late for the voided transaction cannot succeed any more
    assertThat(bank.charge(tx, pending.finalAmount(), pending.phoneNumber(), "bank_transfer").approved()).isFalse();
    assertThat(bank.status(tx)).isEqualTo(PaymentGateway.Status.DECLINED);
  }

  @Test
  void twoRecoveryRunsAtOnceSettleEachTopUpOnceByTheBanksAnswer() throws Exception {
    // 20 abandoned top-ups: the bank approved the even ones, never saw the odd ones
    List<Holder> holders = new java.util.ArrayList<>();
    List<String> txs = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Holder h = voucherHolder();
      String tx = tx();
      Topup pending = reserveAndAbandon(h, tx);
      if (i % 2 == 0) bank.charge(tx, pending.finalAmount(), pending.phoneNumber(), "bank_transfer");
      holders.add(h);
      txs.add(tx);
    }
    // two workers running the exclusive job at once (the lease lost with Redis's data)
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var a = pool.submit(() -> recovery.settle(Duration.ofMinutes(2)));
      var b = pool.submit(() -> recovery.settle(Duration.ofMinutes(2)));
      a.get();
      b.get();
    }
    String in = "'" + String.join("','", txs) + "'";
    assertThat(count("SELECT count(*) FROM topups WHERE status = 'succeeded' AND transaction_id IN (" + in + ")"))
        .isEqualTo(10);
    assertThat(count("SELECT count(*) FROM topups WHERE status = 'failed' AND transaction_id IN (" + in + ")"))
        .isEqualTo(10);
    // money: every succeeded top-up has one approved charge of its final amount, and nothing else was approved
    assertThat(count("SELECT count(*) FROM topups t JOIN bank.transfers b ON b.transaction_id = t.transaction_id"
        + " AND b.status = 'approved' AND b.amount = t.final_amount WHERE t.status = 'succeeded'"
        + " AND t.transaction_id IN (" + in + ")")).isEqualTo(10);
    assertThat(count("SELECT count(*) FROM bank.transfers WHERE status = 'approved' AND transaction_id IN (" + in
        + ")")).isEqualTo(10);
    for (int i = 0; i < 20; i++) {
      assertThat(voucherStatus(holders.get(i).code())).isEqualTo(i % 2 == 0 ? "used" : "active");
    }
  }

  static long count(String sql) {
    return db.jdbi.withHandle(x -> x.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void recentPendingTopUpsAreLeftAlone() {
    Holder h = voucherHolder();
    reserved(topups.reserve(withVoucher(h, tx(), Instant.now())));
    recovery.settle(Duration.ofMinutes(2));
    assertThat(topups.history(h.user().id(), null, 10).getFirst().status().value()).isEqualTo("pending");
    assertThat(voucherStatus(h.code())).isEqualTo("reserved");
  }

  @Test
  void aReservationWithNoPendingTopUpIsReleased() {
    Holder h = voucherHolder();
    db.jdbi.useHandle(x -> x.execute(
        "UPDATE vouchers SET status = 'reserved', reserved_at = now() - interval '10 minutes' WHERE code = ?",
        h.code()));
    recovery.settle(Duration.ofMinutes(2));
    assertThat(voucherStatus(h.code())).isEqualTo("active");
  }

  @Test
  void releasingOrphanReservationsNamesTheirOwnersOncePerVoucher() {
    Holder orphan = voucherHolder();
    Holder recent = voucherHolder();
    db.jdbi.useHandle(x -> {
      x.execute("UPDATE vouchers SET status = 'reserved', reserved_at = now() - interval '10 minutes' WHERE code = ?",
          orphan.code());
      x.execute("UPDATE vouchers SET status = 'reserved', reserved_at = now() WHERE code = ?", recent.code());
    });

    List<Long> owners = topups.releaseOrphanReservations(Instant.now().minus(Duration.ofMinutes(2)));

    assertThat(owners).containsOnlyOnce(orphan.user().id()).doesNotContain(recent.user().id());
    assertThat(voucherStatus(orphan.code())).isEqualTo("active");
    assertThat(voucherStatus(recent.code())).as("reserved after the cutoff").isEqualTo("reserved");
  }

  @Test
  void expiryTurnsPastVouchersAndEndedCampaignsExpired() {
    Holder h = voucherHolder();
    db.jdbi.useHandle(x -> x.execute("UPDATE vouchers SET expires_at = now() - interval '1 second' WHERE code = ?",
        h.code()));
    assertThat(vouchers.expire(Instant.now())).as("the owner, once").containsOnlyOnce(h.user().id());
    assertThat(voucherStatus(h.code())).isEqualTo("expired");
    assertThat(promotions.promotionsOf(h.user().id()).getFirst().status()).isEqualTo("expired");

    Campaign ended = data.campaign(5, new BigDecimal("10.00"), BigDecimal.ZERO, null,
        Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)));
    var campaigns = new PostgresCampaignRepository(db.jdbi, Clock.systemUTC(), TestData.audit(db.jdbi));
    assertThat(campaigns.expireEnded(Instant.now())).isPositive();
    assertThat(campaigns.findById(ended.id()).orElseThrow().status().value())
        .isEqualTo("expired");
  }

  @Test
  void idempotencyKeysAreForgottenAfterTheirLifetimeButTheTopUpStays() {
    User user = data.user();
    Topup old = reserved(topups.reserve(TestData.priced(
        new TopupRequest(user.id(), "+84912345678", AMOUNT, null, "bank_transfer"), null, tx(), "key-1",
        "a".repeat(64), Instant.now())));
    topups.settle(old, Settlement.of(PaymentGateway.Result.approve(), Instant.now()));
    db.jdbi.useHandle(x -> x.execute("UPDATE topups SET created_at = now() - interval '25 hours' WHERE id = ?",
        old.id()));
    assertThat(topups.findByIdempotencyKey(user.id(), "key-1")).isPresent();
    assertThat(topups.pruneIdempotencyKeys(Instant.now().minus(Duration.ofHours(24)))).isPositive();
    assertThat(topups.findByIdempotencyKey(user.id(), "key-1")).isEmpty();
    assertThat(topups.history(user.id(), null, 10)).hasSize(1);
  }
}
