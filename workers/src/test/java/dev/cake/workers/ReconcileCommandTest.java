package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import dev.cake.persistence.postgres.Migrations;
import dev.cake.persistence.testing.TestServices;
import dev.cake.workers.ops.DatabaseOpsComponent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/admin reconcile} against a real database: a consistent history passes every check; each check fails on
 * a mismatch seeded for it. Every test starts from a copy (CREATE DATABASE … TEMPLATE) of one seeded database. The
 * constraints that make some mismatches impossible in production are dropped in that database, so the checks that
 * guard against them are shown to work too.
 */
class ReconcileCommandTest {
  static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  static final String BASE = "cake_bin_rec_" + RUN;
  static final ObjectMapper JSON = new ObjectMapper();
  static DatabaseSettings server;
  static int copies;

  String database;
  DatabaseOpsComponent component;

  @TempDir
  Path dir;

  record Ran(int code, String out) {}

  @BeforeAll
  static void seedTheTemplate() throws Exception {
    server = PersistenceSettings.fromEnv(TestServices.get().adminEnvironment()).database(); // makes databases: the superuser
    admin("CREATE DATABASE " + BASE);
    new Migrations(settings(BASE), dev.cake.persistence.postgres.DatabaseRoles.DEFAULTS).migrate();
    try (Connection c = connect(BASE); var s = c.createStatement()) {
      s.execute("""
          -- what production's constraints forbid, so that the checks against it can be seen to fail
          ALTER TABLE vouchers DROP CONSTRAINT vouchers_promotion_key;
          DROP INDEX topups_voucher_once;

          INSERT INTO users (id, fullname, username, password_hash, role, latest_login) VALUES
            (1, 'U1', 'u1', 'x', 'user', now() - interval '50 minutes'),
            (2, 'U2', 'u2', 'x', 'user', now() - interval '50 minutes'),
            (3, 'U3', 'u3', 'x', 'user', now() - interval '50 minutes'),
            (9, 'Admin', 'a1', 'x', 'admin', now() - interval '50 minutes');
          INSERT INTO campaigns (id, name, status, start_at, end_at, max_participants, current_participants,
                                 discount_percentage, voucher_validity_days, created_at) VALUES
            (10, 'open', 'active', now() - interval '3 hours', now() + interval '1 day', 100, 1, 10, 30,
             now() - interval '3 hours'),
            (11, 'first two', 'full', now() - interval '2 hours', now() + interval '1 day', 2, 2, 30, 30,
             now() - interval '2 hours');
          INSERT INTO outbox (topic, payload, created_at, published_at, processed_at)
            SELECT 'user.first-login', jsonb_build_object('userId', id, 'loginAt', latest_login),
                   latest_login, latest_login, latest_login + interval '1 second'
            FROM users WHERE role = 'user';
          INSERT INTO user_promotions (id, user_id, campaign_id, participation_order, first_login_at) VALUES
            (21, 1, 11, 1, now() - interval '50 minutes'),
            (22, 2, 11, 2, now() - interval '50 minutes'),
            (23, 3, 10, 1, now() - interval '50 minutes');
          INSERT INTO vouchers (id, code, user_id, user_promotion_id, campaign_id, status, discount_percentage,
                                min_topup_amount, expires_at, used_at, issued_at) VALUES
            (31, 'CAKE-AAAAAAA1', 1, 21, 11, 'used', 30, 0, now() + interval '1 day', now() - interval '40 minutes',
             now() - interval '49 minutes'),
            (32, 'CAKE-AAAAAAA2', 2, 22, 11, 'active', 30, 0, now() + interval '1 day', NULL,
             now() - interval '49 minutes'),
            (33, 'CAKE-AAAAAAA3', 3, 23, 10, 'active', 10, 0, now() + interval '1 day', NULL,
             now() - interval '49 minutes');
          INSERT INTO topups (id, transaction_id, user_id, phone_number, original_amount, discount_amount, final_amount,
                              voucher_id, payment_method, status, idempotency_key, request_hash, created_at) VALUES
            (41, 'T1', 1, '+84912345678', 50, 15, 35, 31, 'bank_transfer', 'succeeded', 'k1', repeat('a', 64),
             now() - interval '40 minutes'),
            (42, 'T2', 2, '+84912345678', 50, 0, 50, NULL, 'bank_transfer', 'failed', 'k2', repeat('b', 64),
             now() - interval '40 minutes'),
            (43, 'T3', 3, '+84912345678', 50, 0, 50, NULL, 'bank_transfer', 'succeeded', 'k3', repeat('c', 64),
             now() - interval '40 minutes');
          INSERT INTO bank.transfers (transaction_id, amount, status, created_at) VALUES
            ('T1', 35, 'approved', now() - interval '40 minutes'),
            ('T2', 50, 'declined', now() - interval '40 minutes'),
            ('T3', 50, 'approved', now() - interval '40 minutes');
          """);
    }
  }

  @AfterAll
  static void dropTheTemplate() throws Exception {
    admin("DROP DATABASE IF EXISTS " + BASE + " WITH (FORCE)");
  }

  @AfterEach
  void dropTheCopy() throws Exception {
    if (component != null) {
      component.pool().close();
    }
    if (database != null) {
      admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  static DatabaseSettings settings(String db) {
    String url = server.jdbcUrl();
    String query = url.contains("?") ? url.substring(url.indexOf('?')) : "";
    String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    return new DatabaseSettings(base.substring(0, base.lastIndexOf('/') + 1) + db + query, server.user(),
        server.password(), 2, server.connectionTimeout());
  }

  static Connection connect(String db) throws Exception {
    var s = settings(db);
    return DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
  }

  static void admin(String sql) throws Exception {
    try (Connection c = connect("postgres"); var s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A fresh copy of the seeded database with {@code mismatch} applied. */
  void history(String mismatch) throws Exception {
    database = BASE + "_" + (++copies);
    admin("CREATE DATABASE " + database + " TEMPLATE " + BASE);
    if (!mismatch.isBlank()) {
      try (Connection c = connect(database); var s = c.createStatement()) {
        s.execute(mismatch);
      }
    }
    component = DatabaseOpsComponent.create(settings(database));
  }

  /** The answers the clients of the seeded history were told, plus {@code extra} lines. */
  Path answers(String... extra) throws Exception {
    var lines = new ArrayList<>(List.of(
        "1\tu1\tk1\tvoucher\t200\tT1\t35.00",
        "2\tu2\tk2\tplain\t402\t\t",
        "3\tu1\tk9\trespend\t409\t\t",
        "4\tu3\tk3\tplain\t200\tT3\t50.00"));
    lines.addAll(List.of(extra));
    Path file = dir.resolve("outcomes-" + UUID.randomUUID() + ".tsv");
    Files.write(file, lines);
    return file;
  }

  Ran reconcile(String... args) {
    var out = System.out;
    var bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      var cmd = new CommandLine(component.commands().get("reconcile").get());
      cmd.setErr(new PrintWriter(new StringWriter()));
      int code = cmd.execute(args);
      return new Ran(code, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
    }
  }

  /** The JSON line (the tests' log configuration writes log lines to stdout too). */
  static String lastLine(String out) {
    var lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  /** Runs reconcile --json on the copy: the failed checks by name → found. */
  Map<String, String> failed(String... args) throws Exception {
    var all = new ArrayList<>(List.of("--json", "--grace", "0s", "--first-come", "11", "--answers",
        answers().toString()));
    all.addAll(List.of(args));
    Ran ran = reconcile(all.toArray(String[]::new));
    JsonNode report = JSON.readTree(lastLine(ran.out()));
    var failed = new java.util.LinkedHashMap<String, String>();
    report.get("checks").forEach(c -> {
      if (c.get("result").asText().equals("FAIL")) {
        failed.put(c.get("check").asText(), c.get("found").asText());
      }
    });
    assertThat(ran.code()).as("exit code with %s", failed).isEqualTo(failed.isEmpty() ? 0 : 1);
    assertThat(report.get("mismatches").asLong()).isEqualTo(failed.size());
    return failed;
  }

  void failsOn(String mismatch, String check) throws Exception {
    history(mismatch);
    assertThat(failed().keySet()).anySatisfy(name -> assertThat(name).startsWith(check));
  }

  @Test
  void aConsistentHistoryPassesEveryCheck() throws Exception {
    history("");
    assertThat(failed()).isEmpty();
    Ran text = reconcile("--grace", "0s", "--first-come", "11", "--answers", answers().toString());
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("PASS  money: sum of succeeded top-ups = sum of approved transfers: expected 85.00,"
        + " found 85.00").contains("vouchers of campaign 11 (first two, 2 slots): 2")
        .contains("top-ups answered (final answer seen by a client): 4 of 4").endsWith("checks)\n");
  }

  @Test
  void aCampaignCounterDisagreeingWithItsVouchersFails() throws Exception {
    failsOn("UPDATE campaigns SET current_participants = 0 WHERE id = 10", "campaigns whose vouchers");
  }

  @Test
  void twoVouchersOfOneCampaignFail() throws Exception {
    failsOn("""
        INSERT INTO vouchers (code, user_id, user_promotion_id, campaign_id, discount_percentage, min_topup_amount,
                              expires_at) VALUES ('CAKE-BBBBBBB1', 3, 23, 10, 10, 0, now() + interval '1 day')""",
        "users holding two vouchers of one campaign");
  }

  @Test
  void aVoucherOfAUserWhoNeverLoggedInFails() throws Exception {
    failsOn("UPDATE users SET latest_login = NULL WHERE id = 3", "vouchers of users who never logged in");
  }

  @Test
  void aUserInTwoCampaignsFails() throws Exception {
    failsOn("INSERT INTO user_promotions (user_id, campaign_id, participation_order, first_login_at)"
        + " VALUES (1, 10, 2, now())", "users taking part in two campaigns");
  }

  @Test
  void aFirstComeCampaignShortOfItsSlotsFails() throws Exception {
    failsOn("UPDATE campaigns SET max_participants = 3, status = 'active' WHERE id = 11",
        "vouchers of the 3-slot campaign 11 = min(slots, first logins in its window: 3)");
  }

  @Test
  void aFirstLoginWithoutItsEventFails() throws Exception {
    failsOn("DELETE FROM outbox WHERE payload->>'userId' = '3'", "first logins without their outbox event");
  }

  @Test
  void anUnprocessedEventFailsUnlessYoungerThanTheGrace() throws Exception {
    failsOn("UPDATE outbox SET processed_at = NULL, created_at = now() - interval '1 minute'"
        + " WHERE payload->>'userId' = '3'", "first-login events not processed");
    Ran young = reconcile("--grace", "10m");
    assertThat(young.out()).contains("PASS  first-login events not processed");
    assertThat(young.code()).isZero();
  }

  @Test
  void aFirstLoginLeftOutWhileACampaignHadRoomFails() throws Exception {
    failsOn("""
        INSERT INTO users (id, fullname, username, password_hash, latest_login) VALUES (4, 'U4', 'u4', 'x', now());
        INSERT INTO outbox (topic, payload, published_at, processed_at)
          VALUES ('user.first-login', jsonb_build_object('userId', 4, 'loginAt', now()), now(), now())""",
        "first logins enrolled in no campaign while one in their window had room");
  }

  @Test
  void aVoucherSpentTwiceFails() throws Exception {
    failsOn("""
        INSERT INTO topups (transaction_id, user_id, phone_number, original_amount, discount_amount, final_amount,
                            voucher_id, payment_method, status, created_at)
          VALUES ('T4', 1, '+84912345678', 50, 15, 35, 31, 'bank_transfer', 'succeeded', now() - interval '1 minute');
        INSERT INTO bank.transfers (transaction_id, amount, status) VALUES ('T4', 35, 'approved')""",
        "vouchers with more than one succeeded top-up");
  }

  @Test
  void aUsedVoucherNotMarkedUsedFails() throws Exception {
    failsOn("UPDATE vouchers SET status = 'active', used_at = NULL WHERE id = 31",
        "vouchers whose status 'used' disagrees");
  }

  @Test
  void aVoucherLeftReservedFails() throws Exception {
    failsOn("UPDATE vouchers SET status = 'reserved', reserved_at = now() - interval '1 minute' WHERE id = 32",
        "vouchers still reserved");
  }

  @Test
  void aTopupLeftPendingFails() throws Exception {
    failsOn("UPDATE topups SET status = 'pending' WHERE id = 42", "top-ups still pending");
  }

  @Test
  void aPaymentOffByOneCentFails() throws Exception {
    history("UPDATE bank.transfers SET amount = 34.99 WHERE transaction_id = 'T1'");
    var failed = failed();
    assertThat(failed).containsEntry("money: sum of succeeded top-ups = sum of approved transfers", "84.99")
        .containsEntry("succeeded top-ups without exactly one approved transfer of their final amount", "1");
  }

  @Test
  void anApprovedTransferOfAFailedTopupFails() throws Exception {
    failsOn("UPDATE bank.transfers SET status = 'approved' WHERE transaction_id = 'T2'",
        "approved transfers without a succeeded top-up");
  }

  @Test
  void aClientToldAnotherAmountFails() throws Exception {
    history("");
    Path lies = answers("5\tu1\tk1\tvoucher\t200\tT1\t35.01");
    assertThat(failed("--answers", lies.toString()).keySet())
        .anySatisfy(name -> assertThat(name).startsWith("top-ups answered 200 not succeeded"));
  }

  @Test
  void aClientToldDeclinedForAPaidTopupFails() throws Exception {
    history("");
    Path lies = answers("5\tu3\tk3\tplain\t402\t\t");
    assertThat(failed("--answers", lies.toString()).keySet())
        .anySatisfy(name -> assertThat(name).startsWith("top-ups answered 402 not failed"));
  }

  @Test
  void aUsedVoucherAcceptedAgainFails() throws Exception {
    history("");
    Path lies = answers("5\tu1\tk5\trespend\t200\tT9\t35.00");
    assertThat(failed("--answers", lies.toString()).keySet())
        .anySatisfy(name -> assertThat(name).startsWith("used vouchers accepted again"));
  }

  @Test
  void noAnswersAtAllFails() throws Exception {
    history("");
    Path empty = Files.writeString(dir.resolve("empty.tsv"), "");
    var ran = reconcile("--json", "--grace", "0s", "--answers", empty.toString());
    assertThat(ran.code()).isEqualTo(1);
    assertThat(JSON.readTree(lastLine(ran.out())).get("checks").toString()).contains("client answers: top-ups seen by the clients");
  }
}
