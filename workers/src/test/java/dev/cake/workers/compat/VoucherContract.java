package dev.cake.workers.compat;

import static dev.cake.workers.compat.Compat.api;
import static dev.cake.workers.compat.Compat.assertError;
import static dev.cake.workers.compat.Compat.assertVoucher;
import static dev.cake.workers.compat.Compat.holder;
import static dev.cake.workers.compat.Compat.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /promotions/my-vouchers and GET /promotions/vouchers/:code/validate. */
abstract class VoucherContract {

  static String validatePath(String code) {
    return "/promotions/vouchers/" + code + "/validate";
  }

  @Test
  void validateAnswersTheVoucherObjectItselfToItsOwner() throws Exception {
    var holder = holder(Map.of("discountPercentage", 20, "minTopupAmount", 5, "maxDiscountAmount", 40));
    Response r = api.get(validatePath(holder.code()), holder.token());
    assertThat(r.status()).as("GET /promotions/vouchers/:code/validate by its owner: 200; body " + r.body())
        .isEqualTo(200);
    JsonNode v = r.json();
    assertVoucher(v, "validate answers the voucher object at TOP LEVEL");
    assertThat(v.get("code").asText()).isEqualTo(holder.code());
    assertThat(v.get("id").asText()).isEqualTo(holder.voucher().get("id").asText());
    assertThat(v.get("isValid").asBoolean()).as("validate: an unused voucher isValid").isTrue();
    assertThat(v.get("isExpired").asBoolean()).isFalse();
    assertThat(v.get("discountPercentage").asDouble()).isEqualTo(20);
    assertThat(v.get("minTopupAmount").asDouble()).isEqualTo(5);
    assertThat(v.get("maxDiscountAmount").asDouble()).isEqualTo(40);

    JsonNode again = api.get(validatePath(holder.code()), holder.token()).json();
    assertThat(again.get("status").asText()).as("validate is read-only").isEqualTo(v.get("status").asText());
  }

  @Test
  void validateAnswers404VoucherNotFoundForUnknownAndForeignCodes() throws Exception {
    var holder = holder(Map.of());
    String stranger = register().registerToken();
    assertError(api.get(validatePath(holder.code()), stranger), 404, "Voucher not found",
        "validate someone else's code (ours: reads as not found)");
    assertError(api.get(validatePath("NOSUCHCODE123"), holder.token()), 404, "Voucher not found",
        "validate an unknown code");
    assertError(api.get(validatePath(holder.code()), null), 401, null,
        "validate without a token (ours needs the owner's token)");
    assertThat(api.get(validatePath(holder.code()), holder.token()).json().path("isValid").asBoolean())
        .as("a stranger's validate does not touch the voucher").isTrue();
  }

  @Test
  void myVouchersListsTheVoucherObject() throws Exception {
    var holder = holder(Map.of("voucherValidityDays", 30));
    Response r = api.get("/promotions/my-vouchers", holder.token());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().isArray()).as("GET /promotions/my-vouchers answers an array").isTrue();
    assertThat(r.json()).hasSize(1);
    assertVoucher(r.json().get(0), "GET /promotions/my-vouchers[0]");
    assertThat(r.json().get(0).has("transactionReference")).as("voucher has transactionReference").isTrue();
    assertThat(r.json().get(0).get("transactionReference").isNull()).as("an unused voucher has no transaction")
        .isTrue();
  }
}
