package dev.cake.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.workers.bench.UsersLoad.Histogram;
import dev.cake.workers.bench.UsersLoad.Mix;
import dev.cake.workers.bench.UsersLoad.Response;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The users scenario's load generator: its request mix, think times, requests, answer parsing and result line. */
class UsersLoadTest {
  static final int DRAWS = 400_000;

  @Test
  void theMixIsTheTopupShareThenTheAppsReadWeights() {
    var mix = new Mix(new SplittableRandom(42), 20e9, false, 1.5);
    long[] reads = new long[UsersLoad.READ_PATHS.length];
    long topups = 0;
    for (int i = 0; i < DRAWS; i++) {
      int pick = mix.pick();
      if (pick == Mix.TOPUP) {
        topups++;
      } else {
        reads[pick]++;
      }
    }
    assertThat(100.0 * topups / DRAWS).isCloseTo(1.5, within(0.1));
    long readTotal = DRAWS - topups;
    int[] weights = {30, 25, 20, 13, 12}; // profile, campaigns, eligibility, my-vouchers, my-promotions
    for (int r = 0; r < weights.length; r++) {
      assertThat(100.0 * reads[r] / readTotal).as(UsersLoad.READ_PATHS[r]).isCloseTo(weights[r], within(0.4));
    }
    assertThat(UsersLoad.READ_PATHS).containsExactly("/auth/profile", "/promotions/campaigns",
        "/promotions/eligibility", "/promotions/my-vouchers", "/promotions/my-promotions");
  }

  @Test
  void noTopupsWhenTheShareIsZero() {
    var mix = new Mix(new SplittableRandom(1), 1e9, false, 0);
    for (int i = 0; i < 10_000; i++) {
      assertThat(mix.pick()).isNotEqualTo(Mix.TOPUP);
    }
  }

  @Test
  void anExponentialThinkHasTheMeanAndIsCappedAtFiveTimesIt() {
    double mean = 4e9;
    var mix = new Mix(new SplittableRandom(7), mean, false, 0);
    double sum = 0;
    long max = 0;
    for (int i = 0; i < DRAWS; i++) {
      long t = mix.think();
      assertThat(t).isBetween(0L, (long) (5 * mean));
      sum += t;
      max = Math.max(max, t);
    }
    // the cap takes the tail beyond 5 × the mean: the mean drops by e^-5 of itself
    assertThat(sum / DRAWS).isCloseTo(mean * (1 - Math.exp(-5)), within(mean * 0.01));
    assertThat(max).isEqualTo((long) (5 * mean));
  }

  @Test
  void aUniformThinkSpansZeroToTwiceTheMean() {
    double mean = 2e9;
    var mix = new Mix(new SplittableRandom(9), mean, true, 0);
    double sum = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < DRAWS; i++) {
      long t = mix.think();
      sum += t;
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    assertThat(sum / DRAWS).isCloseTo(mean, within(mean * 0.01));
    assertThat(min).isLessThan((long) (mean * 0.01));
    assertThat(max).isLessThan((long) (2 * mean)).isGreaterThan((long) (1.99 * mean));
  }

  @Test
  void firstRequestsSpreadOverTheStepOrAllAtOnce() {
    var mix = new Mix(new SplittableRandom(3), 1e9, false, 0);
    assertThat(mix.firstDelay(0)).isZero();
    for (int i = 0; i < 10_000; i++) {
      assertThat(mix.firstDelay(10_000_000_000L)).isBetween(0L, 9_999_999_999L);
    }
  }

  @Test
  void requestsCarryTheTokenAndATopupItsOwnIdempotencyKey() {
    assertThat(new String(UsersLoad.read("127.0.0.2:3300", "tok", "/auth/profile"), StandardCharsets.US_ASCII))
        .isEqualTo("GET /auth/profile HTTP/1.1\r\nHost: 127.0.0.2:3300\r\nAuthorization: Bearer tok\r\n\r\n");
    String topup = new String(UsersLoad.topup("h:1", "tok", "b1up3u7n2"), StandardCharsets.US_ASCII);
    String body = "{\"phoneNumber\":\"0912345678\",\"amount\":50000}";
    assertThat(topup).isEqualTo("POST /promotions/topup HTTP/1.1\r\nHost: h:1\r\nAuthorization: Bearer tok\r\n"
        + "Content-Type: application/json\r\nIdempotency-Key: b1up3u7n2\r\nContent-Length: " + body.length()
        + "\r\n\r\n" + body);
  }

  static int feed(Response response, String bytes) {
    return response.feed(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void anAnswerIsWholeByContentLengthOrChunksAcrossReads() {
    var r = new Response();
    assertThat(feed(r, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab")).isEqualTo(Response.INCOMPLETE);
    assertThat(feed(r, "cde")).isEqualTo(200);
    assertThat(r.closeAfter).isFalse();
    r.reset();
    assertThat(feed(r, "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"))
        .isEqualTo(Response.INCOMPLETE);
    assertThat(feed(r, "0\r\n\r\n")).isEqualTo(404);
    r.reset();
    assertThat(feed(r, "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
        .isEqualTo(503);
    assertThat(r.closeAfter).isTrue();
    r.reset();
    assertThat(feed(r, "garbage\r\n\r\n")).isEqualTo(Response.MALFORMED);
  }

  @Test
  void percentilesAreTheirBucketsUpperBoundAndNeverAboveTheMax() {
    var h = new Histogram();
    for (long us = 1; us <= 1000; us++) {
      h.record(us * 10); // 10 µs .. 10 ms
    }
    // 10 µs buckets below 1 ms, 1 ms buckets above; a percentile is its bucket's upper bound
    assertThat(h.percentile(1)).isEqualTo(110); // the 10th value, 100 µs, in [100, 110)
    assertThat(h.percentile(10)).isEqualTo(2_000); // the 100th, 1 ms, in [1, 2) ms
    assertThat(h.percentile(50)).isEqualTo(6_000); // the 500th, 5 ms, in [5, 6) ms
    assertThat(h.percentile(99)).isEqualTo(10_000); // the 990th, 9.9 ms, in [9, 10) ms
    assertThat(h.max).isEqualTo(10_000);
    h.record(15_050_000); // 15.05 s: a 100 ms bucket
    assertThat(h.percentile(100)).isEqualTo(15_050_000);
    assertThat(new Histogram().percentile(99)).isZero();
  }

  @Test
  void theResultLineIsTheShapeTheReportReads() throws Exception {
    var h = new Histogram();
    h.record(1_500);
    h.record(2_500);
    var statuses = new TreeMap<Integer, long[]>();
    statuses.put(200, new long[] {1});
    statuses.put(503, new long[] {1});
    String line = UsersLoad.result(2, 3_000_000_000L, 900, new long[] {1, 2, 3, 1, 4}, h, statuses);
    assertThat(line).isEqualTo("{\"requests\":2,\"duration_us\":3000000,\"bytes\":900,"
        + "\"errors\":{\"connect\":1,\"read\":2,\"write\":3,\"status\":1,\"timeout\":4},"
        + "\"latency_us\":{\"p50\":2000,\"p90\":2500,\"p99\":2500,\"p99_9\":2500,\"max\":2500,\"mean\":2000.0,"
        + "\"stdev\":500.0},\"statuses\":{\"200\":1,\"503\":1},\"generator\":\"UsersLoad\"}");
    assertThat(new ObjectMapper().readTree(line).get("errors").get("timeout").asInt()).isEqualTo(4);
  }

  @Test
  void itsSettingsComeFromTheEnvironmentTheBenchSetsAndABadOneIsNamed() {
    var settings = dev.cake.process.Settings.load(java.util.Map.of("BENCH_USERS_FILE", "/tmp/users.tsv",
        "BENCH_THINK_MS", "4000", "BENCH_THINK_DIST", "uniform", "BENCH_PROC", "3", "BENCH_TAG", "b1u"),
        UsersLoad.LoadSettings::read);
    assertThat(settings).isEqualTo(new UsersLoad.LoadSettings(java.nio.file.Path.of("/tmp/users.tsv"), 4000, true, 0,
        1.5, 3, "b1u"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.cake.process.Settings.load(
            java.util.Map.of("BENCH_THINK_DIST", "gauss"), UsersLoad.LoadSettings::read))
        .hasMessageContaining("BENCH_THINK_DIST: expected exp or uniform, got 'gauss'")
        .hasMessageContaining("BENCH_USERS_FILE: expected the seeded users' file");
  }
}
