package dev.cake.persistence.testing;

import dev.cake.core.auth.NewUser;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.NewCampaign;
import dev.cake.core.topup.TopupRepository.PendingTopup;
import dev.cake.core.topup.TopupRequest;
import dev.cake.core.voucher.Voucher;
import dev.cake.persistence.Json;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.postgres.auth.PostgresUserRepository;
import dev.cake.persistence.postgres.promotion.PostgresCampaignRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/** Rows for adapter tests, written through the production repositories. */
public final class TestData {
  private static final AtomicInteger PHONES = new AtomicInteger(new java.util.Random().nextInt(4_000_000));

  private final PostgresUserRepository users;
  private final PostgresCampaignRepository campaigns;
  private final Jdbi jdbi;

  public TestData(Jdbi jdbi) {
    this.jdbi = jdbi;
    var audit = audit(jdbi);
    this.users = new PostgresUserRepository(jdbi, new dev.cake.telemetry.Tracing(),
        new Json(PersistenceModule.storageMapper()), java.time.Clock.systemUTC(), audit);
    this.campaigns = new PostgresCampaignRepository(jdbi, java.time.Clock.systemUTC(), audit);
  }

  /** The audit adapter the repositories write to, as production wires it. */
  public static dev.cake.persistence.postgres.audit.PostgresAuditLog audit(Jdbi jdbi) {
    return new dev.cake.persistence.postgres.audit.PostgresAuditLog(jdbi, new dev.cake.core.audit.AuditOrigin(),
        java.time.Clock.systemUTC());
  }

  public User user() {
    String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return users.create(new NewUser("User " + tag, "u" + tag + "@example.com", "u" + tag,
        String.format("+8491%07d", PHONES.incrementAndGet()), null, "$2b$04$not-a-real-hash", Role.USER));
  }

  /** An admin account, never enrolled in a campaign. */
  public User admin() {
    String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return users.create(new NewUser("Admin " + tag, null, "a" + tag, null, null, "$2b$04$not-a-real-hash",
        Role.ADMIN));
  }

  /** An active first-login campaign running from an hour ago for a day. */
  public Campaign campaign(int slots) {
    return campaign(slots, new BigDecimal("30.00"), BigDecimal.ZERO, null,
        Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
  }

  public Campaign campaign(int slots, BigDecimal percent, BigDecimal minTopup, BigDecimal maxDiscount, Instant start,
                           Instant end) {
    return campaigns.create(new NewCampaign("Campaign " + UUID.randomUUID(), null, Campaign.FIRST_LOGIN_DISCOUNT,
        start, end, slots, percent, minTopup.setScale(2), maxDiscount, 30),
        dev.cake.core.audit.AuditEvent.success("campaign.created", "campaign"));
  }

  /**
   * A top-up priced as {@link dev.cake.core.topup.TopupService} prices it (full price without a voucher, else the
   * voucher's terms), for tests that drive the repository's reservation directly.
   */
  public static PendingTopup priced(TopupRequest request, Voucher voucher, String transactionId, String key,
                                    String hash, Instant at) {
    return PendingTopup.priced(request, voucher, transactionId, key, hash, at);
  }


  /** Ends a campaign so that later tests' first logins cannot join it. */
  public void end(long campaignId) {
    jdbi.useHandle(h -> h.execute("UPDATE campaigns SET status = 'expired' WHERE id = ?", campaignId));
  }
}
