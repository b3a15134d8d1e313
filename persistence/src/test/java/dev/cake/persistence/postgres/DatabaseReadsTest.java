package dev.cake.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import dev.cake.core.event.FirstLogin;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.core.topup.TopupRepository.Reservation;
import dev.cake.core.topup.TopupRequest;
import dev.cake.core.voucher.Voucher;
import dev.cake.core.voucher.VoucherCodes;
import dev.cake.persistence.Json;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.event.EventCodec;
import dev.cake.persistence.postgres.auth.PostgresRefreshTokenRepository;
import dev.cake.persistence.postgres.auth.PostgresUserRepository;
import dev.cake.persistence.postgres.event.OutboxDao;
import dev.cake.persistence.postgres.event.PostgresOutbox;
import dev.cake.persistence.postgres.promotion.PostgresCampaignRepository;
import dev.cake.persistence.postgres.promotion.PostgresPromotionRepository;
import dev.cake.persistence.postgres.topup.PostgresTopupRepository;
import dev.cake.persistence.postgres.voucher.PostgresVoucherRepository;
import dev.cake.persistence.testing.TestData;
import dev.cake.persistence.testing.TestPersistence;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every fluent read of the repositories (docs/ARCHITECTURE.md, "Database reads") against real PostgreSQL, once each:
 * its SQL constant, the names it binds and the record it maps, as the SqlObject methods they replaced answered.
 */
class DatabaseReadsTest {
  static final Json JSON = new Json(PersistenceModule.storageMapper());

  static TestPersistence db;
  static TestPersistence worker;
  static TestData data;
  static PostgresUserRepository users;
  static PostgresCampaignRepository campaigns;
  static PostgresPromotionRepository promotions;
  static PostgresVoucherRepository vouchers;
  static PostgresTopupRepository topups;

  @BeforeAll
  static void setUp() {
    db = new TestPersistence();
    worker = TestPersistence.asWorker();
    data = new TestData(db.jdbi);
    users = new PostgresUserRepository(db.jdbi, new dev.cake.telemetry.Tracing(), JSON, Clock.systemUTC(),
        TestData.audit(db.jdbi));
    campaigns = new PostgresCampaignRepository(db.jdbi, Clock.systemUTC(), TestData.audit(db.jdbi));
    promotions = new PostgresPromotionRepository(db.jdbi);
    vouchers = new PostgresVoucherRepository(db.jdbi);
    topups = new PostgresTopupRepository(db.jdbi);
  }

  @AfterAll
  static void tearDown() {
    worker.close();
    db.close();
  }

  @Test
  void userReads() {
    User user = data.user();
    assertThat(users.findById(user.id())).contains(user);
    assertThat(users.findById(-1)).isEmpty();
    assertThat(users.findByUsername(user.username().toUpperCase())).contains(user);
    assertThat(users.findByRole(Role.USER)).contains(user);
    assertThat(users.findByRole(Role.ADMIN)).doesNotContain(user);
    assertThat(users.takenField(user.email(), "nobody-" + UUID.randomUUID(), null)).contains("email");
    assertThat(users.takenField(null, user.username().toUpperCase(), user.phone())).contains("username");
    assertThat(users.takenField(null, "nobody-" + UUID.randomUUID(), user.phone())).contains("phone");
    assertThat(users.takenField("nobody@example.com", "nobody-" + UUID.randomUUID(), null)).isEmpty();
    assertThat(users.findByAccount(null, user.username(), null)).get()
        .satisfies(c -> assertThat(c.user()).isEqualTo(user));

    var tokens = new PostgresRefreshTokenRepository(db.jdbi, TestData.audit(db.jdbi));
    String hash = "t".repeat(32) + UUID.randomUUID().toString().replace("-", "");
    tokens.start(user.id(), UUID.randomUUID(), hash, Instant.now().plusSeconds(60), Instant.now().plusSeconds(600));
    assertThat(tokens.ownerOf(hash)).contains(user.id());
    assertThat(tokens.ownerOf("no-such-token")).isEmpty();
  }

  @Test
  void campaignPromotionVoucherAndTopupReads() {
    Campaign campaign = data.campaign(5);
    try {
      assertThat(campaigns.findById(campaign.id())).contains(campaign);
      assertThat(campaigns.findById(-1)).isEmpty();
      assertThat(campaigns.listActive(Instant.now())).contains(campaign);
      assertThat(campaigns.listActive(campaign.endAt())).doesNotContain(campaign);
      assertThat(promotions.openFirstLoginCampaigns(Instant.now())).contains(campaign.id());

      User user = data.user();
      assertThat(promotions.promotionsOf(user.id())).isEmpty();
      var enrolled = (Enrolment.Enrolled) promotions.enrol(campaign.id(), user.id(), Instant.now(),
          VoucherCodes.next(), Instant.now());
      // a repeat is answered by the read before the transaction
      assertThat(promotions.enrol(campaign.id(), user.id(), Instant.now(), VoucherCodes.next(), Instant.now()))
          .isEqualTo(new Enrolment.AlreadyEnrolled(campaign.id()));
      Voucher voucher = vouchers.voucherOf(user.id(), enrolled.voucherCode()).orElseThrow();
      assertThat(vouchers.vouchersOf(user.id())).containsExactly(voucher);
      assertThat(vouchers.ownerOf(voucher.code())).contains(user.id());
      assertThat(vouchers.ownerOf("NO-SUCH-CODE")).isEmpty();
      assertThat(promotions.promotionsOf(user.id())).singleElement().satisfies(p -> {
        assertThat(p.campaignId()).isEqualTo(campaign.id());
        assertThat(p.campaignName()).isEqualTo(campaign.name());
        assertThat(p.vouchers()).containsExactly(voucher);
      });

      Instant at = Instant.now();
      var reserved = (Reservation.Reserved) topups.reserve(TestData.priced(new TopupRequest(user.id(),
          "+84912345678", new BigDecimal("100.00"), null, "bank_transfer"), null, "TXN-READS-" + user.id(), "key-1",
          "h".repeat(64), at));
      var topup = reserved.pending();
      assertThat(topups.findByIdempotencyKey(user.id(), "key-1")).get().satisfies(k -> {
        assertThat(k.topup()).isEqualTo(topup);
        assertThat(k.requestHash()).isEqualTo("h".repeat(64));
      });
      assertThat(topups.findByIdempotencyKey(user.id(), "key-2")).isEmpty();
      assertThat(topups.history(user.id(), null, 20)).containsExactly(topup);
      assertThat(topups.history(user.id(), topup.id(), 20)).isEmpty();
      assertThat(topups.pendingBefore(at.plusSeconds(1), 100_000)).contains(topup);
      assertThat(topups.pendingBefore(at.minusSeconds(1), 100_000)).doesNotContain(topup);
    } finally {
      data.end(campaign.id());
    }
  }

  @Test
  void outboxReads() {
    // a clock a minute ahead, so that the row just written is older than a cutoff of "now"
    var outbox = new PostgresOutbox(worker.jdbi, JSON, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
    var event = new FirstLogin(42, Instant.now());
    var row = worker.jdbi.onDemand(OutboxDao.class).insert(FirstLogin.TOPIC, JSON.write(EventCodec.encode(event)),
        null, Instant.now());
    assertThat(outbox.backlog()).isPositive();
    assertThat(outbox.unpublished(Duration.ZERO, 100_000)).anySatisfy(e -> {
      assertThat(e.id()).isEqualTo(row.id());
      assertThat(e.payload()).isEqualTo(event);
    });
    assertThat(outbox.unpublished(Duration.ofMinutes(2), 100_000)).noneMatch(e -> e.id() == row.id());
    outbox.markPublished(row.id());
    assertThat(outbox.inFlight()).isPositive();
    assertThat(outbox.unpublished(Duration.ZERO, 100_000)).noneMatch(e -> e.id() == row.id());
    assertThat(outbox.unprocessed(Duration.ZERO, 100_000)).anyMatch(e -> e.id() == row.id());
    outbox.markProcessed(row.id());
    assertThat(outbox.unprocessed(Duration.ZERO, 100_000)).noneMatch(e -> e.id() == row.id());
  }
}
