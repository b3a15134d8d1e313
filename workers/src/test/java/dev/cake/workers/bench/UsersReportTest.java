package dev.cake.workers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The users report from a small run written by hand: two load processes of 2 users, one step of 10 s apart, a 20 s
 * hold, one request a second in nginx's log. Phases, the row for results.jsonl, the markdown's lines and the chart.
 */
class UsersReportTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RESULT = "BENCH_RESULT {\"requests\":40,\"duration_us\":40000000,\"bytes\":9000,"
      + "\"errors\":{\"connect\":0,\"read\":0,\"write\":0,\"status\":0,\"timeout\":0},"
      + "\"latency_us\":{\"p50\":5000,\"p90\":6000,\"p99\":12340,\"p99_9\":13000,\"max\":13050,\"mean\":5200.0,"
      + "\"stdev\":800.0},\"statuses\":{\"200\":40},\"generator\":\"UsersLoad\"}";

  @TempDir
  Path dir;

  static ObjectNode settings() throws Exception {
    return (ObjectNode) JSON.readTree("""
        {"users":4,"machine":"2 cores, commit abc","apis":2,"load_processes":2,"users_per_process_max":2,
         "generator":"UsersLoad (one selector thread per process)","step_ms":10000,"hold_ms":20000,
         "think_mean_ms":4000,"think_distribution":"exp","ramp":"spread","first_request_spread_ms":10000,
         "login_rate_per_s":5,"topup_percent":1.5,"token_pool":300,"nginx_port":3905,"request_timeout":"35s",
         "sample_every_s":5,"warm_up":"5s","fd_limit":65536,
         "nginx":{"workers":8,"worker_connections":19000,"keepalive_timeout":"75s",
                  "upstream_keepalive_per_worker":32,"max_conns_per_api":256}}""");
  }

  /** Writes the run's files; {@code holdStatus}: the status of the request at 1030 s (in the hold). */
  Path run(int holdStatus, boolean secondProcessAnswers) throws Exception {
    Path d = Files.createDirectories(dir.resolve("data-" + holdStatus + secondProcessAnswers));
    Files.write(d.resolve("events.jsonl"), List.of(
        "{\"t\":1000.0,\"event\":\"begin\",\"users\":4,\"procs\":2,\"step_ms\":10000,\"hold_ms\":20000}",
        "{\"t\":1000.0,\"event\":\"start\",\"proc\":1,\"connections\":2,\"pid\":11,\"duration_s\":40}",
        "{\"t\":1010.0,\"event\":\"start\",\"proc\":2,\"connections\":2,\"pid\":12,\"duration_s\":40}",
        "{\"t\":1040.3,\"event\":\"exit\",\"proc\":1}",
        "{\"t\":1050.2,\"event\":\"exit\",\"proc\":2}",
        "{\"t\":1051.0,\"event\":\"end\"}",
        "{\"t\":1052.0,\"event\":\"cut sh"));
    var samples = new ArrayList<String>();
    for (int t = 1000; t <= 1050; t += 5) {
      int conns = t < 1010 ? 2 : t < 1040 ? 4 : 2;
      samples.add("{\"t\":" + t + ".0,\"connections\":" + conns + ",\"upstream\":{\"api1\":3,\"api2\":" + (t % 2)
          + "},\"processes\":{\"load\":{\"21\":[" + (t - 1000) * 2 + ",2048]},\"api1\":{\"31\":[" + (t - 1000) * 10
          + ",204800]},\"nginx\":{\"41\":[" + (t - 1000) + ",1024],\"42\":[" + (t - 1000) + ",1024]}}}");
    }
    Files.write(d.resolve("samples.jsonl"), samples);
    var log = new ArrayList<String>();
    for (int t = 1000; t < 1050; t++) {
      String route = t % 2 == 0 ? "/auth/profile" : "/promotions/campaigns?x=1";
      int status = t == 1030 ? holdStatus : 200;
      log.add("{\"time\":\"" + Instant.ofEpochSecond(t) + "\",\"method\":\"GET\",\"uri\":\"" + route + "\",\"status\":"
          + status + ",\"request_time\":0." + String.format("%03d", t % 7 + 1) + ",\"upstream_status\":\"\"}");
    }
    log.add("{\"time\":\"" + Instant.ofEpochSecond(1031) + "\",\"method\":\"POST\",\"uri\":\"/promotions/topup\","
        + "\"status\":200,\"request_time\":0.120,\"upstream_status\":\"200\"}");
    log.add("not json");
    Files.write(d.resolve("access.log"), log);
    Files.createDirectories(d.resolve("load"));
    Files.writeString(d.resolve("load/users-1.txt"), "started\n" + RESULT + "\n");
    Files.writeString(d.resolve("load/users-2.txt"), secondProcessAnswers ? RESULT + "\n" : "a\nb\nc\nkilled\n");
    return d;
  }

  @Test
  void aCleanRunPassesWithItsPhasesAndTheHoldAsTheRow() throws Exception {
    Path data = run(200, true);
    Path out = Files.createDirectories(dir.resolve("out"));
    JsonNode row = JSON.readTree(UsersReport.write(data, out, 100, settings()));
    assertThat(row.get("scenario").asText()).isEqualTo("users");
    assertThat(row.get("pass").asBoolean()).as(row.toString()).isTrue();
    assertThat(row.get("duration_s").asDouble()).isEqualTo(20.0);
    assertThat(row.get("requests").asLong()).isEqualTo(21); // 1020 .. 1039 and the top-up at 1031
    assertThat(row.get("requests_per_second").asLong()).isEqualTo(1); // 21 / 20 s, rounded
    assertThat(row.get("connections_held_min").asLong()).isEqualTo(4);
    assertThat(row.get("cpu_percent").asLong()).isEqualTo(10); // api1: 10 ticks a second at 100 Hz
    assertThat(row.get("peak_rss_mb").asLong()).isEqualTo(200);
    assertThat(row.get("latency_us").get("max").asLong()).isEqualTo(120_000);

    JsonNode report = JSON.readTree(out.resolve("users.json").toFile());
    assertThat(report.get("phases").findValuesAsText("phase")).containsExactly("up 1/2", "up 2/2", "hold",
        "down 1/2");
    assertThat(report.get("phase_bounds").toString()).isEqualTo(
        "[[0.0,10.0,\"up 1/2\"],[10.0,20.0,\"up 2/2\"],[20.0,40.0,\"hold\"],[40.0,50.0,\"down 1/2\"]]");
    assertThat(report.get("unparsed_log_lines").asLong()).isEqualTo(1);
    JsonNode hold = report.get("phases").get(2);
    assertThat(hold.get("reads").get("count").asLong()).isEqualTo(20);
    assertThat(hold.get("routes").fieldNames()).toIterable().containsExactly("GET /auth/profile",
        "GET /promotions/campaigns", "POST /promotions/topup");
    assertThat(hold.get("processes").fieldNames()).toIterable().containsExactly("nginx", "api1", "load");

    String md = Files.readString(out.resolve("users.md"));
    assertThat(md).startsWith("## users: 4 concurrent mobile users through nginx\n")
        .contains("started one every 10 s (first requests spread over 10 s), held 20 s")
        .contains("Targets at the hold (all users connected, 0 socket errors, reads p95 ≤ 250 ms and p99 ≤ 1 s,"
            + " 0 non-2xx): **PASS**.")
        // 21 requests in 20 s: 1.05, which is 1.0500000000000000444 in binary, so 1.1
        .contains("| hold | 20.0 | 20.0 | 4 | 4–4 | 3 / 1 | 1.1 | ")
        .contains("| users-1 | 127.0.0.2 | 2 | 40 | 0 | 0 | 0 | 0 | 0 | 5.0 / 12.3 / 13.1 |")
        .contains("- none")
        .endsWith("Chart: `bench-users.svg` (connections held, requests/s, read p50 and p99 over the run).\n");

    String svg = Files.readString(out.resolve("bench-users.svg"));
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" height=\"755\"")
        .contains(">bin/bench users: 4 concurrent users through nginx</text>")
        .contains(">connections held</text>").contains(">requests/s (nginx)</text>")
        .contains(">read latency ms (nginx)</text>").contains("fill=\"#2ca02c\">PASS</text>")
        .endsWith("</svg>\n");
    assertThat(svg.split("<polyline ", -1)).hasSize(6); // five lines, the non-2xx line at zero included
  }

  @Test
  void aNon2xxInTheHoldAndALoadProcessWithoutResultFail() throws Exception {
    Path data = run(503, false);
    Path out = Files.createDirectories(dir.resolve("out-fail"));
    JsonNode row = JSON.readTree(UsersReport.write(data, out, 100, settings()));
    assertThat(row.get("pass").asBoolean()).isFalse();
    assertThat(row.get("fail_reasons").toString())
        .isEqualTo("[\"1 non-2xx answers during the hold\",\"1 load processes gave no result\"]");
    String md = Files.readString(out.resolve("users.md"));
    assertThat(md).contains("**FAIL** (1 non-2xx answers during the hold; 1 load processes gave no result)")
        .contains("- hold: 503 × 1")
        .contains("| users-2 | 127.0.0.3 | 2 | **no result: b c killed** | | | | | | |");
    assertThat(Files.readString(out.resolve("bench-users.svg")))
        .contains("fill=\"#d62728\">FAIL: 1 non-2xx answers during the hold; 1 load processes gave no result</text>");
  }

  @Test
  void numbersAreWrittenAsTheReportAlwaysWroteThem() {
    assertThat(Py.round(0.5)).isZero(); // ties to even
    assertThat(Py.round(2.5)).isEqualTo(2);
    assertThat(Py.round(3.5)).isEqualTo(4);
    assertThat(Py.round(0.25, 1)).isEqualTo(0.2);
    assertThat(Py.round(0.35, 1)).isEqualTo(0.3); // 0.35 is 0.34999… in binary
    assertThat(Py.repr(20.0)).isEqualTo("20.0");
    assertThat(Py.repr(0.1)).isEqualTo("0.1");
    assertThat(Py.g(20.0)).isEqualTo("20");
    assertThat(Py.g(0.5)).isEqualTo("0.5");
    assertThat(Py.g(1.5)).isEqualTo("1.5");
    assertThat(Py.g(1234567)).isEqualTo("1.23457e+06");
    assertThat(Py.g(0.00001)).isEqualTo("1e-05");
    assertThat(Py.f(80.25, 1)).isEqualTo("80.2");
    assertThat(Py.comma0(2.5)).isEqualTo("2");
    assertThat(Py.comma0(1234.5)).isEqualTo("1,234");
    assertThat(Py.comma(100000)).isEqualTo("100,000");
    assertThat(Py.esc("a<b & \"c\" 'd'")).isEqualTo("a&lt;b &amp; &quot;c&quot; &#x27;d&#x27;");
    assertThat(UsersChart.niceMax(0)).isEqualTo(1);
    assertThat(UsersChart.niceMax(3)).isEqualTo(5);
    assertThat(UsersChart.niceMax(2.2)).isEqualTo(2.5);
    assertThat(UsersChart.niceMax(1001)).isEqualTo(2000);
  }
}
