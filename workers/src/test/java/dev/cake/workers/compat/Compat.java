package dev.cake.workers.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cake.http.testing.TestApi;
import dev.cake.http.testing.TestApi.Response;
import dev.cake.workers.testing.Quiet;
import dev.cake.workers.testing.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the original's clients see, written from {@code ORIGINAL-API.md} alone: shared state of {@link OriginalClientTest}
 * (one API, one real worker process, one admin) and the checks every area uses. Every assertion names the original
 * rule it holds us to.
 */
final class Compat {
  private Compat() {}

  static TestApi api;
  static WorkerProcess worker;
  /** An admin logged in before any campaign of this suite opens. */
  static String admin;

  /** 12+ characters: ours may require more than the original's 6. */
  static final String PASSWORD = "correct-horse-battery";
  /** How long the worker may take to turn a first login into a voucher before we call it broken. */
  static final Duration WORKER_DEADLINE = Duration.ofSeconds(20);

  private static final AtomicInteger PHONES = new AtomicInteger(new java.util.Random().nextInt(9_000_000));
  private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized", 402,
      "Payment Required", 403, "Forbidden", 404, "Not Found", 409, "Conflict");

  // ---- users ----

  record User(String id, String username, String email, String phone, String registerToken, JsonNode registered) {}

  /** A valid, unique registration: E.164 phone, 12+ character password, ISO date birthday. */
  static Map<String, Object> registration() {
    String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    var body = new HashMap<String, Object>();
    body.put("fullname", "Compat " + tag);
    body.put("email", "c" + tag + "@example.com");
    body.put("username", "c" + tag);
    body.put("phone", String.format("+8491%07d", PHONES.incrementAndGet() % 10_000_000));
    body.put("password", PASSWORD);
    body.put("birthday", "1990-05-17");
    return body;
  }

  static User register() {
    return register(registration());
  }

  static User register(Map<String, Object> body) {
    Response r = api.post("/auth/register", body, null);
    assertThat(r.status()).as("POST /auth/register answers 201 for a valid registration: " + r.body())
        .isEqualTo(201);
    JsonNode json = r.json();
    return new User(json.at("/user/id").asText(), (String) body.get("username"), (String) body.get("email"),
        (String) body.get("phone"), json.path("access_token").asText(), json);
  }

  /** POST /auth/login; returns the 200 body. */
  static JsonNode login(String account) {
    Response r = api.post("/auth/login", Map.of("account", account, "password", PASSWORD), null);
    assertThat(r.status()).as("POST /auth/login answers 200 for the right password: " + r.body()).isEqualTo(200);
    return r.json();
  }

  static String loginToken(User user) {
    return login(user.username()).get("access_token").asText();
  }

  // ---- campaigns: every campaign a test opens is ended when the block closes ----

  static final class Campaigns implements AutoCloseable {
    private final List<String> ids = new ArrayList<>();

    /**
     * Starts from a quiet queue: a first login of an earlier test whose event is still being handled would otherwise
     * join the first campaign this test opens (CI saw one join the older of two campaigns opened a moment apart).
     */
    Campaigns() {
      try {
        dev.cake.workers.testing.Quiet.await(api, java.time.Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** POST /promotions/campaigns as the admin (type first_login_discount, started an hour ago, ends in a day). */
    JsonNode open(Map<String, Object> fields) {
      Response r = create(fields);
      assertThat(r.status()).as("POST /promotions/campaigns by an admin answers 201: " + r.body()).isEqualTo(201);
      ids.add(r.json().get("id").asText());
      return r.json();
    }

    /** The raw answer; a 201's campaign is still ended on close. */
    Response create(Map<String, Object> fields) {
      var body = new HashMap<String, Object>();
      body.put("name", "Compat " + UUID.randomUUID());
      body.put("type", "first_login_discount");
      body.put("startDate", Instant.now().minusSeconds(3600).toString());
      body.put("endDate", Instant.now().plusSeconds(86_400).toString());
      body.putAll(fields);
      Response r = api.post("/promotions/campaigns", body, admin);
      if (r.status() == 201 && r.json().hasNonNull("id")) ids.add(r.json().get("id").asText());
      return r;
    }

    @Override
    public void close() {
      ids.stream().distinct().forEach(api::endCampaign);
    }
  }

  static JsonNode campaign(String id) {
    Response r = api.get("/promotions/campaigns/" + id, null);
    assertThat(r.status()).as("GET /promotions/campaigns/:id answers 200 (public): " + r.body()).isEqualTo(200);
    return r.json();
  }

  // ---- the worker ----

  /**
   * Polls GET /promotions/my-vouchers until {@code n} vouchers are visible or the deadline passes, then waits for the
   * worker to go quiet and reads again (so that a second, wrongful enrolment is seen too).
   */
  static JsonNode awaitVouchers(String token, int n, String why) throws InterruptedException {
    long start = System.nanoTime();
    JsonNode vouchers;
    do {
      vouchers = myVouchers(token);
      if (vouchers.size() >= n) break;
      Thread.sleep(25);
    } while (System.nanoTime() - start < WORKER_DEADLINE.toNanos());
    System.out.printf("OriginalClientTest: %d voucher(s) visible after %d ms (%s)%n", vouchers.size(),
        Duration.ofNanos(System.nanoTime() - start).toMillis(), why);
    assertThat(vouchers.size()).as(why + ": the first login enrols (a voucher in my-vouchers within "
        + WORKER_DEADLINE.toSeconds() + " s); got " + vouchers).isGreaterThanOrEqualTo(n);
    quiet();
    vouchers = myVouchers(token);
    assertThat(vouchers.size()).as(why + ": a user takes part in at most one campaign (one voucher); got "
        + vouchers).isEqualTo(n);
    return vouchers;
  }

  static JsonNode myVouchers(String token) {
    Response r = api.get("/promotions/my-vouchers", token);
    assertThat(r.status()).as("GET /promotions/my-vouchers answers 200: " + r.body()).isEqualTo(200);
    assertThat(r.json().isArray()).as("GET /promotions/my-vouchers answers an array; got " + r.body()).isTrue();
    return r.json();
  }

  /** Every event published and handled by the worker (so "nothing happened" is a fact, not a race). */
  static void quiet() throws InterruptedException {
    Quiet.await(api, WORKER_DEADLINE);
  }

  /** A user enrolled through the real path (first login, worker) in a campaign with {@code terms}, then ended. */
  record Holder(User user, String token, JsonNode voucher, JsonNode campaign) {
    String code() {
      return voucher.get("code").asText();
    }
  }

  static Holder holder(Map<String, Object> terms) throws InterruptedException {
    try (var campaigns = new Campaigns()) {
      JsonNode campaign = campaigns.open(terms);
      User user = register();
      String token = loginToken(user);
      JsonNode vouchers = awaitVouchers(token, 1, "voucher holder");
      return new Holder(user, token, vouchers.get(0), campaign);
    }
  }

  // ---- JSON types ----

  static JsonNode field(JsonNode obj, String name, String where) {
    assertThat(obj.has(name)).as(where + " has field `" + name + "` (original contract); got " + obj).isTrue();
    return obj.get(name);
  }

  static String string(JsonNode obj, String name, String where) {
    JsonNode v = field(obj, name, where);
    assertThat(v.isTextual()).as(where + "." + name + " is a JSON string; got " + v).isTrue();
    return v.asText();
  }

  static void stringOrNull(JsonNode obj, String name, String where) {
    JsonNode v = field(obj, name, where);
    assertThat(v.isTextual() || v.isNull()).as(where + "." + name + " is a string or null; got " + v).isTrue();
  }

  static void nullValue(JsonNode obj, String name, String where) {
    JsonNode v = field(obj, name, where);
    assertThat(v.isNull()).as(where + "." + name + " is null; got " + v).isTrue();
  }

  /** An id: ids are JSON strings in the original. */
  static String id(JsonNode obj, String name, String where) {
    String s = string(obj, name, where);
    assertThat(s).as(where + "." + name + " is a non-empty id string").isNotBlank();
    return s;
  }

  static Instant instant(JsonNode obj, String name, String where) {
    String s = string(obj, name, where);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new AssertionError(where + "." + name + " is an ISO-8601 date-time string; got " + s, e);
    }
  }

  static void instantOrNull(JsonNode obj, String name, String where) {
    if (field(obj, name, where).isNull()) return;
    instant(obj, name, where);
  }

  static double number(JsonNode obj, String name, String where) {
    JsonNode v = field(obj, name, where);
    assertThat(v.isNumber()).as(where + "." + name + " is a JSON number; got " + v).isTrue();
    return v.asDouble();
  }

  static void numberOrNull(JsonNode obj, String name, String where) {
    JsonNode v = field(obj, name, where);
    assertThat(v.isNumber() || v.isNull()).as(where + "." + name + " is a number or null; got " + v).isTrue();
  }

  static boolean bool(JsonNode obj, String name, String where) {
    JsonNode v = field(obj, name, where);
    assertThat(v.isBoolean()).as(where + "." + name + " is a JSON boolean; got " + v).isTrue();
    return v.asBoolean();
  }

  static JsonNode array(JsonNode obj, String name, String where) {
    JsonNode v = field(obj, name, where);
    assertThat(v.isArray()).as(where + "." + name + " is a JSON array; got " + v).isTrue();
    return v;
  }

  static JsonNode object(JsonNode obj, String name, String where) {
    JsonNode v = field(obj, name, where);
    assertThat(v.isObject()).as(where + "." + name + " is a JSON object; got " + v).isTrue();
    return v;
  }

  static void absent(JsonNode obj, String name, String where) {
    assertThat(obj.has(name)).as(where + " has no `" + name + "` (original contract); got " + obj).isFalse();
  }

  // ---- the original's objects ----

  /** The campaign object, every field and type. */
  static void assertCampaign(JsonNode c, String where) {
    assertThat(c.isObject()).as(where + " is a campaign object; got " + c).isTrue();
    id(c, "id", where);
    string(c, "name", where);
    stringOrNull(c, "description", where);
    assertThat(string(c, "type", where)).as(where + ".type").isEqualTo("first_login_discount");
    string(c, "status", where);
    instant(c, "startDate", where);
    instant(c, "endDate", where);
    number(c, "maxParticipants", where);
    number(c, "currentParticipants", where);
    number(c, "discountPercentage", where);
    number(c, "minTopupAmount", where);
    numberOrNull(c, "maxDiscountAmount", where);
    number(c, "voucherValidityDays", where);
    double remaining = number(c, "remainingSlots", where);
    assertThat(remaining).as(where + ".remainingSlots = maxParticipants - currentParticipants")
        .isEqualTo(c.get("maxParticipants").asDouble() - c.get("currentParticipants").asDouble());
    instant(c, "createdAt", where);
    instant(c, "updatedAt", where);
  }

  /** The voucher object, every field and type. */
  static void assertVoucher(JsonNode v, String where) {
    assertThat(v.isObject()).as(where + " is a voucher object; got " + v).isTrue();
    id(v, "id", where);
    assertThat(string(v, "code", where)).as(where + ".code").isNotBlank();
    assertThat(string(v, "type", where)).as(where + ".type").isEqualTo("mobile_topup_discount");
    string(v, "status", where);
    number(v, "discountPercentage", where);
    number(v, "minTopupAmount", where);
    numberOrNull(v, "maxDiscountAmount", where);
    instant(v, "issuedAt", where);
    instant(v, "expiresAt", where);
    instantOrNull(v, "usedAt", where);
    numberOrNull(v, "usedAmount", where);
    numberOrNull(v, "discountAmount", where);
    stringOrNull(v, "transactionReference", where);
    bool(v, "isValid", where);
    bool(v, "isExpired", where);
  }

  /** A my-promotions element, every field and type. */
  static void assertPromotion(JsonNode p, String where) {
    assertThat(p.isObject()).as(where + " is a promotion object; got " + p).isTrue();
    id(p, "id", where);
    id(p, "campaignId", where);
    string(p, "campaignName", where);
    string(p, "status", where);
    instantOrNull(p, "firstLoginAt", where);
    instantOrNull(p, "voucherIssuedAt", where);
    instantOrNull(p, "voucherUsedAt", where);
    number(p, "participationOrder", where);
    bool(p, "isInFirstHundred", where);
    JsonNode vouchers = array(p, "vouchers", where);
    for (int i = 0; i < vouchers.size(); i++) assertVoucher(vouchers.get(i), where + ".vouchers[" + i + "]");
    instant(p, "createdAt", where);
  }

  // ---- errors: {statusCode, message, error} ----

  static void assertError(Response r, int status, String message, String rule) {
    assertErrorIn(r, Set.of(status), message, rule);
  }

  /** One of {@code statuses} (ours may be more precise than the original's 400), with the original's message. */
  static void assertErrorIn(Response r, Set<Integer> statuses, String message, String rule) {
    assertThat(r.status()).as(rule + ": status; body " + r.body()).isIn(statuses);
    JsonNode json = r.json();
    String where = "error body of " + rule;
    assertThat(number(json, "statusCode", where)).as(where + ".statusCode").isEqualTo(r.status());
    String reason = string(json, "error", where);
    if (r.status() == 422) { // not a status of the original's; RFC 9110 renamed its phrase
      assertThat(reason).as(where + ".error is the reason phrase").isIn("Unprocessable Entity",
          "Unprocessable Content");
    } else {
      assertThat(reason).as(where + ".error is the reason phrase")
          .isEqualTo(REASONS.getOrDefault(r.status(), reason));
    }
    if (message == null) {
      string(json, "message", where);
    } else {
      assertThat(string(json, "message", where)).as(where + ".message (the original's text)").isEqualTo(message);
    }
  }

  /** A validation failure: 400, {@code message} an array of strings, mentioning each of {@code fields}. */
  static void assertValidation(Response r, String rule, String... fields) {
    assertThat(r.status()).as(rule + ": validation answers 400; body " + r.body()).isEqualTo(400);
    JsonNode json = r.json();
    String where = "validation error of " + rule;
    assertThat(number(json, "statusCode", where)).isEqualTo(400);
    assertThat(string(json, "error", where)).isEqualTo("Bad Request");
    JsonNode message = field(json, "message", where);
    assertThat(message.isArray() && !message.isEmpty())
        .as(where + ".message is a non-empty ARRAY of strings (class-validator style); got " + message).isTrue();
    List<String> texts = new ArrayList<>();
    message.forEach(m -> {
      assertThat(m.isTextual()).as(where + ".message[] are strings; got " + m).isTrue();
      texts.add(m.asText());
    });
    for (String f : fields) {
      assertThat(texts).as(where + ": one message per failed rule, naming `" + f + "`")
          .anyMatch(t -> t.contains(f));
    }
  }
}
