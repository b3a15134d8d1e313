package dev.cake.workers.compat;

import static dev.cake.workers.compat.Compat.api;
import static dev.cake.workers.compat.Compat.assertCampaign;
import static dev.cake.workers.compat.Compat.assertError;
import static dev.cake.workers.compat.Compat.assertValidation;
import static dev.cake.workers.compat.Compat.campaign;
import static dev.cake.workers.compat.Compat.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi.Response;
import dev.cake.workers.compat.Compat.Campaigns;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /promotions/campaigns, GET /promotions/campaigns, GET /promotions/campaigns/:id, the campaign object. */
abstract class CampaignContract {

  @Test
  void createAnswers201WithTheCampaignObjectEchoingTheTerms() {
    Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    Instant end = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    String name = "Compat terms " + UUID.randomUUID();
    try (var campaigns = new Campaigns()) {
      JsonNode c = campaigns.open(Map.of("name", name, "description", "for the compat suite",
          "startDate", start.toString(), "endDate", end.toString(), "maxParticipants", 7, "discountPercentage", 25,
          "minTopupAmount", 10, "maxDiscountAmount", 50, "voucherValidityDays", 14));
      String where = "POST /promotions/campaigns 201";
      assertCampaign(c, where);
      assertThat(c.get("name").asText()).as(where + ".name").isEqualTo(name);
      assertThat(c.get("description").asText()).as(where + ".description").isEqualTo("for the compat suite");
      assertThat(c.get("status").asText()).as(where + ".status of a running campaign").isEqualTo("active");
      assertThat(Instant.parse(c.get("startDate").asText())).as(where + ".startDate").isEqualTo(start);
      assertThat(Instant.parse(c.get("endDate").asText())).as(where + ".endDate").isEqualTo(end);
      assertThat(c.get("maxParticipants").asInt()).as(where + ".maxParticipants").isEqualTo(7);
      assertThat(c.get("currentParticipants").asInt()).as(where + ".currentParticipants").isZero();
      assertThat(c.get("remainingSlots").asInt()).as(where + ".remainingSlots").isEqualTo(7);
      assertThat(c.get("discountPercentage").asDouble()).as(where + ".discountPercentage").isEqualTo(25);
      assertThat(c.get("minTopupAmount").asDouble()).as(where + ".minTopupAmount").isEqualTo(10);
      assertThat(c.get("maxDiscountAmount").asDouble()).as(where + ".maxDiscountAmount").isEqualTo(50);
      assertThat(c.get("voucherValidityDays").asInt()).as(where + ".voucherValidityDays").isEqualTo(14);
    }
  }

  @Test
  void createAppliesTheOriginalsDefaults() {
    try (var campaigns = new Campaigns()) {
      JsonNode c = campaigns.open(Map.of()); // name, type, startDate, endDate only
      String where = "POST /promotions/campaigns defaults";
      assertCampaign(c, where);
      assertThat(c.get("maxParticipants").asInt()).as(where + ": maxParticipants default 100").isEqualTo(100);
      assertThat(c.get("discountPercentage").asDouble()).as(where + ": discountPercentage default 30")
          .isEqualTo(30);
      assertThat(c.get("minTopupAmount").asDouble()).as(where + ": minTopupAmount default 0").isZero();
      assertThat(c.get("maxDiscountAmount").isNull()).as(where + ": maxDiscountAmount has no default (null); got "
          + c.get("maxDiscountAmount")).isTrue();
      assertThat(c.get("voucherValidityDays").asInt()).as(where + ": voucherValidityDays default 30").isEqualTo(30);
      assertThat(c.get("remainingSlots").asInt()).as(where + ".remainingSlots").isEqualTo(100);
    }
  }

  @Test
  void createNeedsAnAdmin() {
    var body = Map.<String, Object>of("name", "Compat no admin", "type", "first_login_discount",
        "startDate", Instant.now().toString(), "endDate", Instant.now().plusSeconds(3600).toString());
    List<String> leaked = new ArrayList<>();
    try {
      Response anonymous = api.post("/promotions/campaigns", body, null);
      if (anonymous.status() == 201) leaked.add(anonymous.json().get("id").asText());
      assertError(anonymous, 401, null, "POST /promotions/campaigns without a token (ours needs an admin)");
      String user = register().registerToken();
      Response notAdmin = api.post("/promotions/campaigns", body, user);
      if (notAdmin.status() == 201) leaked.add(notAdmin.json().get("id").asText());
      assertError(notAdmin, 403, null, "POST /promotions/campaigns by a non-admin (ours needs an admin)");
    } finally {
      leaked.forEach(api::endCampaign);
    }
  }

  @Test
  void createValidationAnswers400WithAnArrayOfMessages() {
    try (var campaigns = new Campaigns()) {
      assertValidation(campaigns.create(Map.of("maxParticipants", 0)), "campaign maxParticipants 1..10000",
          "maxParticipants");
      // a documented difference: up to 1,000,000 slots (the original stopped at 10,000; accepting more breaks no client)
      assertValidation(campaigns.create(Map.of("maxParticipants", 1_000_001)), "campaign maxParticipants 1..1000000",
          "maxParticipants");
      assertValidation(campaigns.create(Map.of("discountPercentage", 101)), "campaign discountPercentage 0..100",
          "discountPercentage");
      assertValidation(campaigns.create(Map.of("discountPercentage", -1)), "campaign discountPercentage 0..100",
          "discountPercentage");
      assertValidation(campaigns.create(Map.of("voucherValidityDays", 0)), "campaign voucherValidityDays 1..365",
          "voucherValidityDays");
      assertValidation(campaigns.create(Map.of("voucherValidityDays", 366)),
          "campaign voucherValidityDays 1..365", "voucherValidityDays");
      assertValidation(campaigns.create(Map.of("type", "birthday_bonus")), "campaign type first_login_discount",
          "type");
      assertValidation(campaigns.create(Map.of("startDate", "soon")), "campaign startDate date string",
          "startDate");
      var noName = new HashMap<String, Object>();
      noName.put("name", null);
      assertValidation(campaigns.create(noName), "campaign name required", "name");
    }
  }

  @Test
  void listAnswersEveryActiveCampaignAndGetByIdAnswersOne() {
    try (var campaigns = new Campaigns()) {
      JsonNode running = campaigns.open(Map.of("maxParticipants", 3));
      JsonNode ended = campaigns.open(Map.of("maxParticipants", 3));
      api.endCampaign(ended.get("id").asText());

      Response list = api.get("/promotions/campaigns", null);
      assertThat(list.status()).as("GET /promotions/campaigns (public): 200; body " + list.body()).isEqualTo(200);
      assertThat(list.json().isArray()).as("GET /promotions/campaigns answers an array").isTrue();
      List<String> ids = new ArrayList<>();
      for (JsonNode c : list.json()) {
        assertCampaign(c, "GET /promotions/campaigns[]");
        assertThat(c.get("status").asText()).as("GET /promotions/campaigns lists campaigns with status active")
            .isEqualTo("active");
        ids.add(c.get("id").asText());
      }
      assertThat(ids).as("GET /promotions/campaigns lists the running campaign")
          .contains(running.get("id").asText());
      assertThat(ids).as("GET /promotions/campaigns omits an ended campaign")
          .doesNotContain(ended.get("id").asText());

      JsonNode one = campaign(running.get("id").asText());
      assertCampaign(one, "GET /promotions/campaigns/:id");
      assertThat(one.get("id").asText()).isEqualTo(running.get("id").asText());
      assertThat(one.get("name").asText()).isEqualTo(running.get("name").asText());
    }
  }

  @Test
  void getAnUnknownCampaignAnswers404() {
    assertError(api.get("/promotions/campaigns/987654321", null), 404, "Campaign not found",
        "GET /promotions/campaigns/:id of no campaign");
  }
}
