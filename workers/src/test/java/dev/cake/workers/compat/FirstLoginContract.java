package dev.cake.workers.compat;

import static dev.cake.workers.compat.Compat.api;
import static dev.cake.workers.compat.Compat.assertError;
import static dev.cake.workers.compat.Compat.assertPromotion;
import static dev.cake.workers.compat.Compat.assertVoucher;
import static dev.cake.workers.compat.Compat.awaitVouchers;
import static dev.cake.workers.compat.Compat.bool;
import static dev.cake.workers.compat.Compat.campaign;
import static dev.cake.workers.compat.Compat.id;
import static dev.cake.workers.compat.Compat.loginToken;
import static dev.cake.workers.compat.Compat.number;
import static dev.cake.workers.compat.Compat.quiet;
import static dev.cake.workers.compat.Compat.register;
import static dev.cake.workers.compat.Compat.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi.Response;
import dev.cake.workers.compat.Compat.Campaigns;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The business rules around the first login, with the real worker: GET /promotions/eligibility,
 * POST /promotions/track-first-login, GET /promotions/my-promotions, and who gets enrolled where.
 */
abstract class FirstLoginContract {
  static final String PARTICIPATED = "User has already participated in a promotion campaign";
  static final String NONE = "No active promotion campaigns available or all campaigns are full";

  static JsonNode eligibility(String token) {
    Response r = api.get("/promotions/eligibility", token);
    assertThat(r.status()).as("GET /promotions/eligibility: 200; body " + r.body()).isEqualTo(200);
    return r.json();
  }

  static JsonNode trackFirstLogin(String token) {
    Response r = api.post("/promotions/track-first-login", null, token);
    assertThat(r.status()).as("POST /promotions/track-first-login: 200; body " + r.body()).isEqualTo(200);
    return r.json();
  }

  static JsonNode myPromotions(String token) {
    Response r = api.get("/promotions/my-promotions", token);
    assertThat(r.status()).as("GET /promotions/my-promotions: 200; body " + r.body()).isEqualTo(200);
    assertThat(r.json().isArray()).as("GET /promotions/my-promotions answers an array; got " + r.body()).isTrue();
    return r.json();
  }

  static Map<String, Object> startedAgo(int minutes, int slots) {
    return Map.of("startDate", Instant.now().minus(Duration.ofMinutes(minutes)).toString(), "maxParticipants", slots);
  }

  /** Our suite assumes no foreign open campaign; say so plainly instead of failing obscurely. */
  static void noForeignOpenCampaigns() {
    for (JsonNode c : api.get("/promotions/campaigns", null).json()) {
      assertThat(c.path("remainingSlots").asInt())
          .as("precondition: no campaign with free slots left open by another test: " + c).isZero();
    }
  }

  static int participants(JsonNode campaign) {
    return campaign(campaign.get("id").asText()).get("currentParticipants").asInt();
  }

  @Test
  void eligibilityGivesItsThreeAnswersAndWritesNothing() throws Exception {
    noForeignOpenCampaigns();
    var user = register();
    String token = user.registerToken();

    JsonNode none = eligibility(token);
    assertThat(bool(none, "eligible", "eligibility without campaigns")).isFalse();
    assertThat(string(none, "message", "eligibility without campaigns")).isEqualTo(NONE);

    try (var campaigns = new Campaigns()) {
      JsonNode older = campaigns.open(startedAgo(120, 5));
      JsonNode newer = campaigns.open(startedAgo(60, 3));
      String where = "eligibility with campaigns open";
      JsonNode yes = eligibility(token);
      assertThat(bool(yes, "eligible", where)).isTrue();
      assertThat(id(yes, "campaignId", where)).as(where + ": the newest active campaign with free slots")
          .isEqualTo(newer.get("id").asText());
      assertThat(string(yes, "campaignName", where)).isEqualTo(newer.get("name").asText());
      assertThat(number(yes, "remainingSlots", where)).isEqualTo(3);
      assertThat(string(yes, "message", where)).isEqualTo("You are eligible for the \"" + newer.get("name").asText()
          + "\" promotion. 3 slots remaining.");

      quiet();
      assertThat(myPromotions(token)).as("eligibility is read-only: still no promotion").isEmpty();
      assertThat(participants(newer)).as("eligibility is read-only: no slot taken").isZero();
      assertThat(participants(older)).isZero();

      loginToken(user); // the first login enrols into the newest campaign
      awaitVouchers(token, 1, "eligibility user's first login");
      JsonNode already = eligibility(token);
      assertThat(bool(already, "eligible", "eligibility after enrolment")).isFalse();
      assertThat(string(already, "message", "eligibility after enrolment")).isEqualTo(PARTICIPATED);
    }
    assertError(api.get("/promotions/eligibility", null), 401, null, "GET /promotions/eligibility without a token");
  }

  @Test
  void eligibilityWhenEveryCampaignIsFull() throws Exception {
    noForeignOpenCampaigns();
    try (var campaigns = new Campaigns()) {
      JsonNode one = campaigns.open(startedAgo(60, 1));
      var first = register();
      awaitVouchers(loginToken(first), 1, "the single slot's first login");
      assertThat(campaign(one.get("id").asText()).get("remainingSlots").asInt()).isZero();

      JsonNode full = eligibility(register().registerToken());
      assertThat(bool(full, "eligible", "eligibility, all campaigns full")).isFalse();
      assertThat(string(full, "message", "eligibility, all campaigns full")).isEqualTo(NONE);
    }
  }

  @Test
  void firstLoginEnrolsIntoTheNewestActiveCampaignWithItsTerms() throws Exception {
    try (var campaigns = new Campaigns()) {
      JsonNode older = campaigns.open(Map.of("startDate", Instant.now().minus(Duration.ofHours(2)).toString(),
          "maxParticipants", 10, "discountPercentage", 10));
      JsonNode newer = campaigns.open(Map.of("startDate", Instant.now().minus(Duration.ofHours(1)).toString(),
          "maxParticipants", 10, "discountPercentage", 40, "minTopupAmount", 20, "maxDiscountAmount", 15,
          "voucherValidityDays", 7));
      var user = register();
      assertThat(myPromotions(user.registerToken())).as("no promotion before the first login").isEmpty();
      String token = loginToken(user);
      JsonNode vouchers = awaitVouchers(token, 1, "first login, two campaigns open");

      JsonNode v = vouchers.get(0);
      assertVoucher(v, "GET /promotions/my-vouchers[0]");
      assertThat(v.get("discountPercentage").asDouble()).as("the voucher carries the newest campaign's terms")
          .isEqualTo(40);
      assertThat(v.get("minTopupAmount").asDouble()).as("voucher.minTopupAmount = campaign's").isEqualTo(20);
      assertThat(v.get("maxDiscountAmount").asDouble()).as("voucher.maxDiscountAmount = campaign's").isEqualTo(15);
      assertThat(v.get("isValid").asBoolean()).as("a fresh voucher isValid").isTrue();
      assertThat(v.get("isExpired").asBoolean()).as("a fresh voucher is not isExpired").isFalse();
      assertThat(v.get("usedAt").isNull()).as("a fresh voucher has usedAt null").isTrue();
      Duration validity = Duration.between(Instant.parse(v.get("issuedAt").asText()),
          Instant.parse(v.get("expiresAt").asText()));
      assertThat(validity).as("expiresAt = issuedAt + voucherValidityDays (7)")
          .isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7).plusMinutes(1));

      JsonNode promotions = myPromotions(token);
      assertThat(promotions).as("one promotion").hasSize(1);
      JsonNode p = promotions.get(0);
      assertPromotion(p, "GET /promotions/my-promotions[0]");
      assertThat(p.get("campaignId").asText()).as("enrolled into the NEWEST active campaign")
          .isEqualTo(newer.get("id").asText());
      assertThat(p.get("campaignName").asText()).isEqualTo(newer.get("name").asText());
      assertThat(p.get("participationOrder").asInt()).as("the first participant's order").isEqualTo(1);
      assertThat(p.get("isInFirstHundred").asBoolean()).as("order 1 isInFirstHundred").isTrue();
      assertThat(p.get("vouchers")).as("the promotion lists its voucher").hasSize(1);
      assertThat(p.at("/vouchers/0/code").asText()).isEqualTo(v.get("code").asText());

      assertThat(participants(newer)).as("newest campaign's currentParticipants").isEqualTo(1);
      assertThat(participants(older)).as("older campaign untouched").isZero();
    }
  }

  @Test
  void aFullNewestCampaignOverflowsToTheNext() throws Exception {
    try (var campaigns = new Campaigns()) {
      JsonNode older = campaigns.open(startedAgo(120, 5));
      JsonNode newer = campaigns.open(startedAgo(60, 1));
      String first = loginToken(register());
      awaitVouchers(first, 1, "first user");
      assertThat(myPromotions(first).at("/0/campaignId").asText()).as("first user into the newest campaign")
          .isEqualTo(newer.get("id").asText());
      String second = loginToken(register());
      awaitVouchers(second, 1, "second user");
      assertThat(myPromotions(second).at("/0/campaignId").asText())
          .as("newest campaign full: the next active campaign with free slots").isEqualTo(older.get("id").asText());
      JsonNode full = campaign(newer.get("id").asText());
      assertThat(full.get("currentParticipants").asInt()).isEqualTo(1);
      assertThat(full.get("remainingSlots").asInt()).isZero();
      assertThat(participants(older)).isEqualTo(1);
    }
  }

  @Test
  void aRepeatedLoginNeverEnrols() throws Exception {
    noForeignOpenCampaigns();
    var late = register();
    String lateToken = loginToken(late); // first login with no campaign open: nothing
    quiet();
    var enrolled = register();
    try (var campaigns = new Campaigns()) {
      JsonNode first = campaigns.open(startedAgo(120, 10));
      loginToken(late); // not a first login
      String enrolledToken = loginToken(enrolled); // a first login
      awaitVouchers(enrolledToken, 1, "first login");
      quiet();
      assertThat(myPromotions(lateToken)).as("a repeated login never enrols (user's first login had no campaign)")
          .isEmpty();
      assertThat(participants(first)).as("only the first login took a slot").isEqualTo(1);

      JsonNode second = campaigns.open(startedAgo(60, 10));
      loginToken(enrolled);
      loginToken(late);
      quiet();
      assertThat(myPromotions(enrolledToken)).as("at most one campaign per user; a repeated login never enrols")
          .hasSize(1);
      assertThat(api.get("/promotions/my-vouchers", enrolledToken).json()).hasSize(1);
      assertThat(myPromotions(lateToken)).as("a repeated login never enrols").isEmpty();
      assertThat(participants(second)).as("the newer campaign got nobody from repeated logins").isZero();
    }
  }

  @Test
  void anAdminsFirstLoginNeverTakesASlot() throws Exception {
    try (var campaigns = new Campaigns()) {
      JsonNode open = campaigns.open(startedAgo(60, 5));
      String secondAdmin = api.adminToken(); // a new admin's first login while the campaign has slots
      quiet();
      assertThat(participants(open)).as("an admin's first login never takes a slot").isZero();
      assertThat(myPromotions(secondAdmin)).as("an admin has no promotion").isEmpty();
    }
  }

  @Test
  void trackFirstLoginReportsInTheOriginalsShapeAndNeverEnrols() throws Exception {
    noForeignOpenCampaigns();
    var fresh = register(); // never logged in
    var returning = register();
    String returningToken = loginToken(returning); // its first login is used up, with no campaign open
    quiet();

    JsonNode none = trackFirstLogin(fresh.registerToken());
    assertThat(bool(none, "eligible", "track-first-login without campaigns")).isFalse();
    string(none, "message", "track-first-login without campaigns");

    try (var campaigns = new Campaigns()) {
      JsonNode open = campaigns.open(startedAgo(60, 4));
      for (String token : new String[] {fresh.registerToken(), returningToken}) {
        String where = "track-first-login with a campaign open";
        JsonNode t = trackFirstLogin(token);
        assertThat(bool(t, "eligible", where)).isTrue();
        assertThat(id(t, "campaignId", where)).isEqualTo(open.get("id").asText());
        assertThat(string(t, "campaignName", where)).isEqualTo(open.get("name").asText());
        string(t, "message", where);
        assertThat(number(t, "remainingSlots", where)).isEqualTo(4);
      }
      quiet();
      assertThat(myPromotions(fresh.registerToken())).as("track-first-login NEVER enrols (never logged in user)")
          .isEmpty();
      assertThat(myPromotions(returningToken)).as("track-first-login NEVER enrols (returning user)").isEmpty();
      assertThat(participants(open)).as("track-first-login takes no slot").isZero();

      String token = loginToken(fresh); // the real first login still enrols
      awaitVouchers(token, 1, "first login after track-first-login");
      JsonNode already = trackFirstLogin(token);
      assertThat(bool(already, "eligible", "track-first-login when participating")).isFalse();
      assertThat(string(already, "message", "track-first-login when participating")).isEqualTo(PARTICIPATED);
      quiet();
      assertThat(myPromotions(token)).hasSize(1);
      assertThat(participants(open)).isEqualTo(1);
    }
    assertError(api.post("/promotions/track-first-login", null, null), 401, null,
        "POST /promotions/track-first-login without a token");
  }

  @Test
  void myPromotionsAndMyVouchersAreEmptyArraysForANewUserAndNeedAToken() {
    String token = register().registerToken();
    assertThat(myPromotions(token)).isEmpty();
    Response vouchers = api.get("/promotions/my-vouchers", token);
    assertThat(vouchers.status()).isEqualTo(200);
    assertThat(vouchers.json().isArray() && vouchers.json().isEmpty())
        .as("GET /promotions/my-vouchers answers [] for a new user; got " + vouchers.body()).isTrue();
    assertError(api.get("/promotions/my-promotions", null), 401, null, "GET /promotions/my-promotions without a token");
    assertError(api.get("/promotions/my-vouchers", null), 401, null, "GET /promotions/my-vouchers without a token");
  }
}
