package dev.cake.workers.bench;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The report of bin/bench's "users" scenario.
 *
 * <p>Reads, in --dir: access.log (nginx's JSON access log, compose/nginx/cake.conf.template's cake_json format),
 * samples.jsonl (connections held on nginx's port, CPU ticks and RSS per process, every few seconds), events.jsonl
 * (when each load process started and ended) and load/*.txt (each {@link UsersLoad} process's BENCH_RESULT line; the
 * logins' wrk prints the same line from common.lua). Writes, in --out: users.json, users.md and bench-users.svg
 * (connections held, requests/s and read latency over the run). Prints one JSON object for bin/bench's results.jsonl.
 *
 * <p>Phases: "up k/P" from the start of load process k to the next one; "up P/P" for one step after the last start (its
 * users' first requests arrive over that step); "hold" until the first process ends; "down n" while n processes still
 * run. Latency is nginx's $request_time per request (from reading the request to sending the answer), by route.
 */
public final class UsersReport {
  static final List<String> READ_ROUTES = List.of("GET /auth/profile", "GET /promotions/campaigns",
      "GET /promotions/eligibility", "GET /promotions/my-vouchers", "GET /promotions/my-promotions");
  static final List<String> ROUTES = Stream.concat(READ_ROUTES.stream(),
      Stream.of("POST /promotions/topup", "POST /auth/login")).toList();
  static final Map<String, String> SHORT = Map.of("GET /auth/profile", "profile", "GET /promotions/campaigns",
      "campaigns", "GET /promotions/eligibility", "eligibility", "GET /promotions/my-vouchers", "my-vouchers",
      "GET /promotions/my-promotions", "my-promotions", "POST /promotions/topup", "topup", "POST /auth/login", "login");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RESULT = Pattern.compile("^BENCH_RESULT (\\{.*\\})$", Pattern.MULTILINE);

  private UsersReport() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>(Map.of("--hz", "100"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    for (String required : List.of("--dir", "--out", "--settings")) {
      if (!options.containsKey(required)) {
        System.err.println("usage: UsersReport --dir DIR --out DIR [--hz HZ] --settings JSON");
        System.exit(2);
      }
    }
    String row = write(Path.of(options.get("--dir")), Path.of(options.get("--out")),
        Integer.parseInt(options.get("--hz")), (ObjectNode) JSON.readTree(options.get("--settings")));
    System.out.println(row);
  }

  // --- the measurements ----------------------------------------------------------------------------------------------

  /** Latencies in whole milliseconds (nginx's resolution) as counts. */
  static final class Hist {
    final TreeMap<Long, Long> counts = new TreeMap<>();
    long n;

    void add(long ms) {
      counts.merge(ms, 1L, Long::sum);
      n++;
    }

    void merge(Hist other) {
      other.counts.forEach((ms, c) -> counts.merge(ms, c, Long::sum));
      n += other.n;
    }

    /** The smallest latency with at least p % of the requests at or below it; null without requests. */
    Long percentile(double p) {
      if (n == 0) {
        return null;
      }
      long rank = Math.max(1, (long) Math.ceil(n * p / 100));
      long seen = 0;
      for (var e : counts.entrySet()) {
        seen += e.getValue();
        if (seen >= rank) {
          return e.getKey();
        }
      }
      return counts.lastKey();
    }

    Map<String, Object> summary() {
      var s = new LinkedHashMap<String, Object>();
      s.put("count", n);
      if (n > 0) {
        s.put("p50_ms", percentile(50));
        s.put("p90_ms", percentile(90));
        s.put("p95_ms", percentile(95));
        s.put("p99_ms", percentile(99));
        s.put("p99_9_ms", percentile(99.9));
        s.put("max_ms", counts.lastKey());
      }
      return s;
    }
  }

  record Phase(String name, String kind, double t0, double t1, long users, long loadProcesses) {}

  static List<JsonNode> readJsonl(Path path) throws IOException {
    var rows = new ArrayList<JsonNode>();
    if (Files.exists(path)) {
      for (String line : Files.readAllLines(path)) {
        if (!line.isBlank()) {
          try {
            rows.add(JSON.readTree(line.strip()));
          } catch (IOException e) {
            // a line cut short when the run was interrupted
          }
        }
      }
    }
    return rows;
  }

  /** The load process's BENCH_RESULT; {"error": …} when it printed none; null without its file. */
  static ObjectNode parseResult(Path path) throws IOException {
    if (!Files.exists(path)) {
      return null;
    }
    String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    var m = RESULT.matcher(text);
    if (!m.find()) {
      List<String> lines = text.strip().lines().toList();
      var error = JSON.createObjectNode();
      error.put("error", "no result: " + String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
      return error;
    }
    return (ObjectNode) JSON.readTree(m.group(1));
  }

  private static boolean is(JsonNode event, String kind) {
    return event.path("event").asText().equals(kind);
  }

  static List<Phase> phases(List<JsonNode> events, double stepS) {
    List<JsonNode> starts = events.stream().filter(e -> is(e, "start"))
        .sorted(Comparator.comparingDouble(e -> e.get("t").asDouble())).toList();
    // A load process stops its users duration_s after it started; bin/bench notices the exit up to 0.5 s later.
    Map<Long, JsonNode> started = new HashMap<>();
    starts.forEach(s -> started.put(s.get("proc").asLong(), s));
    for (JsonNode e : events) {
      JsonNode s = started.get(e.path("proc").asLong());
      if (is(e, "exit") && s != null && s.has("duration_s")) {
        ((ObjectNode) e).put("t", Math.min(e.get("t").asDouble(),
            s.get("t").asDouble() + s.get("duration_s").asDouble()));
      }
    }
    List<Double> exits = events.stream().filter(e -> is(e, "exit")).map(e -> e.get("t").asDouble()).sorted().toList();
    double end = events.stream().filter(e -> is(e, "end")).mapToDouble(e -> e.get("t").asDouble()).max()
        .orElse(events.stream().mapToDouble(e -> e.get("t").asDouble()).max().orElse(0));
    int procs = starts.size();
    var phases = new ArrayList<Phase>();
    long running = 0;
    for (int k = 1; k <= procs; k++) {
      JsonNode s = starts.get(k - 1);
      running += s.get("connections").asLong();
      double t1 = k < procs ? starts.get(k).get("t").asDouble() : s.get("t").asDouble() + stepS;
      if (!exits.isEmpty()) {
        t1 = Math.min(t1, exits.getFirst());
      }
      phases.add(new Phase("up " + k + "/" + procs, "up", s.get("t").asDouble(), Math.min(t1, end), running, k));
    }
    if (!starts.isEmpty()) {
      double holdT0 = phases.getLast().t1();
      double holdT1 = exits.isEmpty() ? end : exits.getFirst();
      if (holdT1 > holdT0) {
        phases.add(new Phase("hold", "hold", holdT0, holdT1, running, procs));
      }
    }
    Map<Long, Long> byProc = new HashMap<>();
    starts.forEach(s -> byProc.put(s.get("proc").asLong(), s.get("connections").asLong()));
    List<JsonNode> exitProcs = events.stream().filter(e -> is(e, "exit"))
        .sorted(Comparator.comparingDouble(e -> e.get("t").asDouble())).toList();
    for (int j = 0; j < exitProcs.size(); j++) {
      JsonNode e = exitProcs.get(j);
      running -= byProc.getOrDefault(e.get("proc").asLong(), 0L);
      int left = procs - j - 1;
      if (left == 0) {
        break;
      }
      double t1 = j + 1 < exitProcs.size() ? exitProcs.get(j + 1).get("t").asDouble() : end;
      phases.add(new Phase("down " + left + "/" + procs, "down", e.get("t").asDouble(), t1, running, left));
    }
    return phases.stream().filter(p -> p.t1() > p.t0()).toList();
  }

  static int phaseIndex(List<Phase> phases, double t) {
    for (int i = 0; i < phases.size(); i++) {
      if (phases.get(i).t0() <= t && t < phases.get(i).t1()) {
        return i;
      }
    }
    return -1;
  }

  /** Writes users.json, users.md and bench-users.svg into {@code out}; returns the row for results.jsonl. */
  static String write(Path dir, Path out, int hz, ObjectNode settings) throws IOException {
    List<JsonNode> events = readJsonl(dir.resolve("events.jsonl"));
    List<JsonNode> samples = readJsonl(dir.resolve("samples.jsonl")).stream()
        .sorted(Comparator.comparingDouble(s -> s.get("t").asDouble())).toList();
    double begin = events.stream().filter(e -> is(e, "begin")).mapToDouble(e -> e.get("t").asDouble()).min()
        .orElse(samples.isEmpty() ? 0 : samples.getFirst().get("t").asDouble());
    double stepS = settings.get("step_ms").asDouble() / 1000;
    long bucketS = settings.get("sample_every_s").asLong();
    List<Phase> phases = phases(events, stepS);
    double runEnd = phases.stream().mapToDouble(Phase::t1).max().orElse(begin);

    // --- nginx's access log ---------------------------------------------------------------------------------------
    int nPhase = phases.size();
    List<Map<String, Hist>> phRoutes = new ArrayList<>();
    List<TreeMap<Long, Long>> phStatus = new ArrayList<>();
    for (int i = 0; i < nPhase; i++) {
      phRoutes.add(new LinkedHashMap<>());
      phStatus.add(new TreeMap<>());
    }
    long[] phShed = new long[nPhase];
    long[] phRequests = new long[nPhase];
    int nBuckets = (int) Math.max(1, Math.ceil((runEnd - begin) / bucketS) + 1);
    long[] bRequests = new long[nBuckets];
    long[] bNon2xx = new long[nBuckets];
    Hist[] bReads = new Hist[nBuckets];
    Arrays.setAll(bReads, b -> new Hist());
    TreeMap<Long, Long> totalStatus = new TreeMap<>();
    long unparsed = 0;
    Path log = dir.resolve("access.log");
    if (Files.exists(log)) {
      try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          JsonNode r;
          double t;
          try {
            r = JSON.readTree(line);
            if (r == null || !r.has("time")) {
              throw new IllegalArgumentException();
            }
            t = OffsetDateTime.parse(r.get("time").asText()).toEpochSecond() + 0.5;
          } catch (IOException | RuntimeException e) {
            unparsed++;
            continue;
          }
          if (t < begin - 1) {
            continue;
          }
          String path = r.path("uri").asText("").split("\\?", 2)[0].replaceAll("/+$", "");
          String route = r.path("method").asText("?") + " " + (path.isEmpty() ? "/" : path);
          long status = r.has("status") ? (long) Double.parseDouble(r.get("status").asText()) : 0;
          long ms = Py.round(Double.parseDouble(r.has("request_time") ? r.get("request_time").asText() : "0") * 1000);
          // nginx's own 503 (no replica under max_conns, or none reachable): no replica answered 503
          boolean shed = status == 503 && !r.path("upstream_status").asText("").contains("503");
          totalStatus.merge(status, 1L, Long::sum);
          int b = (int) Math.floor((t - begin) / bucketS);
          if (b >= 0 && b < nBuckets) {
            bRequests[b]++;
            if (!(200 <= status && status < 300) && status != 499) {
              bNon2xx[b]++;
            }
            if (READ_ROUTES.contains(route)) {
              bReads[b].add(ms);
            }
          }
          int i = phaseIndex(phases, t);
          if (i < 0) {
            continue;
          }
          phRequests[i]++;
          phStatus.get(i).merge(status, 1L, Long::sum);
          phRoutes.get(i).computeIfAbsent(route, x -> new Hist()).add(ms);
          if (shed) {
            phShed[i]++;
          }
        }
      }
    }

    // --- samples: connections, CPU, RSS ----------------------------------------------------------------------------
    var groupSet = new LinkedHashSet<String>();
    samples.forEach(s -> s.path("processes").fieldNames().forEachRemaining(groupSet::add));
    List<String> groups = groupSet.stream().sorted(Comparator.<String, Boolean>comparing(g -> !g.equals("nginx"))
        .thenComparing(g -> !g.startsWith("api")).thenComparing(g -> !g.equals("worker"))
        .thenComparing(Comparator.naturalOrder())).toList();
    List<List<Long>> phConns = new ArrayList<>();
    List<Map<String, List<Long>>> phUpstream = new ArrayList<>();
    List<Map<String, double[]>> phCpu = new ArrayList<>();
    List<Map<String, List<Double>>> phRss = new ArrayList<>();
    for (int i = 0; i < nPhase; i++) {
      phConns.add(new ArrayList<>());
      phUpstream.add(new LinkedHashMap<>());
      phCpu.add(new LinkedHashMap<>());
      phRss.add(new LinkedHashMap<>());
    }
    var series = new ArrayList<double[]>();
    for (JsonNode s : samples) {
      double t = s.get("t").asDouble();
      series.add(new double[] {t - begin, s.get("connections").asDouble()});
      int i = phaseIndex(phases, t);
      if (i >= 0) {
        if (t >= phases.get(i).t0() + 1) {
          phConns.get(i).add(s.get("connections").asLong());
        }
        final int pi = i;
        s.path("upstream").fields().forEachRemaining(e ->
            phUpstream.get(pi).computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().asLong()));
        s.path("processes").fields().forEachRemaining(e -> {
          double kb = 0;
          for (JsonNode v : (Iterable<JsonNode>) e.getValue()::elements) {
            kb += v.get(1).asDouble();
          }
          phRss.get(pi).computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(kb / 1024);
        });
      }
    }
    for (int k = 0; k + 1 < samples.size(); k++) {
      JsonNode a = samples.get(k);
      JsonNode b = samples.get(k + 1);
      double dt = b.get("t").asDouble() - a.get("t").asDouble();
      int i = phaseIndex(phases, (a.get("t").asDouble() + b.get("t").asDouble()) / 2);
      if (i < 0 || dt <= 0) {
        continue;
      }
      for (String g : groups) {
        JsonNode pa = a.path("processes").path(g);
        JsonNode pb = b.path("processes").path(g);
        long ticks = 0;
        for (var it = pb.fieldNames(); it.hasNext(); ) {
          String pid = it.next();
          if (pa.has(pid)) {
            ticks += Math.max(0, pb.get(pid).get(0).asLong() - pa.get(pid).get(0).asLong());
          }
        }
        double[] cpu = phCpu.get(i).computeIfAbsent(g, x -> new double[2]);
        cpu[0] += (double) ticks / hz;
        cpu[1] += dt;
      }
    }

    // --- load processes -------------------------------------------------------------------------------------------
    var loads = new LinkedHashMap<String, ObjectNode>();
    List<Path> loadFiles = new ArrayList<>();
    if (Files.isDirectory(dir.resolve("load"))) {
      try (Stream<Path> files = Files.list(dir.resolve("load"))) {
        files.filter(p -> p.getFileName().toString().matches("users-.*\\.txt")).forEach(loadFiles::add);
      }
    }
    loadFiles.sort(Comparator.comparingLong(p -> {
      String digits = stem(p).replaceAll("\\D", "");
      return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }));
    for (Path p : loadFiles) {
      loads.put(stem(p), parseResult(p));
    }
    ObjectNode logins = parseResult(dir.resolve("load").resolve("logins.txt"));
    Map<Long, JsonNode> starts = new HashMap<>();
    events.stream().filter(e -> is(e, "start")).forEach(e -> starts.put(e.get("proc").asLong(), e));
    var errors = new LinkedHashMap<String, Long>();
    var loadRows = new ArrayList<Map<String, Object>>();
    for (var entry : loads.entrySet()) {
      long proc = Long.parseLong(entry.getKey().split("-")[1]);
      ObjectNode res = entry.getValue();
      var row = new LinkedHashMap<String, Object>();
      row.put("process", entry.getKey());
      row.put("address", "127.0.0." + (proc + 1));
      JsonNode start = starts.get(proc);
      row.put("connections", start == null || !start.has("connections") ? null : start.get("connections").asLong());
      if (res == null || res.has("error")) {
        row.put("error", res == null ? "no output" : res.get("error").asText());
        errors.merge("no_result", 1L, Long::sum);
      } else {
        row.put("requests", res.get("requests").asLong());
        row.put("errors", res.get("errors"));
        row.put("statuses", res.has("statuses") ? res.get("statuses") : JSON.createObjectNode());
        var latency = new LinkedHashMap<String, Object>();
        res.get("latency_us").fields().forEachRemaining(e -> {
          if (List.of("p50", "p90", "p99", "max").contains(e.getKey())) {
            latency.put(e.getKey(), Py.round(e.getValue().asDouble() / 1000, 1));
          }
        });
        row.put("latency_ms", latency);
        res.get("errors").fields().forEachRemaining(e -> errors.merge(e.getKey(), e.getValue().asLong(), Long::sum));
      }
      loadRows.add(row);
    }
    long socketErrors = Stream.of("connect", "read", "write", "timeout").mapToLong(k -> errors.getOrDefault(k, 0L))
        .sum();

    // --- phases ---------------------------------------------------------------------------------------------------
    var phaseRows = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < nPhase; i++) {
      Phase p = phases.get(i);
      double dur = p.t1() - p.t0();
      var reads = new Hist();
      for (String r : READ_ROUTES) {
        if (phRoutes.get(i).containsKey(r)) {
          reads.merge(phRoutes.get(i).get(r));
        }
      }
      var all = new Hist();
      phRoutes.get(i).values().forEach(all::merge);
      var res = new LinkedHashMap<String, Object>();
      for (String g : groups) {
        double[] cpu = phCpu.get(i).getOrDefault(g, new double[2]);
        List<Double> rss = phRss.get(i).getOrDefault(g, List.of());
        var x = new LinkedHashMap<String, Object>();
        x.put("cpu_percent", cpu[1] != 0 ? Py.round(cpu[0] / cpu[1] * 100) : null);
        x.put("rss_mb_max", rss.isEmpty() ? null : Py.round(rss.stream().mapToDouble(d -> d).max().orElseThrow()));
        x.put("rss_mb_mean", rss.isEmpty() ? null : Py.round(Py.sum(rss) / rss.size()));
        res.put(g, x);
      }
      List<Long> conns = phConns.get(i);
      var row = new LinkedHashMap<String, Object>();
      row.put("phase", p.name());
      row.put("kind", p.kind());
      row.put("start_s", Py.round(p.t0() - begin, 1));
      row.put("seconds", Py.round(dur, 1));
      row.put("users", p.users());
      row.put("load_processes", p.loadProcesses());
      if (conns.isEmpty()) {
        row.put("connections", null);
      } else {
        var c = new LinkedHashMap<String, Object>();
        c.put("min", conns.stream().mapToLong(v -> v).min().orElseThrow());
        c.put("max", conns.stream().mapToLong(v -> v).max().orElseThrow());
        c.put("mean", Py.round((double) conns.stream().mapToLong(v -> v).sum() / conns.size()));
        row.put("connections", c);
      }
      var upstream = new LinkedHashMap<String, Object>();
      new TreeMap<>(phUpstream.get(i)).forEach((api, v) -> upstream.put(api,
          v.stream().mapToLong(n -> n).max().orElseThrow()));
      row.put("upstream_connections_max", upstream);
      row.put("requests", phRequests[i]);
      row.put("requests_per_second", dur != 0 ? Py.round(phRequests[i] / dur, 1) : null);
      var statuses = new LinkedHashMap<String, Object>();
      phStatus.get(i).forEach((k, v) -> statuses.put(Long.toString(k), v));
      row.put("statuses", statuses);
      // 499: nginx's note that the client closed first (a load process ending with requests in flight)
      row.put("non_2xx", phStatus.get(i).entrySet().stream()
          .filter(e -> !(200 <= e.getKey() && e.getKey() < 300) && e.getKey() != 499).mapToLong(Map.Entry::getValue)
          .sum());
      row.put("client_closed_499", phStatus.get(i).getOrDefault(499L, 0L));
      row.put("shed_503", phShed[i]);
      row.put("reads", reads.summary());
      row.put("all", all.summary());
      var routes = new LinkedHashMap<String, Object>();
      Map<String, Hist> byRoute = phRoutes.get(i);
      byRoute.keySet().stream().sorted(Comparator.<String, Boolean>comparing(r -> !ROUTES.contains(r))
              .thenComparing(r -> ROUTES.contains(r) ? ROUTES.indexOf(r) : 0).thenComparing(Comparator.naturalOrder()))
          .forEach(r -> routes.put(r, byRoute.get(r).summary()));
      row.put("routes", routes);
      row.put("processes", res);
      phaseRows.add(row);
    }

    Map<String, Object> hold = phaseRows.stream().filter(r -> r.get("kind").equals("hold")).findFirst().orElse(null);
    long nUsers = settings.get("users").asLong();
    var fail = new ArrayList<String>();
    if (hold == null) {
      fail.add("no hold phase was measured");
    } else {
      long held = connectionsMin(hold) == null ? 0 : connectionsMin(hold);
      if (held < nUsers) {
        fail.add(held + " connections held at the lowest sample of the hold, for " + nUsers + " users");
      }
      long non2xx = (Long) hold.get("non_2xx");
      if (non2xx != 0) {
        fail.add(non2xx + " non-2xx answers during the hold");
      }
      var rp = map(hold.get("reads"));
      if ((Long) rp.get("count") == 0) {
        fail.add("no reads answered during the hold");
      } else {
        if ((Long) rp.get("p95_ms") > 250) {
          fail.add("read p95 " + rp.get("p95_ms") + " ms > 250 ms during the hold");
        }
        if ((Long) rp.get("p99_ms") > 1000) {
          fail.add("read p99 " + rp.get("p99_ms") + " ms > 1000 ms during the hold");
        }
      }
    }
    if (socketErrors != 0) {
      fail.add(socketErrors + " socket errors (load processes)");
    }
    if (errors.getOrDefault("no_result", 0L) != 0) {
      fail.add(errors.get("no_result") + " load processes gave no result");
    }

    // chart series per bucket
    var chartT = new ArrayList<Object>();
    var chartRps = new ArrayList<Object>();
    var chartNon2xx = new ArrayList<Object>();
    var chartP99 = new ArrayList<Object>();
    var chartP50 = new ArrayList<Object>();
    for (int b = 0; b < nBuckets; b++) {
      if (begin + b * bucketS > runEnd) {
        break;
      }
      chartT.add(b * bucketS + bucketS / 2.0);
      chartRps.add(Py.round((double) bRequests[b] / bucketS, 1));
      chartNon2xx.add(Py.round((double) bNon2xx[b] / bucketS, 1));
      chartP99.add(bReads[b].percentile(99));
      chartP50.add(bReads[b].percentile(50));
    }

    var report = new LinkedHashMap<String, Object>();
    report.put("settings", settings);
    report.put("pass", fail.isEmpty());
    report.put("fail_reasons", fail);
    report.put("phases", phaseRows);
    report.put("load_processes", loadRows);
    report.put("load_errors", errors);
    report.put("socket_errors", socketErrors);
    report.put("logins", logins);
    var whole = new LinkedHashMap<String, Object>();
    totalStatus.forEach((k, v) -> whole.put(Long.toString(k), v));
    report.put("statuses_whole_run", whole);
    report.put("unparsed_log_lines", unparsed);
    var seriesOut = new LinkedHashMap<String, Object>();
    seriesOut.put("connections", series.stream().map(x -> List.of(Py.round(x[0], 1), (long) x[1])).toList());
    seriesOut.put("t", chartT);
    seriesOut.put("requests_per_second", chartRps);
    seriesOut.put("non_2xx_per_second", chartNon2xx);
    seriesOut.put("reads_p99_ms", chartP99);
    seriesOut.put("reads_p50_ms", chartP50);
    report.put("series", seriesOut);
    report.put("phase_bounds", phases.stream().map(p -> List.<Object>of(Py.round(p.t0() - begin, 1),
        Py.round(p.t1() - begin, 1), p.name())).toList());

    // one tree, so that the markdown and the chart read exactly what users.json says
    JsonNode rep = JSON.valueToTree(report);
    var printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter(" ", "\n"))
        .withArrayIndenter(new DefaultIndenter(" ", "\n"));
    Files.writeString(out.resolve("users.json"), JSON.writer(printer).writeValueAsString(rep) + "\n");
    Files.writeString(out.resolve("bench-users.svg"), UsersChart.svg(rep));
    Files.writeString(out.resolve("users.md"), UsersMarkdown.markdown(rep, groups));

    // the row for results.jsonl (bin/bench's table): the hold phase
    var row = new LinkedHashMap<String, Object>();
    row.put("scenario", "users");
    row.put("connections", nUsers);
    row.put("threads", 0);
    row.put("pass", fail.isEmpty());
    row.put("fail_reasons", fail);
    row.put("socket_errors", socketErrors);
    var errorRow = new LinkedHashMap<String, Object>();
    for (String k : List.of("connect", "read", "write", "timeout", "status")) {
      errorRow.put(k, errors.getOrDefault(k, 0L));
    }
    row.put("errors", errorRow);
    if (hold != null) {
      var a = map(hold.get("all"));
      List<String> apiGroups = groups.stream().filter(g -> g.startsWith("api")).toList();
      var processes = map(hold.get("processes"));
      row.put("duration_s", hold.get("seconds"));
      row.put("requests", hold.get("requests"));
      Object rps = hold.get("requests_per_second");
      row.put("requests_per_second", rps == null || (Double) rps == 0 ? 0 : Py.round((Double) rps));
      var latency = new LinkedHashMap<String, Object>();
      for (String k : List.of("p50", "p90", "p99", "p99_9", "max")) {
        Object v = a.get(k + "_ms");
        latency.put(k, v == null ? null : (Long) v * 1000);
      }
      row.put("latency_us", latency);
      row.put("non_2xx", hold.get("non_2xx"));
      row.put("statuses", hold.get("statuses"));
      row.put("connections_held_min", connectionsMin(hold));
      row.put("cpu_percent", apiGroups.stream().mapToLong(g -> {
        Object cpu = map(processes.get(g)).get("cpu_percent");
        return cpu == null ? 0 : (Long) cpu;
      }).sum());
      row.put("peak_rss_mb", apiGroups.stream().mapToLong(g -> {
        Object rss = map(processes.get(g)).get("rss_mb_max");
        return rss == null ? 0 : (Long) rss;
      }).max().orElse(0));
      row.put("reads", hold.get("reads"));
    }
    return JSON.writeValueAsString(row);
  }

  private static String stem(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static Long connectionsMin(Map<String, Object> phase) {
    Object c = phase.get("connections");
    return c == null ? null : (Long) map(c).get("min");
  }
}
