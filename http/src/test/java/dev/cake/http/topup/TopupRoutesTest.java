package dev.cake.http.topup;

import static dev.cake.persistence.testing.StartGate.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import dev.cake.http.testing.TestApi.VoucherHolder;
import dev.cake.bank.SimulatedBankTransferGateway;
import dev.cake.persistence.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The top-up with a voucher (docs/ARCHITECTURE.md "Top-up") over HTTP, with the simulated bank at 200 ms latency. */
class TopupRoutesTest {
  static TestApi api;
  static String admin;

  @BeforeAll
  static void start() {
    api = new TestApi(Map.of("CAKE_PAYMENT_LATENCY_MS", "200"));
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static Map<String, Object> topup(String amount, String code) {
    var body = new HashMap<String, Object>();
    body.put("phoneNumber", "0912345678");
    body.put("amount", new java.math.BigDecimal(amount));
    if (code != null) body.put("voucherCode", code);
    return body;
  }

  static String voucherStatus(String code) {
    return api.component.jdbi().withHandle(h -> h.createQuery("SELECT status FROM vouchers WHERE code = ?")
        .bind(0, code).mapTo(String.class).one());
  }

  long topupsOf(String userId) {
    return api.count("SELECT count(*) FROM topups WHERE user_id = ?", Long.parseLong(userId));
  }

  @Test
  void aTopUpWithoutVoucherChargesTheFullAmount() {
    String token = api.register().get("access_token").asText();
    Response r = api.post("/promotions/topup", Map.of("phoneNumber", "+1-418-543-8090", "amount", 50,
        "paymentMethod", "bank_transfer"), token);
    assertThat(r.status()).isEqualTo(200);
    JsonNode json = r.json();
    assertThat(json.get("success").asBoolean()).isTrue();
    assertThat(json.get("transactionId").asText()).startsWith("TXN-");
    assertThat(json.get("originalAmount").decimalValue()).isEqualByComparingTo("50");
    assertThat(json.get("discountAmount").decimalValue()).isEqualByComparingTo("0");
    assertThat(json.get("finalAmount").decimalValue()).isEqualByComparingTo("50");
    assertThat(json.get("phoneNumber").asText()).isEqualTo("+14185438090");
    assertThat(json.get("voucherCode").isNull()).isTrue();
  }

  @Test
  void theDiscountIsRoundedHalfUpAndTheVoucherIsUsedOnce() {
    VoucherHolder h = api.userWithVoucher(admin, Map.of("discountPercentage", 30));
    Response r = api.post("/promotions/topup", topup("33.33", h.code()), h.token());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("discountAmount").decimalValue()).isEqualByComparingTo("10.00");
    assertThat(r.json().get("finalAmount").decimalValue()).isEqualByComparingTo("23.33");
    assertThat(r.json().get("voucherCode").asText()).isEqualTo(h.code());

    JsonNode v = api.get("/promotions/my-vouchers", h.token()).json().get(0);
    assertThat(v.get("status").asText()).isEqualTo("used");
    assertThat(v.get("usedAmount").decimalValue()).isEqualByComparingTo("33.33");
    assertThat(v.get("discountAmount").decimalValue()).isEqualByComparingTo("10.00");
    assertThat(v.get("transactionId").asText()).isEqualTo(r.json().get("transactionId").asText());
    assertThat(api.get("/promotions/my-promotions", h.token()).json().get(0).get("status").asText())
        .isEqualTo("voucher_used");

    Response again = api.post("/promotions/topup", topup("33.33", h.code()), h.token());
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void theDiscountIsCappedAtTheMaximum() {
    VoucherHolder h = api.userWithVoucher(admin, Map.of("discountPercentage", 30, "maxDiscountAmount", 5));
    Response r = api.post("/promotions/topup", topup("100", h.code()), h.token());
    assertThat(r.json().get("discountAmount").decimalValue()).isEqualByComparingTo("5.00");
    assertThat(r.json().get("finalAmount").decimalValue()).isEqualByComparingTo("95.00");
  }

  @Test
  void belowTheMinimumIs422NamingItAndTheVoucherStaysUsable() {
    VoucherHolder h = api.userWithVoucher(admin, Map.of("minTopupAmount", 50));
    Response r = api.post("/promotions/topup", topup("49.99", h.code()), h.token());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("message").asText()).isEqualTo("Minimum top-up amount for this voucher is 50");
    assertThat(voucherStatus(h.code())).isEqualTo("active");
    assertThat(topupsOf(h.userId())).isZero();
    assertThat(api.post("/promotions/topup", topup("50", h.code()), h.token()).status()).isEqualTo(200);
  }

  @Test
  void aDeclineIs402AndLeavesTheVoucherUsable() {
    VoucherHolder h = api.userWithVoucher(admin, Map.of());
    var declined = topup("20", h.code());
    declined.put("phoneNumber", SimulatedBankTransferGateway.DECLINE_PHONE);
    Response r = api.post("/promotions/topup", declined, h.token());
    assertThat(r.status()).isEqualTo(402);
    assertThat(r.json().get("message").asText()).isEqualTo("Payment processing failed");
    assertThat(voucherStatus(h.code())).isEqualTo("active");
    JsonNode history = api.get("/promotions/topups", h.token()).json().get("items");
    assertThat(history.get(0).get("status").asText()).isEqualTo("failed");

    assertThat(api.post("/promotions/topup", topup("20", h.code()), h.token()).status()).isEqualTo(200);
    assertThat(voucherStatus(h.code())).isEqualTo("used");
  }

  @Test
  void someoneElsesOrAnUnknownVoucherIs404() {
    VoucherHolder owner = api.userWithVoucher(admin, Map.of());
    String stranger = api.register().get("access_token").asText();
    assertThat(api.post("/promotions/topup", topup("20", owner.code()), stranger).status()).isEqualTo(404);
    assertThat(api.post("/promotions/topup", topup("20", "CAKE-00000000"), stranger).status()).isEqualTo(404);
    assertThat(voucherStatus(owner.code())).isEqualTo("active");
  }

  @Test
  void anExpiredVoucherIs422AndReadsAsExpired() {
    VoucherHolder h = api.userWithVoucher(admin, Map.of());
    api.component.jdbi().useHandle(hd -> hd.execute(
        "UPDATE vouchers SET expires_at = now() - interval '1 minute' WHERE code = ?", h.code()));
    // time passing, written behind the services' back: announced as any writer's change, so no view is older
    api.component.promotionChanges().userChanged(Long.parseLong(h.userId()));
    assertThat(api.post("/promotions/topup", topup("20", h.code()), h.token()).status()).isEqualTo(422);
    JsonNode v = api.get("/promotions/my-vouchers", h.token()).json().get(0);
    assertThat(v.get("isExpired").asBoolean()).isTrue();
    assertThat(v.get("isValid").asBoolean()).isFalse();
    assertThat(v.get("status").asText()).isEqualTo("expired");
    assertThat(voucherStatus(h.code())).isEqualTo("active"); // reads never write
  }

  @Test
  void fiftyConcurrentTopUpsWithOneVoucherSucceedOnceAndChargeOnce() throws Exception {
    VoucherHolder h = api.userWithVoucher(admin, Map.of());
    List<Integer> statuses = concurrently(50,
        () -> api.post("/promotions/topup", topup("40", h.code()), h.token()).status());

    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
    assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(49);
    assertThat(topupsOf(h.userId())).isEqualTo(1);
    assertThat(api.count("SELECT count(*) FROM topups WHERE user_id = ? AND status = 'succeeded'",
        Long.parseLong(h.userId()))).isEqualTo(1);
    String tx = api.component.jdbi().withHandle(hd -> hd.createQuery(
        "SELECT transaction_id FROM topups WHERE user_id = ?").bind(0, Long.parseLong(h.userId()))
        .mapTo(String.class).one());
    // the bank saw one charge, of the final amount
    assertThat(api.count("SELECT count(*) FROM bank.transfers WHERE transaction_id = ? AND status = 'approved'"
        + " AND amount = (SELECT final_amount FROM topups WHERE transaction_id = ?)", tx, tx)).isEqualTo(1);
    assertThat(voucherStatus(h.code())).isEqualTo("used");
  }

  @Test
  void theSameIdempotencyKeyReplaysTheResultWithoutASecondCharge() {
    VoucherHolder h = api.userWithVoucher(admin, Map.of());
    Map<String, String> key = Map.of("Idempotency-Key", "order-" + h.userId());
    Response first = api.post("/promotions/topup", topup("30", h.code()), h.token(), key);
    Response replay = api.post("/promotions/topup", topup("30", h.code()), h.token(), key);
    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.json().get("transactionId").asText()).isEqualTo(first.json().get("transactionId").asText());
    assertThat(topupsOf(h.userId())).isEqualTo(1);

    Response other = api.post("/promotions/topup", topup("31", h.code()), h.token(), key);
    assertThat(other.status()).isEqualTo(422);
  }

  @Test
  void theSameIdempotencyKeyWhileTheFirstIsInFlightIs409() throws Exception {
    String token = api.register().get("access_token").asText();
    String idempotencyKey = "in-flight-" + System.nanoTime();
    Map<String, String> key = Map.of("Idempotency-Key", idempotencyKey);
    List<Integer> statuses = new ArrayList<>();
    // The first request stays in flight, whatever the bank's latency: the bank's ledger is locked against writes
    // until the others have answered, so its charge cannot complete.
    // the lock is taken as the superuser: the app's own role may not lock the ledger (least privilege)
    try (var first = Executors.newVirtualThreadPerTaskExecutor();
         var bank = dev.cake.persistence.testing.TestServices.get().adminConnection()) { // closed first: releases it
      bank.setAutoCommit(false);
      try (var lock = bank.createStatement()) {
        lock.execute("LOCK TABLE bank.transfers IN SHARE MODE");
      }
      Future<Integer> firstStatus = first.submit(
          () -> api.post("/promotions/topup", topup("10", null), token, key).status());
      boolean reserved = Poll.until(() -> api.count("SELECT count(*) FROM topups WHERE idempotency_key = ?"
          + " AND status = 'pending'", idempotencyKey) == 1, Duration.ofSeconds(10));
      assertThat(reserved).as("the first request reserved its top-up").isTrue();
      statuses.addAll(concurrently(4, () -> api.post("/promotions/topup", topup("10", null), token, key).status()));
      bank.rollback(); // the bank answers the first request now
      statuses.add(firstStatus.get());
    }
    assertThat(statuses.stream().filter(s -> s == 200).count()).isGreaterThanOrEqualTo(1);
    assertThat(statuses).containsOnly(200, 409).contains(409);
    // every 200 is the same top-up
    assertThat(api.get("/promotions/topups", token).json().get("items").size()).isEqualTo(1);
  }

  @Test
  void badAmountsAre400AndWriteNothing() {
    JsonNode user = api.register();
    String token = user.get("access_token").asText();
    List<String> bodies = List.of(
        "{\"phoneNumber\":\"0912345678\",\"amount\":0}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":-1}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":1.001}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":\"100\"}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":100000000.01}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":1e400}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":\"NaN\"}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":NaN}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":\"Infinity\"}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":null}",
        "{\"phoneNumber\":\"0912345678\"}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":[10]}",
        "{\"phoneNumber\":\"not a phone\",\"amount\":10}",
        "{\"phoneNumber\":\"0912345678\",\"amount\":10,\"paymentMethod\":\"credit_card\"}");
    for (String body : bodies) {
      Response r = api.post("/promotions/topup", body, token);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.json().get("errors").size()).as(body).isPositive();
    }
    // as in the original, a code that cannot be a voucher is an invalid one
    Response unknown = api.post("/promotions/topup", "{\"phoneNumber\":\"0912345678\",\"amount\":10,"
        + "\"voucherCode\":\"FREE-MONEY\"}", token);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("Invalid voucher code");
    assertThat(topupsOf(user.at("/user/id").asText())).isZero();
    assertThat(api.post("/promotions/topup", Map.of("phoneNumber", "0912345678", "amount", 100000000), token)
        .status()).isEqualTo(200);
  }

  @Test
  void historyIsTheCallersNewestFirstAndPaginated() {
    String token = api.register().get("access_token").asText();
    List<String> ids = new ArrayList<>();
    for (String amount : List.of("11", "12", "13")) {
      ids.add(api.post("/promotions/topup", topup(amount, null), token).json().get("transactionId").asText());
    }
    JsonNode page1 = api.get("/promotions/topups?limit=2", token).json();
    assertThat(page1.get("items").size()).isEqualTo(2);
    assertThat(page1.get("items").get(0).get("transactionId").asText()).isEqualTo(ids.get(2));
    JsonNode page2 = api.get("/promotions/topups?limit=2&before=" + page1.get("nextBefore").asText(), token).json();
    assertThat(page2.get("items").size()).isEqualTo(1);
    assertThat(page2.get("items").get(0).get("transactionId").asText()).isEqualTo(ids.get(0));
    assertThat(page2.get("nextBefore").isNull()).isTrue();
    assertThat(api.get("/promotions/topups?limit=0", token).status()).isEqualTo(400);
    assertThat(api.get("/promotions/topups?limit=abc", token).status()).isEqualTo(400);

    String stranger = api.register().get("access_token").asText();
    assertThat(api.get("/promotions/topups", stranger).json().get("items").size()).isZero();
  }
}
