package dev.cake.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.auth.User;
import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.PromotionRepository.Enrolment;
import dev.cake.core.topup.TopupRepository.Reservation;
import dev.cake.core.topup.TopupRequest;
import dev.cake.core.voucher.VoucherCodes;
import dev.cake.persistence.Json;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.postgres.auth.PostgresUserRepository;
import dev.cake.persistence.postgres.event.PostgresOutbox;
import dev.cake.persistence.postgres.promotion.PostgresCampaignRepository;
import dev.cake.persistence.postgres.promotion.PostgresPromotionRepository;
import dev.cake.persistence.postgres.topup.PostgresTopupRepository;
import dev.cake.persistence.postgres.voucher.PostgresVoucherRepository;
import dev.cake.persistence.testing.TestData;
import dev.cake.persistence.testing.TestPersistence;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the API-side cost of one call of each hot PostgreSQL read (docs/PERFORMANCE.md, "Database reads: per-call
 * cost"). On one thread, after a warm-up, it calls each read {@value #CALLS} times and reports the thread's CPU time
 * and allocated bytes per call; both count only this thread's work, so they hold on a busy machine (wall time would
 * not). Run it alone:
 *
 * <pre>
 * mvn -B -o -pl persistence -am test -Dtest=ReadCostProbe -Dsurefire.failIfNoSpecifiedTests=false -Dcake.readCost=true
 * </pre>
 *
 * The report is in {@code persistence/target/surefire-reports/dev.cake.persistence.postgres.ReadCostProbe-output.txt}.
 * For a JFR recording, prefix the command with
 * {@code JDK_JAVA_OPTIONS="-XX:StartFlightRecording=filename=/tmp/reads-%p.jfr,settings=profile"} (the pom fixes the
 * test JVM's {@code argLine}; Maven's own JVM records a file of its own too).
 */
@EnabledIfSystemProperty(named = "cake.readCost", matches = "true")
class ReadCostProbe {
  static final int WARM_UP = 5_000;
  static final int CALLS = 20_000;

  @Test
  void perCallCostOfTheHotReads() {
    try (var db = new TestPersistence(); var worker = TestPersistence.asWorker()) {
      var data = new TestData(db.jdbi);
      var clock = Clock.systemUTC();
      var audit = TestData.audit(db.jdbi);
      var users = new PostgresUserRepository(db.jdbi, new dev.cake.telemetry.Tracing(),
          new Json(PersistenceModule.storageMapper()), clock, audit);
      var campaigns = new PostgresCampaignRepository(db.jdbi, clock, audit);
      var promotions = new PostgresPromotionRepository(db.jdbi);
      var vouchers = new PostgresVoucherRepository(db.jdbi);
      var topups = new PostgresTopupRepository(db.jdbi);
      var outbox = new PostgresOutbox(worker.jdbi, new Json(PersistenceModule.storageMapper()), clock);

      Campaign campaign = data.campaign(5);
      User enrolled = data.user();
      User plain = data.user();
      var result = (Enrolment.Enrolled) promotions.enrol(campaign.id(), enrolled.id(), Instant.now(),
          VoucherCodes.next(), Instant.now());
      var voucher = vouchers.voucherOf(enrolled.id(), result.voucherCode()).orElseThrow();
      var reserved = topups.reserve(TestData.priced(new TopupRequest(enrolled.id(), "+84912345678",
          new BigDecimal("100.00"), null, "bank_transfer"), null, "TXN-PROBE-" + enrolled.id(), "probe-key",
          "h".repeat(64), Instant.now()));
      assertThat(reserved).isInstanceOf(Reservation.Reserved.class);
      assertThat(promotions.promotionsOf(enrolled.id())).singleElement()
          .satisfies(p -> assertThat(p.vouchers()).containsExactly(voucher));

      Map<String, Supplier<Object>> reads = new LinkedHashMap<>();
      reads.put("promotionsOf, a user with a promotion and its voucher", () -> promotions.promotionsOf(enrolled.id()));
      reads.put("promotionsOf, a user without", () -> promotions.promotionsOf(plain.id()));
      reads.put("campaigns listActive", () -> campaigns.listActive(Instant.now()));
      reads.put("user findById", () -> users.findById(plain.id()));
      reads.put("user findByAccount (login, by username)", () -> users.findByAccount(null, plain.username(), null));
      reads.put("topup findByIdempotencyKey", () -> topups.findByIdempotencyKey(enrolled.id(), "probe-key"));
      reads.put("topup history", () -> topups.history(enrolled.id(), null, 20));
      reads.put("outbox unprocessed (worker)", () -> outbox.unprocessed(Duration.ofMinutes(5), 100));

      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      var report = new StringBuilder("\nper call, one thread, %,d calls after %,d warm-up calls%n".formatted(CALLS,
          WARM_UP));
      report.append("%-55s %10s %12s%n".formatted("read", "CPU µs", "bytes"));
      for (var read : reads.entrySet()) {
        for (int i = 0; i < WARM_UP; i++) read.getValue().get();
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) read.getValue().get();
        double cpuPerCall = (threads.getCurrentThreadCpuTime() - cpu) / 1_000.0 / CALLS;
        double bytesPerCall = (threads.getCurrentThreadAllocatedBytes() - bytes) / (double) CALLS;
        report.append("%-55s %10.1f %,12.0f%n".formatted(read.getKey(), cpuPerCall, bytesPerCall));
      }
      data.end(campaign.id());
      System.out.println(report);
    }
  }
}
