package dev.cake.http.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CampaignRoutesTest {
  static TestApi api;
  static String admin;

  @BeforeAll
  static void start() {
    api = new TestApi();
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void adminCreatesACampaignWithTheOriginalsDefaults() {
    JsonNode c = api.createCampaign(admin, Map.of("description", "first hundred"));
    try {
      assertThat(c.get("id").isTextual()).isTrue();
      assertThat(c.get("type").asText()).isEqualTo("first_login_discount");
      assertThat(c.get("status").asText()).isEqualTo("active");
      assertThat(c.get("maxParticipants").asInt()).isEqualTo(100);
      assertThat(c.get("currentParticipants").asInt()).isZero();
      assertThat(c.get("remainingSlots").asInt()).isEqualTo(100);
      assertThat(c.get("discountPercentage").isNumber()).isTrue();
      assertThat(c.get("discountPercentage").decimalValue()).isEqualByComparingTo("30");
      assertThat(c.get("minTopupAmount").decimalValue()).isEqualByComparingTo("0");
      assertThat(c.get("voucherValidityDays").asInt()).isEqualTo(30);

      assertThat(api.get("/promotions/campaigns/" + c.get("id").asText(), null).json().get("name").asText())
          .isEqualTo(c.get("name").asText());
      List<String> listed = new ArrayList<>();
      api.get("/promotions/campaigns", null).json().forEach(x -> listed.add(x.get("id").asText()));
      assertThat(listed).contains(c.get("id").asText());
    } finally {
      api.endCampaign(c.get("id").asText());
    }
  }

  @Test
  void onlyAdminsCreate() {
    var body = Map.of("name", "x", "startDate", "2026-01-01", "endDate", "2027-01-01");
    assertThat(api.post("/promotions/campaigns", body, null).status()).isEqualTo(401);
    String user = api.register().get("access_token").asText();
    assertThat(api.post("/promotions/campaigns", body, user).status()).isEqualTo(403);
    assertThat(api.send("/promotions/campaigns/1", "PATCH", Map.of("status", "inactive"), user).status())
        .isEqualTo(403);
  }

  @Test
  void invalidCampaignsAre400WithEveryField() {
    Response r = api.post("/promotions/campaigns", Map.of("name", "", "startDate", "2027-01-01",
        "endDate", "2026-01-01", "maxParticipants", 0, "discountPercentage", 0,
        "voucherValidityDays", 400), admin);
    assertThat(r.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("name", "endDate", "maxParticipants", "discountPercentage",
        "voucherValidityDays");
    assertThat(api.post("/promotions/campaigns", Map.of("name", "x", "startDate", "2026-01-01",
        "endDate", "2027-01-01", "maxParticipants", 1.5), admin).status()).isEqualTo(400);
  }

  @Test
  void unknownIdIs404AndMalformedIdIs400() {
    assertThat(api.get("/promotions/campaigns/999999999", null).status()).isEqualTo(404);
    assertThat(api.get("/promotions/campaigns/abc", null).status()).isEqualTo(400);
    assertThat(api.get("/promotions/campaigns/-1", null).status()).isEqualTo(400);
  }

  @Test
  void pausedCampaignsEnrolNobodyAndResumeLater() {
    JsonNode c = api.createCampaign(admin, Map.of("maxParticipants", 5));
    String id = c.get("id").asText();
    try {
      Response paused = api.send("/promotions/campaigns/" + id, "PATCH", Map.of("status", "inactive"), admin);
      assertThat(paused.status()).isEqualTo(200);
      assertThat(paused.json().get("status").asText()).isEqualTo("inactive");

      var reg = TestApi.newRegistration();
      api.post("/auth/register", reg, null);
      String token = api.loginAndEnrol((String) reg.get("username"), "correct-horse").get("access_token").asText();
      assertThat(api.get("/promotions/my-vouchers", token).json().size()).isZero();

      assertThat(api.send("/promotions/campaigns/" + id, "PATCH", Map.of("status", "active"), admin)
          .json().get("status").asText()).isEqualTo("active");
      JsonNode second = api.register();
      api.loginAndEnrol(second.at("/user/username").asText(), "correct-horse");
      assertThat(api.get("/promotions/my-vouchers", second.get("access_token").asText()).json().size()).isEqualTo(1);

      assertThat(api.send("/promotions/campaigns/" + id, "PATCH", Map.of("status", "expired"), admin)
          .json().get("status").asText()).isEqualTo("expired");
      assertThat(api.send("/promotions/campaigns/" + id, "PATCH", Map.of("status", "active"), admin).status())
          .isEqualTo(409);
      assertThat(api.send("/promotions/campaigns/" + id, "PATCH", Map.of("status", "full"), admin).status())
          .isEqualTo(400);
    } finally {
      api.endCampaign(id);
    }
  }

  @Test
  void firstLoginGetsAVoucherVisibleInEveryUserEndpoint() {
    JsonNode c = api.createCampaign(admin, Map.of("maxParticipants", 3));
    try {
      var reg = TestApi.newRegistration();
      String token = api.post("/auth/register", reg, null).json().get("access_token").asText();
      JsonNode before = api.get("/promotions/eligibility", token).json();
      assertThat(before.get("eligible").asBoolean()).as(before.toString()).isTrue();
      assertThat(before.get("campaignId").asText()).isEqualTo(c.get("id").asText());
      assertThat(before.get("remainingSlots").asInt()).isEqualTo(3);
      assertThat(before.get("message").asText())
          .isEqualTo("You are eligible for the \"" + c.get("name").asText() + "\" promotion. 3 slots remaining.");
      assertThat(before.get("vouchers").size()).isZero();
      api.loginAndEnrol((String) reg.get("username"), "correct-horse");
      api.loginAndEnrol((String) reg.get("username"), "correct-horse"); // a repeat adds nothing

      JsonNode vouchers = api.get("/promotions/my-vouchers", token).json();
      assertThat(vouchers.size()).isEqualTo(1);
      JsonNode v = vouchers.get(0);
      assertThat(v.get("code").asText()).matches("CAKE-[A-Z0-9]{8}");
      assertThat(v.get("isValid").asBoolean()).isTrue();
      assertThat(v.get("isExpired").asBoolean()).isFalse();
      assertThat(v.get("status").asText()).isEqualTo("active");

      JsonNode promotions = api.get("/promotions/my-promotions", token).json();
      assertThat(promotions.size()).isEqualTo(1);
      assertThat(promotions.get(0).get("participationOrder").asInt()).isEqualTo(1);
      assertThat(promotions.get(0).get("isInFirstHundred").asBoolean()).isTrue();
      assertThat(promotions.get(0).get("vouchers").get(0).get("code").asText()).isEqualTo(v.get("code").asText());

      JsonNode after = api.get("/promotions/eligibility", token).json();
      assertThat(after.get("eligible").asBoolean()).isFalse();
      assertThat(after.get("message").asText()).isEqualTo("User has already participated in a promotion campaign");
      assertThat(after.has("campaignId")).isFalse();
      assertThat(after.get("vouchers").get(0).get("code").asText()).isEqualTo(v.get("code").asText());
      Response valid = api.get("/promotions/vouchers/" + v.get("code").asText() + "/validate", token);
      assertThat(valid.status()).isEqualTo(200);
      assertThat(valid.json().get("isValid").asBoolean()).isTrue();

      String stranger = api.register().get("access_token").asText();
      assertThat(api.get("/promotions/vouchers/" + v.get("code").asText() + "/validate", stranger).status())
          .isEqualTo(404);
      assertThat(api.get("/promotions/vouchers/CAKE-ZZZZZZZZ/validate", token).status()).isEqualTo(404);
      assertThat(api.get("/promotions/my-vouchers", null).status()).isEqualTo(401);
      assertThat(api.get("/promotions/campaigns/" + c.get("id").asText(), null).json()
          .get("currentParticipants").asInt()).isEqualTo(1);
    } finally {
      api.endCampaign(c.get("id").asText());
    }
  }
}
