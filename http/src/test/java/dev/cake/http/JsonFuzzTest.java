package dev.cake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.http.testing.TestApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded, generated corpus of hostile JSON sent to every route that reads a body, on the real server with the
 * abuse limits off (a 429 would hide a bug): control characters, lone surrogates, 64 KB values, deep nesting, huge and
 * tiny numbers, wrong types, missing fields, broken and non-UTF-8 bodies. Every answer must come within the
 * per-request timeout and be below 500. Reproduce a run with {@code -Dcake.fuzz.seed=<seed printed>}; size it with
 * {@code -Dcake.fuzz.cases=<n>}.
 */
class JsonFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = Long.getLong("cake.fuzz.seed", 20_261_129L);
  private static final int CASES = Integer.getInteger("cake.fuzz.cases", 4000);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static TestApi api;
  static String admin;
  static String user;
  static String campaignId;

  @BeforeAll
  static void start() {
    api = new TestApi(Map.of("CAKE_RATE_LIMITS", "off"));
    admin = api.adminToken();
    user = api.register().get("access_token").asText();
    campaignId = api.createCampaign(admin, Map.of("startDate", Instant.now().plusSeconds(86_400).toString(),
        "endDate", Instant.now().plusSeconds(2 * 86_400).toString())).get("id").asText();
  }

  @AfterAll
  static void stop() {
    if (campaignId != null) api.endCampaign(campaignId);
    api.close();
  }

  /** A route that reads a JSON body: a valid body (values as raw JSON) and who calls it. */
  private record Route(String method, String path, Map<String, String> valid, String token) {}

  private record Case(int index, Route route, byte[] body, String kind) {}

  private static List<Route> routes() {
    Map<String, Object> reg = Map.of("fullname", "Fuzz User", "email", "fuzz" + SEED + "@example.com",
        "username", "fuzz" + SEED, "phone", "+84901234567", "password", "correct-horse", "birthday", "1991-02-03");
    return List.of(
        new Route("POST", "/auth/register", raw(reg), null),
        new Route("POST", "/auth/login", raw(Map.of("account", reg.get("username"), "password", "wrong-password")),
            null),
        new Route("POST", "/auth/refresh", raw(Map.of("refresh_token", "a".repeat(43))), null),
        new Route("POST", "/auth/logout", raw(Map.of("refresh_token", "a".repeat(43))), user),
        new Route("POST", "/promotions/campaigns", raw(Map.of("name", "Fuzz", "description", "fuzzed",
            "type", "first_login_discount", "startDate", Instant.now().plusSeconds(86_400).toString(),
            "endDate", Instant.now().plusSeconds(2 * 86_400).toString(), "maxParticipants", 10,
            "discountPercentage", 12.5, "minTopupAmount", 1000, "maxDiscountAmount", 50000,
            "voucherValidityDays", 7)), admin),
        new Route("PATCH", "/promotions/campaigns/" + campaignId, raw(Map.of("status", "inactive")), admin),
        new Route("POST", "/promotions/topup", raw(Map.of("phoneNumber", "+84912345678", "amount", 100000,
            "voucherCode", "CAKE-ZZZZZZZZ", "paymentMethod", "bank_transfer")), user),
        new Route("POST", "/admin/events/retry-failed", Map.of(), admin));
  }

  private static Map<String, String> raw(Map<String, Object> values) {
    var out = new TreeMap<String, String>(); // sorted: the corpus must not depend on a map's iteration order
    values.forEach((k, v) -> out.put(k, write(v)));
    return out;
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void noInputToAnyJsonRouteIsA5xxOrAHang() throws Exception {
    System.out.println("JsonFuzzTest seed=" + SEED + " cases=" + CASES
        + " (reproduce: -Dcake.fuzz.seed=" + SEED + " -Dcake.fuzz.cases=" + CASES + ")");
    List<Route> routes = routes();
    var random = new Random(SEED);
    List<Case> cases = new ArrayList<>(CASES);
    for (int i = 0; i < CASES; i++) {
      Route route = routes.get(random.nextInt(routes.size()));
      cases.add(generate(i, route, random));
    }

    var client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    var statuses = new ConcurrentHashMap<String, LongAdder>();
    var kinds = new ConcurrentHashMap<String, LongAdder>();
    var failures = new ConcurrentLinkedQueue<String>();
    var sent = new AtomicInteger();
    var retried = new AtomicInteger();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Case c : cases) {
        pool.submit(() -> {
          for (String kind : c.kind().split("\\+")) kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
          var b = HttpRequest.newBuilder(URI.create(api.baseUrl + c.route().path()))
              .timeout(TIMEOUT)
              .method(c.route().method(), HttpRequest.BodyPublishers.ofByteArray(c.body()))
              .header("Content-Type", "application/json");
          if (c.route().token() != null) b.header("Authorization", "Bearer " + c.route().token());
          String outcome;
          try {
            int status;
            try {
              status = client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException stale) {
              if (stale instanceof HttpTimeoutException) throw stale;
              // once: a keep-alive connection the server closed after an earlier 413 fails on the client's side
              retried.incrementAndGet();
              status = client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            }
            outcome = Integer.toString(status);
            if (status >= 500) failures.add(describe(c, "HTTP " + status));
          } catch (HttpTimeoutException e) {
            outcome = "timeout";
            failures.add(describe(c, "no answer within " + TIMEOUT.toSeconds() + " s"));
          } catch (IOException e) {
            outcome = "io-error";
            failures.add(describe(c, e.toString()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          sent.incrementAndGet();
          statuses.computeIfAbsent(c.route().method() + " " + c.route().path().replace(campaignId, "{id}")
              + " -> " + outcome, k -> new LongAdder()).increment();
        });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.println("JsonFuzzTest sent " + sent.get() + " cases in " + millis + " ms (" + retried.get()
        + " resent once after a closed connection); statuses:");
    new TreeMap<>(statuses).forEach((k, v) -> System.out.println("  " + k + ": " + v.sum()));
    System.out.println("JsonFuzzTest mutations applied (a case has 1 to 3): " + new TreeMap<>(kinds));
    failures.stream().limit(20).forEach(f -> System.out.println("  FAILED " + f));
    assertThat(failures).as("cases answered 5xx, timed out or dropped (seed " + SEED + ")").isEmpty();
    assertThat(sent.get()).isEqualTo(CASES);
  }

  private static String describe(Case c, String what) {
    String body = new String(c.body(), StandardCharsets.UTF_8);
    return "case " + c.index() + " (" + c.kind() + ") " + c.route().method() + " " + c.route().path() + ": " + what
        + "; body " + (body.length() > 300 ? body.substring(0, 300) + "... (" + body.length() + " chars)" : body);
  }

  // ---------------------------------------------------------------- generation

  private static final String[] FIELDS_EXTRA = {"role", "id", "__proto__", "admin", "", "account\u0000"};

  private static Case generate(int index, Route route, Random random) {
    int shape = random.nextInt(20);
    if (shape == 0) return new Case(index, route, wholeBody(random), "whole-body");
    var fields = new LinkedHashMap<>(route.valid());
    List<String> kindsApplied = new ArrayList<>();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      List<String> names = new ArrayList<>(fields.keySet());
      String field = names.isEmpty() || random.nextInt(6) == 0
          ? FIELDS_EXTRA[random.nextInt(FIELDS_EXTRA.length)]
          : names.get(random.nextInt(names.size()));
      int kind = random.nextInt(10);
      switch (kind) {
        case 0 -> fields.put(field, write(controlString(random)));
        case 1 -> fields.put(field, loneSurrogate(random));
        case 2 -> fields.put(field, write("x".repeat(1000 + random.nextInt(64 * 1024))));
        case 3 -> fields.put(field, hostileNumber(random));
        case 4 -> fields.put(field, wrongType(random));
        case 5 -> fields.remove(field);
        case 6 -> fields.put(field, deep(random));
        case 7 -> fields.put(field, write(randomUnicode(random)));
        case 8 -> fields.put(field, write("a".repeat(random.nextInt(3) == 0 ? 2000 : 200 + random.nextInt(100))));
        default -> fields.put(field, write(sqlAndFormatTricks(random)));
      }
      kindsApplied.add(KINDS[kind]);
    }
    var text = new StringBuilder("{");
    fields.forEach((k, v) -> text.append(text.length() > 1 ? "," : "").append(write(k)).append(':').append(v));
    text.append('}');
    return new Case(index, route, text.toString().getBytes(StandardCharsets.UTF_8), String.join("+", kindsApplied));
  }

  private static final String[] KINDS = {"control", "surrogate", "64kb", "number", "wrong-type", "missing", "deep",
      "unicode", "long", "tricks"};

  private static String controlString(Random random) {
    var s = new StringBuilder("ab");
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(5);
      char c = switch (pick) {
        case 0 -> '\u0000';
        case 1 -> (char) random.nextInt(0x20);
        case 2 -> (char) (0x7f + random.nextInt(0x21)); // DEL and C1
        case 3 -> random.nextBoolean() ? '\u2028' : '\u2029';
        default -> (char) random.nextInt(0x20);
      };
      s.insert(random.nextInt(s.length() + 1), c);
    }
    return s.toString();
  }

  private static String loneSurrogate(Random random) {
    String[] options = {"\"\\ud800\"", "\"a\\udfffb\"", "\"\\ud83d\"", "\"x\\ud83dy\"", "\"\\udc00\\ud800\"",
        "\"\\ud800\\u0000\""};
    return options[random.nextInt(options.length)];
  }

  private static String hostileNumber(Random random) {
    String[] options = {"1e400", "-1e-400", "99999999999999999999", "-99999999999999999999", "1e-400", "0",
        "-0", "-1", "2147483648", "-2147483649", "9223372036854775808", "1.5", "0.001", "1e2", "1E+999999999",
        "1e-999999999", "123456789012345678901234567890.123456789", "0.0000000000000000000000001",
        "1" + "0".repeat(99), "1" + "0".repeat(200), "NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1",
        "0x10", "1e", "--1"};
    return options[random.nextInt(options.length)];
  }

  private static String wrongType(Random random) {
    String[] options = {"null", "true", "false", "[]", "{}", "[1,2,3]", "{\"a\":\"b\"}", "12", "\"12\"", "\"\"",
        "\" \"", "[\"x\"]", "{\"$gt\":\"\"}", "\"true\"", "12.75"};
    return options[random.nextInt(options.length)];
  }

  private static String deep(Random random) {
    int depth = new int[] {31, 33, 100, 1000, 10_000}[random.nextInt(5)];
    return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static String randomUnicode(Random random) {
    var s = new StringBuilder();
    int n = 1 + random.nextInt(40);
    for (int i = 0; i < n; i++) {
      int cp;
      do {
        cp = switch (random.nextInt(4)) {
          case 0 -> 0x20 + random.nextInt(0x60);
          case 1 -> 0xa0 + random.nextInt(0x2000);
          case 2 -> 0x1f300 + random.nextInt(0x300); // emoji: valid surrogate pairs
          default -> random.nextInt(0x110000);
        };
      } while (cp >= 0xd800 && cp <= 0xdfff);
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  private static String sqlAndFormatTricks(Random random) {
    String[] options = {"' OR '1'='1", "\"; DROP TABLE users; --", "%00", "\\", "${jndi:ldap://x/a}",
        "<script>alert(1)</script>", "../../etc/passwd", "9999-99-99", "2026-02-30", "+99999999999999999",
        "0912345678", "CAKE-%%%%%%%%", "-1", "\uFEFFbom", "\uFFFF", "\uFFFE", "\u202Eevil", "e\u0301",
        "a@b", "x".repeat(73), "é".repeat(40), "2026-01-01T00:00:00+99:00", "1e400"};
    return options[random.nextInt(options.length)];
  }

  private static byte[] wholeBody(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> new byte[0];
      case 1 -> "null".getBytes(StandardCharsets.UTF_8);
      case 2 -> ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
      case 3 -> ("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
      case 4 -> "{\"account\":".getBytes(StandardCharsets.UTF_8);
      case 5 -> new byte[] {'{', '"', 'a', 'c', 'c', 'o', 'u', 'n', 't', '"', ':', '"', (byte) 0xc3, (byte) 0x28,
          (byte) 0xff, '"', '}'}; // not UTF-8
      case 6 -> {
        byte[] noise = new byte[1 + random.nextInt(2000)];
        random.nextBytes(noise);
        yield noise;
      }
      case 7 -> "\"just a string\"".getBytes(StandardCharsets.UTF_8);
      default -> ("{\"account\":\"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8); // over 64 KiB
    };
  }
}
