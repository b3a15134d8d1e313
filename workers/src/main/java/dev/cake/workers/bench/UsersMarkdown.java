package dev.cake.workers.bench;

import static dev.cake.workers.bench.Py.comma;
import static dev.cake.workers.bench.Py.f;
import static dev.cake.workers.bench.Py.g;
import static dev.cake.workers.bench.Py.str;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** users.md: the users report's tables, read from the report tree that users.json holds. */
final class UsersMarkdown {
  private UsersMarkdown() {}

  static String markdown(JsonNode rep, List<String> groups) {
    JsonNode s = rep.get("settings");
    JsonNode ng = s.get("nginx");
    var lines = new ArrayList<String>();
    long users = s.get("users").asLong();
    lines.add("## users: " + comma(users) + " concurrent mobile users through nginx");
    lines.add("");
    boolean exp = s.get("think_distribution").asText().equals("exp");
    lines.add(comma(users) + " keep-alive connections from " + s.get("load_processes").asLong()
        + " load processes (UsersLoad: one selector thread drives each process's users, "
        + "each process to its own loopback address), started one every " + g(s.get("step_ms").asDouble() / 1000)
        + " s ("
        + (s.get("ramp").asText().equals("spread")
            ? "first requests spread over " + g(s.get("first_request_spread_ms").asDouble() / 1000) + " s"
            : "first requests at once: a storm per step")
        + "), held " + g(s.get("hold_ms").asDouble() / 1000) + " s, stopped one every "
        + g(s.get("step_ms").asDouble() / 1000) + " s. "
        + "Each user thinks " + s.get("think_distribution").asText() + " "
        + (exp ? "(capped at 5 × the mean)" : "(0 to 2 × the mean)")
        + " with a mean of " + g(s.get("think_mean_ms").asDouble() / 1000)
        + " s between requests: profile 30 %, campaigns 25 %, eligibility 20 %, "
        + "my-vouchers 13 %, my-promotions 12 % of the reads, and " + g(s.get("topup_percent").asDouble())
        + " % top-ups with an Idempotency-Key. "
        + "Tokens: each user keeps one token of a pool of " + comma(s.get("token_pool").asLong())
        + " seeded users (so about "
        + comma(Math.max(1, Py.round(s.get("users").asDouble() / s.get("token_pool").asDouble())))
        + " users share an account). Logins alongside: " + g(s.get("login_rate_per_s").asDouble()) + "/s "
        + "(2 connections).");
    lines.add("");
    lines.add("nginx: " + str(ng.get("workers")) + " workers × " + comma(ng.get("worker_connections").asLong())
        + " connections, client keep-alive " + str(ng.get("keepalive_timeout")) + ", "
        + "upstream keep-alive " + str(ng.get("upstream_keepalive_per_worker")) + " per worker, max_conns "
        + comma(ng.get("max_conns_per_api").asLong()) + " per API; "
        + str(s.get("apis")) + " API processes and 1 worker. Connections held: ESTABLISHED sockets on nginx's port every "
        + str(s.get("sample_every_s")) + " s (the 2 login connections included); nginx → each API: ESTABLISHED"
        + " connections from nginx "
        + "to each API (at most max_conns in flight + workers × upstream keep-alive idle). "
        + "Latency: nginx's $request_time per request, by route.");
    lines.add("");
    boolean pass = rep.get("pass").asBoolean();
    String verdict = pass ? "**PASS**" : "**FAIL** (" + join(rep.get("fail_reasons"), "; ") + ")";
    lines.add("Targets at the hold (all users connected, 0 socket errors, reads p95 ≤ 250 ms and p99 ≤ 1 s, 0 non-2xx): "
        + verdict + ".");
    lines.add("");
    lines.add("| phase | from s | s | users | connections held min–max | nginx → each API, max | req/s |"
        + " reads p50 / p95 / p99 / max ms | non-2xx | shed 503 |");
    lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (JsonNode p : rep.get("phases")) {
      JsonNode c = p.get("connections");
      JsonNode r = p.get("reads");
      var upstream = new ArrayList<String>();
      p.get("upstream_connections_max").elements().forEachRemaining(v -> upstream.add(str(v)));
      lines.add("| " + p.get("phase").asText() + " | " + str(p.get("start_s")) + " | " + str(p.get("seconds")) + " | "
          + comma(p.get("users").asLong()) + " | "
          + (c.isNull() ? "-" : str(c.get("min")) + "–" + str(c.get("max"))) + " | "
          + (upstream.isEmpty() ? "-" : String.join(" / ", upstream)) + " | " + str(p.get("requests_per_second"))
          + " | " + ms(r.get("p50_ms")) + " / " + ms(r.get("p95_ms")) + " / " + ms(r.get("p99_ms")) + " / "
          + ms(r.get("max_ms")) + " | " + str(p.get("non_2xx")) + " | " + str(p.get("shed_503")) + " |");
    }
    lines.add("");
    List<String> routes = UsersReport.ROUTES.stream().filter(route -> {
      for (JsonNode p : rep.get("phases")) {
        if (p.get("routes").has(route)) {
          return true;
        }
      }
      return false;
    }).toList();
    lines.add("p50 / p95 / p99 / max ms per route (nginx's request time), and requests:");
    lines.add("");
    lines.add("| phase | " + routes.stream().map(r -> UsersReport.SHORT.getOrDefault(r, r))
        .collect(Collectors.joining(" | ")) + " |");
    lines.add("| --- |" + " ---: |".repeat(routes.size()));
    for (JsonNode p : rep.get("phases")) {
      var cells = new ArrayList<String>();
      for (String route : routes) {
        JsonNode h = p.get("routes").get(route);
        if (h == null || h.get("count").asLong() == 0) {
          cells.add("-");
        } else {
          cells.add(str(h.get("p50_ms")) + " / " + str(h.get("p95_ms")) + " / " + str(h.get("p99_ms")) + " / "
              + str(h.get("max_ms")) + " (" + comma(h.get("count").asLong()) + ")");
        }
      }
      lines.add("| " + p.get("phase").asText() + " | " + String.join(" | ", cells) + " |");
    }
    lines.add("");
    lines.add("CPU % (of one core; the machine has 2) and peak RSS MB per process group (nginx: master and workers"
        + " summed; load: every load-generating process, the logins' wrk included):");
    lines.add("");
    lines.add("| phase | " + String.join(" | ", groups) + " |");
    lines.add("| --- |" + " ---: |".repeat(groups.size()));
    for (JsonNode p : rep.get("phases")) {
      var cells = new ArrayList<String>();
      for (String group : groups) {
        JsonNode x = p.get("processes").path(group);
        cells.add(ms(x.get("cpu_percent")) + " % / " + ms(x.get("rss_mb_max")) + " MB");
      }
      lines.add("| " + p.get("phase").asText() + " | " + String.join(" | ", cells) + " |");
    }
    lines.add("");
    lines.add("Non-2xx answers by phase (nginx's log; a shed 503 is nginx's own: every API at max_conns or unreachable;"
        + " 499 is nginx's note of a client that left first, a load process stopping with requests in flight, not"
        + " counted as non-2xx):");
    lines.add("");
    boolean anyNon2xx = false;
    for (JsonNode p : rep.get("phases")) {
      var bad = new ArrayList<String>();
      p.get("statuses").fields().forEachRemaining(e -> {
        if (!e.getKey().startsWith("2")) {
          bad.add(e.getKey() + " × " + str(e.getValue()));
        }
      });
      if (!bad.isEmpty()) {
        anyNon2xx = true;
        lines.add("- " + p.get("phase").asText() + ": " + String.join(", ", bad));
      }
    }
    if (!anyNon2xx) {
      lines.add("- none");
    }
    lines.add("");
    lines.add("Load processes (whole run; their latency covers every route together, measured by the client):");
    lines.add("");
    lines.add("| process | address | connections | requests | connect | read | write | timeout | non-2xx |"
        + " p50 / p99 / max ms |");
    lines.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (JsonNode r : rep.get("load_processes")) {
      if (r.has("error")) {
        lines.add("| " + r.get("process").asText() + " | " + r.get("address").asText() + " | "
            + str(r.get("connections")) + " | **" + r.get("error").asText() + "** | | | | | | |");
        continue;
      }
      JsonNode e = r.get("errors");
      JsonNode lat = r.get("latency_ms");
      lines.add("| " + r.get("process").asText() + " | " + r.get("address").asText() + " | "
          + comma(r.get("connections").asLong()) + " | " + comma(r.get("requests").asLong()) + " | "
          + str(e.get("connect")) + " | " + str(e.get("read")) + " | " + str(e.get("write")) + " | "
          + str(e.get("timeout")) + " | " + str(e.get("status")) + " | " + str(lat.get("p50")) + " / "
          + str(lat.get("p99")) + " / " + str(lat.get("max")) + " |");
    }
    JsonNode lg = rep.get("logins");
    if (lg != null && !lg.isNull() && !lg.has("error")) {
      var st = new ArrayList<String>();
      lg.path("statuses").fields().forEachRemaining(e -> st.add(e.getKey() + " × " + str(e.getValue())));
      double seconds = lg.get("duration_us").asDouble() / 1e6;
      JsonNode le = lg.get("errors");
      long socketErrors = le.get("connect").asLong() + le.get("read").asLong() + le.get("write").asLong()
          + le.get("timeout").asLong();
      lines.add("");
      lines.add("Logins alongside: " + comma(lg.get("requests").asLong()) + " in " + f(seconds, 0) + " s ("
          + f(lg.get("requests").asDouble() / seconds, 1) + "/s), p50 "
          + f(lg.get("latency_us").get("p50").asDouble() / 1000, 0) + " ms, p99 "
          + f(lg.get("latency_us").get("p99").asDouble() / 1000, 0) + " ms; statuses "
          + (st.isEmpty() ? "-" : String.join(", ", st)) + "; socket errors " + socketErrors + ".");
    }
    if (rep.get("unparsed_log_lines").asLong() != 0) {
      lines.add("");
      lines.add(rep.get("unparsed_log_lines").asLong() + " access-log lines could not be parsed.");
    }
    lines.add("");
    lines.add("Chart: `bench-users.svg` (connections held, requests/s, read p50 and p99 over the run).");
    return String.join("\n", lines) + "\n";
  }

  /** A latency or figure, "-" when there is none. */
  static String ms(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode() ? "-" : str(v);
  }

  static String join(JsonNode array, String separator) {
    var parts = new ArrayList<String>();
    array.elements().forEachRemaining(v -> parts.add(v.asText()));
    return String.join(separator, parts);
  }
}
