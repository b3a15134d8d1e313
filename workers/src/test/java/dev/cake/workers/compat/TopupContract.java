package dev.cake.workers.compat;

import static dev.cake.workers.compat.Compat.api;
import static dev.cake.workers.compat.Compat.assertError;
import static dev.cake.workers.compat.Compat.assertErrorIn;
import static dev.cake.workers.compat.Compat.assertValidation;
import static dev.cake.workers.compat.Compat.assertVoucher;
import static dev.cake.workers.compat.Compat.bool;
import static dev.cake.workers.compat.Compat.holder;
import static dev.cake.workers.compat.Compat.id;
import static dev.cake.workers.compat.Compat.instant;
import static dev.cake.workers.compat.Compat.number;
import static dev.cake.workers.compat.Compat.register;
import static dev.cake.workers.compat.Compat.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi.Response;
import dev.cake.workers.compat.Compat.Holder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** POST /promotions/topup, with and without a voucher, and the discount math. */
abstract class TopupContract {
  /** The original said 400 for these; ours may be more precise. */
  static final Set<Integer> VOUCHER_REFUSED = Set.of(400, 409, 422);

  static Map<String, Object> topup(String phone, Object amount, String voucherCode) {
    var body = new HashMap<String, Object>();
    body.put("phoneNumber", phone);
    body.put("amount", amount);
    if (voucherCode != null) body.put("voucherCode", voucherCode);
    return body;
  }

  /** A 200 top-up, checked field by field; returns the body. */
  static JsonNode topupOk(String token, Map<String, Object> body, double discount, String why) {
    Response r = api.post("/promotions/topup", body, token);
    assertThat(r.status()).as("POST /promotions/topup (" + why + "): 200; body " + r.body()).isEqualTo(200);
    JsonNode t = r.json();
    String where = "POST /promotions/topup 200 (" + why + ")";
    assertThat(bool(t, "success", where)).isTrue();
    assertThat(string(t, "transactionId", where)).isNotBlank();
    double amount = ((Number) body.get("amount")).doubleValue();
    assertThat(number(t, "originalAmount", where)).as(where + ".originalAmount").isEqualTo(amount);
    assertThat(number(t, "discountAmount", where)).as(where + ".discountAmount").isEqualTo(discount);
    assertThat(number(t, "finalAmount", where)).as(where + ".finalAmount = originalAmount - discountAmount")
        .isEqualTo(amount - discount);
    assertThat(string(t, "phoneNumber", where)).isEqualTo(body.get("phoneNumber"));
    if (body.containsKey("voucherCode")) {
      assertThat(string(t, "voucherCode", where)).isEqualTo(body.get("voucherCode"));
    }
    String message = string(t, "message", where);
    if (discount > 0) {
      assertThat(message).as(where + ".message").isEqualTo("Top-up successful! You saved " + plain(discount)
          + " with your voucher.");
    } else {
      assertThat(message).as(where + ".message").isEqualTo("Top-up successful!");
    }
    return t;
  }

  /** A number as JavaScript prints it: 30, 16.5. */
  static String plain(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }

  static JsonNode myVoucher(Holder h) {
    JsonNode vouchers = api.get("/promotions/my-vouchers", h.token()).json();
    assertThat(vouchers).hasSize(1);
    return vouchers.get(0);
  }

  @Test
  void topupWithoutAVoucher() {
    var user = register();
    JsonNode t = topupOk(user.registerToken(), topup(user.phone(), 50, null), 0, "no voucher");
    assertThat(t.path("voucherCode").isMissingNode() || t.get("voucherCode").isNull())
        .as("no voucherCode without a voucher; got " + t).isTrue();

    var explicit = topup(user.phone(), 12.5, null);
    explicit.put("paymentMethod", "bank_transfer");
    topupOk(user.registerToken(), explicit, 0, "paymentMethod bank_transfer, fractional amount");
  }

  @Test
  void topupWithAPercentageVoucherSpendsItOnce() throws Exception {
    Holder h = holder(Map.of("discountPercentage", 30, "minTopupAmount", 10));
    String phone = h.user().phone();
    JsonNode t = topupOk(h.token(), topup(phone, 100, h.code()), 30, "30% voucher on 100");

    JsonNode v = myVoucher(h);
    String where = "my-vouchers[0] after its top-up";
    assertVoucher(v, where);
    assertThat(v.get("isValid").asBoolean()).as(where + ": a used voucher is not isValid").isFalse();
    assertThat(v.get("status").asText()).as(where + ".status changed from the unused status")
        .isNotEqualTo(h.voucher().get("status").asText());
    instant(v, "usedAt", where);
    number(v, "usedAmount", where);
    assertThat(number(v, "discountAmount", where)).as(where + ".discountAmount").isEqualTo(30);
    assertThat(string(v, "transactionReference", where)).as(where + ".transactionReference is set").isNotBlank();

    JsonNode p = api.get("/promotions/my-promotions", h.token()).json().get(0);
    assertThat(p.at("/vouchers/0/isValid").asBoolean()).as("my-promotions[0].vouchers[0] shows it used").isFalse();
    id(p, "id", "my-promotions[0] after the top-up");

    assertErrorIn(api.post("/promotions/topup", topup(phone, 100, h.code()), h.token()), VOUCHER_REFUSED,
        "Voucher is expired or already used", "top-up with a voucher already used");
    Response validate = api.get("/promotions/vouchers/" + h.code() + "/validate", h.token());
    assertThat(validate.json().path("isValid").asBoolean()).as("validate a used voucher: isValid false").isFalse();
    assertThat(t.get("transactionId").asText()).isNotBlank();
  }

  @Test
  void thePercentageIsCappedByMaxDiscountAmount() throws Exception {
    Holder h = holder(Map.of("discountPercentage", 50, "maxDiscountAmount", 20));
    topupOk(h.token(), topup(h.user().phone(), 100, h.code()), 20, "50% of 100 capped at 20");
  }

  @Test
  void aFractionalDiscountIsPrintedAsAPlainNumber() throws Exception {
    Holder h = holder(Map.of("discountPercentage", 30));
    topupOk(h.token(), topup(h.user().phone(), 55, h.code()), 16.5, "30% of 55");
  }

  @Test
  void theAmountMustReachMinTopupAmount() throws Exception {
    Holder h = holder(Map.of("discountPercentage", 30, "minTopupAmount", 10));
    assertErrorIn(api.post("/promotions/topup", topup(h.user().phone(), 5, h.code()), h.token()),
        VOUCHER_REFUSED, "Minimum top-up amount for this voucher is 10", "top-up below the voucher's minimum");
    assertThat(myVoucher(h).get("isValid").asBoolean()).as("a refused top-up leaves the voucher valid").isTrue();
    topupOk(h.token(), topup(h.user().phone(), 10, h.code()), 3, "exactly the minimum: 30% of 10");
  }

  @Test
  void anUnknownOrForeignVoucherCodeIsInvalid() throws Exception {
    Holder h = holder(Map.of());
    var other = register();
    assertError(api.post("/promotions/topup", topup(other.phone(), 100, h.code()), other.registerToken()),
        404, "Invalid voucher code", "top-up with someone else's code (ours: reads as invalid)");
    assertThat(myVoucher(h).get("isValid").asBoolean()).as("someone else's attempt leaves the voucher valid")
        .isTrue();
    // an unknown code shaped like a real one, then any string (the original's voucherCode is just a string)
    String unknown = h.code().substring(0, h.code().length() - 1)
        + (h.code().endsWith("Z") ? "Y" : "Z");
    assertError(api.post("/promotions/topup", topup(other.phone(), 100, unknown), other.registerToken()),
        404, "Invalid voucher code", "top-up with an unknown code shaped like ours");
    assertError(api.post("/promotions/topup", topup(other.phone(), 100, "NOSUCHCODE123"), other.registerToken()),
        404, "Invalid voucher code", "top-up with an unknown code (any string: the original's voucherCode is "
            + "an optional string, no format)");
  }

  @Test
  void topupValidationAndAuth() {
    var user = register();
    String token = user.registerToken();
    assertValidation(api.post("/promotions/topup", topup(user.phone(), 0, null), token), "top-up amount >= 0.01",
        "amount");
    assertValidation(api.post("/promotions/topup", topup(user.phone(), -5, null), token), "top-up amount >= 0.01",
        "amount");
    assertValidation(api.post("/promotions/topup", topup(user.phone(), "ten", null), token),
        "top-up amount is a number", "amount");
    var noAmount = topup(user.phone(), 1, null);
    noAmount.remove("amount");
    assertValidation(api.post("/promotions/topup", noAmount, token), "top-up amount required", "amount");
    assertValidation(api.post("/promotions/topup", topup("abc", 10, null), token), "top-up phoneNumber valid phone",
        "phoneNumber");
    assertError(api.post("/promotions/topup", topup(user.phone(), 10, null), null), 401, null,
        "POST /promotions/topup without a token");
  }
}
