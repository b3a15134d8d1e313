#!/usr/bin/env python3
"""The report of bin/bench's "users" scenario (python3 standard library only).

Reads, in --dir: access.log (nginx's JSON access log, compose/nginx/cake.conf.template's cake_json format),
samples.jsonl (connections held on nginx's port, CPU ticks and RSS per process, every few seconds), events.jsonl
(when each load process started and ended) and load/*.txt (each UsersLoad process's counts, its BENCH_RESULT line;
the logins' wrk prints the same line from common.lua).
Writes, in --out: users.json, users.md and bench-users.svg (connections held, requests/s and p99 over the run).
Prints one JSON object for bin/bench's results.jsonl.

Phases: "up k/P" from the start of load process k to the next one; "up P/P" for one step after the last start (its
users' first requests arrive over that step); "hold" until the first process ends; "down n" while n processes still
run. Latency is nginx's $request_time per request (from reading the request to sending the answer), by route.
"""
import argparse
import collections
import datetime
import html
import json
import math
import pathlib
import re
import sys

READ_ROUTES = ["GET /auth/profile", "GET /promotions/campaigns", "GET /promotions/eligibility",
               "GET /promotions/my-vouchers", "GET /promotions/my-promotions"]
ROUTES = READ_ROUTES + ["POST /promotions/topup", "POST /auth/login"]
SHORT = {"GET /auth/profile": "profile", "GET /promotions/campaigns": "campaigns",
         "GET /promotions/eligibility": "eligibility", "GET /promotions/my-vouchers": "my-vouchers",
         "GET /promotions/my-promotions": "my-promotions", "POST /promotions/topup": "topup",
         "POST /auth/login": "login"}


def read_jsonl(path):
    rows = []
    if path.exists():
        for line in path.read_text().splitlines():
            line = line.strip()
            if line:
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    pass  # a line cut short when the run was interrupted
    return rows


class Hist:
    """Latencies in whole milliseconds (nginx's resolution) as counts."""

    def __init__(self):
        self.counts = collections.Counter()
        self.n = 0

    def add(self, ms):
        self.counts[ms] += 1
        self.n += 1

    def merge(self, other):
        self.counts.update(other.counts)
        self.n += other.n

    def percentile(self, p):
        if self.n == 0:
            return None
        rank = max(1, math.ceil(self.n * p / 100))
        seen = 0
        for ms in sorted(self.counts):
            seen += self.counts[ms]
            if seen >= rank:
                return ms
        return max(self.counts)

    def summary(self):
        if self.n == 0:
            return {"count": 0}
        return {"count": self.n, "p50_ms": self.percentile(50), "p90_ms": self.percentile(90),
                "p95_ms": self.percentile(95), "p99_ms": self.percentile(99), "p99_9_ms": self.percentile(99.9),
                "max_ms": max(self.counts)}


def parse_result(path):
    if not path.exists():
        return None
    text = path.read_text(errors="replace")
    m = re.search(r"^BENCH_RESULT (\{.*\})$", text, re.M)
    if not m:
        return {"error": "no result: " + " ".join(text.strip().splitlines()[-3:])}
    return json.loads(m.group(1))


def phases_of(events, step_s):
    starts = sorted((e for e in events if e["event"] == "start"), key=lambda e: e["t"])
    # A load process stops its users duration_s after it started; bin/bench notices the exit up to 0.5 s later.
    started = {e["proc"]: e for e in starts}
    for e in events:
        if e["event"] == "exit" and e["proc"] in started and "duration_s" in started[e["proc"]]:
            s = started[e["proc"]]
            e["t"] = min(e["t"], s["t"] + s["duration_s"])
    exits = sorted((e["t"] for e in events if e["event"] == "exit"))
    end = max([e["t"] for e in events if e["event"] == "end"] or [max([e["t"] for e in events] or [0])])
    procs = len(starts)
    phases = []
    running = 0
    for k, s in enumerate(starts, 1):
        running += s["connections"]
        t1 = starts[k]["t"] if k < procs else s["t"] + step_s
        if exits:
            t1 = min(t1, exits[0])
        phases.append({"name": f"up {k}/{procs}", "kind": "up", "t0": s["t"], "t1": min(t1, end),
                       "users": running, "load_processes": k})
    if starts:
        hold_t0 = phases[-1]["t1"]
        hold_t1 = exits[0] if exits else end
        if hold_t1 > hold_t0:
            phases.append({"name": "hold", "kind": "hold", "t0": hold_t0, "t1": hold_t1, "users": running,
                           "load_processes": procs})
    by_proc = {s["proc"]: s["connections"] for s in starts}
    exit_procs = sorted((e for e in events if e["event"] == "exit"), key=lambda e: e["t"])
    for j, e in enumerate(exit_procs):
        running -= by_proc.get(e["proc"], 0)
        left = procs - j - 1
        if left == 0:
            break
        t1 = exit_procs[j + 1]["t"] if j + 1 < len(exit_procs) else end
        phases.append({"name": f"down {left}/{procs}", "kind": "down", "t0": e["t"], "t1": t1, "users": running,
                       "load_processes": left})
    return [p for p in phases if p["t1"] > p["t0"]]


def phase_index(phases, t):
    for i, p in enumerate(phases):
        if p["t0"] <= t < p["t1"]:
            return i
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--hz", type=int, default=100)
    ap.add_argument("--settings", required=True)
    args = ap.parse_args()
    d = pathlib.Path(args.dir)
    out = pathlib.Path(args.out)
    settings = json.loads(args.settings)
    events = read_jsonl(d / "events.jsonl")
    samples = sorted(read_jsonl(d / "samples.jsonl"), key=lambda s: s["t"])
    begin = min([e["t"] for e in events if e["event"] == "begin"] or [samples[0]["t"] if samples else 0])
    step_s = settings["step_ms"] / 1000
    bucket_s = settings["sample_every_s"]
    phases = phases_of(events, step_s)
    run_end = max([p["t1"] for p in phases] or [begin])

    # --- nginx's access log ---------------------------------------------------------------------------------------
    n_phase = len(phases)
    ph_routes = [collections.defaultdict(Hist) for _ in phases]
    ph_status = [collections.Counter() for _ in phases]
    ph_shed = [0] * n_phase
    ph_requests = [0] * n_phase
    n_buckets = max(1, math.ceil((run_end - begin) / bucket_s) + 1)
    b_requests = [0] * n_buckets
    b_non2xx = [0] * n_buckets
    b_reads = [Hist() for _ in range(n_buckets)]
    total_status = collections.Counter()
    unparsed = 0
    log = d / "access.log"
    if log.exists():
        with log.open(errors="replace") as f:
            for line in f:
                try:
                    r = json.loads(line)
                    t = datetime.datetime.fromisoformat(r["time"]).timestamp() + 0.5
                except (ValueError, KeyError):
                    unparsed += 1
                    continue
                if t < begin - 1:
                    continue
                path = r.get("uri", "").split("?", 1)[0].rstrip("/") or "/"
                route = f'{r.get("method", "?")} {path}'
                status = int(r.get("status", 0))
                ms = int(round(float(r.get("request_time", 0)) * 1000))
                # nginx's own 503 (no replica under max_conns, or none reachable): no replica answered 503
                shed = status == 503 and "503" not in str(r.get("upstream_status", ""))
                total_status[status] += 1
                b = int((t - begin) // bucket_s)
                if 0 <= b < n_buckets:
                    b_requests[b] += 1
                    if not 200 <= status < 300 and status != 499:
                        b_non2xx[b] += 1
                    if route in READ_ROUTES:
                        b_reads[b].add(ms)
                i = phase_index(phases, t)
                if i is None:
                    continue
                ph_requests[i] += 1
                ph_status[i][status] += 1
                ph_routes[i][route].add(ms)
                if shed:
                    ph_shed[i] += 1

    # --- samples: connections, CPU, RSS ----------------------------------------------------------------------------
    groups = sorted({g for s in samples for g in s.get("processes", {})},
                    key=lambda g: (g != "nginx", not g.startswith("api"), g != "worker", g))
    ph_conns = [[] for _ in phases]
    ph_upstream = [collections.defaultdict(list) for _ in phases]   # api -> connections from nginx
    ph_cpu = [collections.defaultdict(lambda: [0.0, 0.0]) for _ in phases]   # group -> [cpu seconds, wall seconds]
    ph_rss = [collections.defaultdict(list) for _ in phases]
    series = []   # (t - begin, connections)
    for s in samples:
        series.append((s["t"] - begin, s["connections"]))
        i = phase_index(phases, s["t"])
        if i is not None:
            if s["t"] >= phases[i]["t0"] + 1:
                ph_conns[i].append(s["connections"])
            for api, n in s.get("upstream", {}).items():
                ph_upstream[i][api].append(n)
            for g, procs in s.get("processes", {}).items():
                ph_rss[i][g].append(sum(v[1] for v in procs.values()) / 1024)
    for a, b in zip(samples, samples[1:]):
        dt = b["t"] - a["t"]
        i = phase_index(phases, (a["t"] + b["t"]) / 2)
        if i is None or dt <= 0:
            continue
        for g in groups:
            pa, pb = a.get("processes", {}).get(g, {}), b.get("processes", {}).get(g, {})
            ticks = sum(max(0, pb[pid][0] - pa[pid][0]) for pid in pb if pid in pa)
            ph_cpu[i][g][0] += ticks / args.hz
            ph_cpu[i][g][1] += dt

    # --- load processes ------------------------------------------------------------------------------------------------
    loads = {}
    for p in sorted((d / "load").glob("users-*.txt"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0)):
        loads[p.stem] = parse_result(p)
    logins = parse_result(d / "load" / "logins.txt")
    starts = {e["proc"]: e for e in events if e["event"] == "start"}
    errors = collections.Counter()
    load_rows = []
    for name, res in loads.items():
        proc = int(name.split("-")[1])
        row = {"process": name, "address": f"127.0.0.{proc + 1}", "connections": starts.get(proc, {}).get("connections")}
        if res is None or "error" in res:
            row["error"] = (res or {}).get("error", "no output")
            errors["no_result"] += 1
        else:
            row.update({"requests": res["requests"], "errors": res["errors"], "statuses": res.get("statuses", {}),
                        "latency_ms": {k: round(v / 1000, 1) for k, v in res["latency_us"].items()
                                       if k in ("p50", "p90", "p99", "max")}})
            for k, v in res["errors"].items():
                errors[k] += v
        load_rows.append(row)
    socket_errors = sum(errors[k] for k in ("connect", "read", "write", "timeout"))

    # --- phases -------------------------------------------------------------------------------------------------------
    phase_rows = []
    for i, p in enumerate(phases):
        dur = p["t1"] - p["t0"]
        reads = Hist()
        for r in READ_ROUTES:
            if r in ph_routes[i]:
                reads.merge(ph_routes[i][r])
        allr = Hist()
        for h in ph_routes[i].values():
            allr.merge(h)
        res = {}
        for g in groups:
            cpu_s, wall = ph_cpu[i][g]
            rss = ph_rss[i][g]
            res[g] = {"cpu_percent": round(cpu_s / wall * 100) if wall else None,
                      "rss_mb_max": round(max(rss)) if rss else None, "rss_mb_mean": round(sum(rss) / len(rss)) if rss else None}
        conns = ph_conns[i]
        phase_rows.append({
            "phase": p["name"], "kind": p["kind"], "start_s": round(p["t0"] - begin, 1), "seconds": round(dur, 1),
            "users": p["users"], "load_processes": p["load_processes"],
            "connections": {"min": min(conns), "max": max(conns), "mean": round(sum(conns) / len(conns))} if conns else None,
            "upstream_connections_max": {api: max(v) for api, v in sorted(ph_upstream[i].items())},
            "requests": ph_requests[i], "requests_per_second": round(ph_requests[i] / dur, 1) if dur else None,
            "statuses": {str(k): v for k, v in sorted(ph_status[i].items())},
            # 499: nginx's note that the client closed first (a load process ending with requests in flight)
            "non_2xx": sum(v for k, v in ph_status[i].items() if not 200 <= k < 300 and k != 499),
            "client_closed_499": ph_status[i].get(499, 0),
            "shed_503": ph_shed[i],
            "reads": reads.summary(), "all": allr.summary(),
            "routes": {r: ph_routes[i][r].summary() for r in sorted(ph_routes[i], key=lambda r: (r not in ROUTES, ROUTES.index(r) if r in ROUTES else 0, r))},
            "processes": res,
        })

    hold = next((r for r in phase_rows if r["kind"] == "hold"), None)
    n_users = settings["users"]
    fail = []
    if hold is None:
        fail.append("no hold phase was measured")
    else:
        held = (hold["connections"] or {}).get("min", 0)
        if held < n_users:
            fail.append(f"{held} connections held at the lowest sample of the hold, for {n_users} users")
        if hold["non_2xx"]:
            fail.append(f"{hold['non_2xx']} non-2xx answers during the hold")
        rp = hold["reads"]
        if rp["count"] == 0:
            fail.append("no reads answered during the hold")
        else:
            if rp["p95_ms"] > 250:
                fail.append(f"read p95 {rp['p95_ms']} ms > 250 ms during the hold")
            if rp["p99_ms"] > 1000:
                fail.append(f"read p99 {rp['p99_ms']} ms > 1000 ms during the hold")
    if socket_errors:
        fail.append(f"{socket_errors} socket errors (load processes)")
    if errors["no_result"]:
        fail.append(f"{errors['no_result']} load processes gave no result")

    # chart series per bucket
    chart = {"t": [], "requests_per_second": [], "non_2xx_per_second": [], "reads_p99_ms": [], "reads_p50_ms": []}
    for b in range(n_buckets):
        if begin + b * bucket_s > run_end:
            break
        chart["t"].append(b * bucket_s + bucket_s / 2)
        chart["requests_per_second"].append(round(b_requests[b] / bucket_s, 1))
        chart["non_2xx_per_second"].append(round(b_non2xx[b] / bucket_s, 1))
        chart["reads_p99_ms"].append(b_reads[b].percentile(99))
        chart["reads_p50_ms"].append(b_reads[b].percentile(50))

    report = {"settings": settings, "pass": not fail, "fail_reasons": fail, "phases": phase_rows,
              "load_processes": load_rows, "load_errors": dict(errors), "socket_errors": socket_errors,
              "logins": logins, "statuses_whole_run": {str(k): v for k, v in sorted(total_status.items())},
              "unparsed_log_lines": unparsed,
              "series": {"connections": [[round(t, 1), c] for t, c in series], **chart},
              "phase_bounds": [[round(p["t0"] - begin, 1), round(p["t1"] - begin, 1), p["name"]] for p in phases]}
    (out / "users.json").write_text(json.dumps(report, indent=1) + "\n")
    (out / "bench-users.svg").write_text(svg(report))
    (out / "users.md").write_text(markdown(report, groups))

    # the row for results.jsonl (bin/bench's table): the hold phase
    row = {"scenario": "users", "connections": n_users, "threads": 0,
           "pass": not fail, "fail_reasons": fail, "socket_errors": socket_errors,
           "errors": {k: errors[k] for k in ("connect", "read", "write", "timeout", "status")}}
    if hold:
        a = hold["all"]
        api_groups = [g for g in groups if g.startswith("api")]
        row.update({
            "duration_s": hold["seconds"], "requests": hold["requests"],
            "requests_per_second": round(hold["requests_per_second"]) if hold["requests_per_second"] else 0,
            "latency_us": {k: (a.get(f"{k}_ms") * 1000 if a.get(f"{k}_ms") is not None else None)
                           for k in ("p50", "p90", "p99", "p99_9", "max")},
            "non_2xx": hold["non_2xx"], "statuses": hold["statuses"],
            "connections_held_min": (hold["connections"] or {}).get("min"),
            "cpu_percent": sum(hold["processes"][g]["cpu_percent"] or 0 for g in api_groups),
            "peak_rss_mb": max([hold["processes"][g]["rss_mb_max"] or 0 for g in api_groups] or [0]),
            "reads": hold["reads"],
        })
    print(json.dumps(row))


def fmt_ms(v):
    return "-" if v is None else str(v)


def markdown(rep, groups):
    s = rep["settings"]
    ng = s["nginx"]
    lines = []
    w = lines.append
    w(f"## users: {s['users']:,} concurrent mobile users through nginx")
    w("")
    w(f"{s['users']:,} keep-alive connections from {s['load_processes']} load processes (UsersLoad: one selector thread drives each process's users, "
      f"each process to its own loopback address), started one every {s['step_ms'] / 1000:g} s "
      f"({'first requests spread over ' + format(s['first_request_spread_ms'] / 1000, 'g') + ' s' if s['ramp'] == 'spread' else 'first requests at once: a storm per step'}), "
      f"held {s['hold_ms'] / 1000:g} s, stopped one every {s['step_ms'] / 1000:g} s. "
      f"Each user thinks {s['think_distribution']} {'(capped at 5 × the mean)' if s['think_distribution'] == 'exp' else '(0 to 2 × the mean)'} "
      f"with a mean of {s['think_mean_ms'] / 1000:g} s between requests: profile 30 %, campaigns 25 %, eligibility 20 %, "
      f"my-vouchers 13 %, my-promotions 12 % of the reads, and {s['topup_percent']:g} % top-ups with an Idempotency-Key. "
      f"Tokens: each user keeps one token of a pool of {s['token_pool']:,} seeded users (so about "
      f"{max(1, round(s['users'] / s['token_pool'])):,} users share an account). Logins alongside: {s['login_rate_per_s']:g}/s "
      f"(2 connections).")
    w("")
    w(f"nginx: {ng['workers']} workers × {ng['worker_connections']:,} connections, client keep-alive {ng['keepalive_timeout']}, "
      f"upstream keep-alive {ng['upstream_keepalive_per_worker']} per worker, max_conns {ng['max_conns_per_api']:,} per API; "
      f"{s['apis']} API processes and 1 worker. Connections held: ESTABLISHED sockets on nginx's port every "
      f"{s['sample_every_s']} s (the 2 login connections included); nginx → each API: ESTABLISHED connections from nginx "
      f"to each API (at most max_conns in flight + workers × upstream keep-alive idle). "
      f"Latency: nginx's $request_time per request, by route.")
    w("")
    verdict = "**PASS**" if rep["pass"] else "**FAIL** (" + "; ".join(rep["fail_reasons"]) + ")"
    w(f"Targets at the hold (all users connected, 0 socket errors, reads p95 ≤ 250 ms and p99 ≤ 1 s, 0 non-2xx): {verdict}.")
    w("")
    w("| phase | from s | s | users | connections held min–max | nginx → each API, max | req/s | reads p50 / p95 / p99 / max ms | non-2xx | shed 503 |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in rep["phases"]:
        c = p["connections"]
        r = p["reads"]
        w(f"| {p['phase']} | {p['start_s']} | {p['seconds']} | {p['users']:,} | "
          f"{(str(c['min']) + '–' + str(c['max'])) if c else '-'} | "
          f"{' / '.join(str(v) for v in p['upstream_connections_max'].values()) or '-'} | {p['requests_per_second']} | "
          f"{fmt_ms(r.get('p50_ms'))} / {fmt_ms(r.get('p95_ms'))} / {fmt_ms(r.get('p99_ms'))} / {fmt_ms(r.get('max_ms'))} | "
          f"{p['non_2xx']} | {p['shed_503']} |")
    w("")
    routes = [r for r in ROUTES if any(r in p["routes"] for p in rep["phases"])]
    w("p50 / p95 / p99 / max ms per route (nginx's request time), and requests:")
    w("")
    w("| phase | " + " | ".join(SHORT.get(r, r) for r in routes) + " |")
    w("| --- |" + " ---: |" * len(routes))
    for p in rep["phases"]:
        cells = []
        for r in routes:
            h = p["routes"].get(r)
            if not h or h["count"] == 0:
                cells.append("-")
            else:
                cells.append(f"{h['p50_ms']} / {h['p95_ms']} / {h['p99_ms']} / {h['max_ms']} ({h['count']:,})")
        w(f"| {p['phase']} | " + " | ".join(cells) + " |")
    w("")
    w("CPU % (of one core; the machine has 2) and peak RSS MB per process group (nginx: master and workers summed; "
      "load: every load-generating process, the logins' wrk included):")
    w("")
    w("| phase | " + " | ".join(groups) + " |")
    w("| --- |" + " ---: |" * len(groups))
    for p in rep["phases"]:
        cells = []
        for g in groups:
            x = p["processes"].get(g, {})
            cells.append(f"{fmt_ms(x.get('cpu_percent'))} % / {fmt_ms(x.get('rss_mb_max'))} MB")
        w(f"| {p['phase']} | " + " | ".join(cells) + " |")
    w("")
    w("Non-2xx answers by phase (nginx's log; a shed 503 is nginx's own: every API at max_conns or unreachable; "
      "499 is nginx's note of a client that left first, a load process stopping with requests in flight, not counted "
      "as non-2xx):")
    w("")
    any_non2xx = False
    for p in rep["phases"]:
        bad = {k: v for k, v in p["statuses"].items() if not k.startswith("2")}
        if bad:
            any_non2xx = True
            w(f"- {p['phase']}: " + ", ".join(f"{k} × {v}" for k, v in bad.items()))
    if not any_non2xx:
        w("- none")
    w("")
    w("Load processes (whole run; their latency covers every route together, measured by the client):")
    w("")
    w("| process | address | connections | requests | connect | read | write | timeout | non-2xx | p50 / p99 / max ms |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rep["load_processes"]:
        if "error" in r:
            w(f"| {r['process']} | {r['address']} | {r['connections']} | **{r['error']}** | | | | | | |")
            continue
        e = r["errors"]
        lat = r["latency_ms"]
        w(f"| {r['process']} | {r['address']} | {r['connections']:,} | {r['requests']:,} | {e['connect']} | {e['read']} | "
          f"{e['write']} | {e['timeout']} | {e['status']} | {lat['p50']} / {lat['p99']} / {lat['max']} |")
    lg = rep.get("logins")
    if lg and "error" not in lg:
        st = ", ".join(f"{k} × {v}" for k, v in lg.get("statuses", {}).items())
        w("")
        w(f"Logins alongside: {lg['requests']:,} in {lg['duration_us'] / 1e6:.0f} s "
          f"({lg['requests'] / (lg['duration_us'] / 1e6):.1f}/s), p50 {lg['latency_us']['p50'] / 1000:.0f} ms, "
          f"p99 {lg['latency_us']['p99'] / 1000:.0f} ms; statuses {st or '-'}; socket errors "
          f"{sum(lg['errors'][k] for k in ('connect', 'read', 'write', 'timeout'))}.")
    if rep["unparsed_log_lines"]:
        w("")
        w(f"{rep['unparsed_log_lines']} access-log lines could not be parsed.")
    w("")
    w("Chart: `bench-users.svg` (connections held, requests/s, read p50 and p99 over the run).")
    return "\n".join(lines) + "\n"


def nice_max(v):
    if v <= 0:
        return 1
    e = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * e:
            return m * e
    return 10 * e


def svg(rep):
    s = rep["settings"]
    W, left, right, top = 960, 80, 20, 90
    panel_h, gap = 170, 45
    panels = [
        ("connections held", [("connections", [(t, c) for t, c in rep["series"]["connections"]], "#1f77b4", "")]),
        ("requests/s (nginx)", [("all answers", list(zip(rep["series"]["t"], rep["series"]["requests_per_second"])), "#2ca02c", ""),
                                ("non-2xx", list(zip(rep["series"]["t"], rep["series"]["non_2xx_per_second"])), "#d62728", "")]),
        ("read latency ms (nginx)", [("p99", list(zip(rep["series"]["t"], rep["series"]["reads_p99_ms"])), "#d62728", ""),
                                     ("p50", list(zip(rep["series"]["t"], rep["series"]["reads_p50_ms"])), "#9467bd", "4 3")]),
    ]
    H = top + len(panels) * (panel_h + gap) + 20
    tmax = max([t for _, series, _, _ in [x for p in panels for x in p[1]] for t, _ in series] + [1])
    bounds = rep["phase_bounds"]
    if bounds:
        tmax = max(tmax, bounds[-1][1])
    tick = nice_max(tmax / 8)
    tmax = math.ceil(tmax / tick) * tick
    pw = W - left - right
    o = []
    o.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
             f'font-family="sans-serif" font-size="12">')
    o.append(f'<rect width="{W}" height="{H}" fill="white"/>')
    title = f"bin/bench users: {s['users']:,} concurrent users through nginx"
    sub = (f"{s['load_processes']} steps of {s['step_ms'] / 1000:g} s ({s['ramp']}), hold {s['hold_ms'] / 1000:g} s, "
           f"think {s['think_mean_ms'] / 1000:g} s ({s['think_distribution']}); {s['apis']} APIs + worker behind nginx "
           f"({s['nginx']['workers']} workers); {s.get('machine', '')}")
    o.append(f'<text x="{left}" y="24" font-size="16" font-weight="bold">{html.escape(title)}</text>')
    o.append(f'<text x="{left}" y="44" fill="#333">{html.escape(sub.rstrip("; "))}</text>')
    verdict = "PASS" if rep["pass"] else "FAIL: " + "; ".join(rep["fail_reasons"])
    o.append(f'<text x="{left}" y="62" fill="{"#2ca02c" if rep["pass"] else "#d62728"}">{html.escape(verdict[:140])}</text>')
    for k, (label, lines) in enumerate(panels):
        y0 = top + k * (panel_h + gap) + 10
        vals = [v for _, series, _, _ in lines for _, v in series if v is not None]
        vmax = nice_max(max(vals) if vals else 1)
        X = lambda t: left + pw * t / tmax  # noqa: E731
        Y = lambda v: y0 + panel_h - panel_h * v / vmax  # noqa: E731
        for t0, t1, name in bounds:
            if name == "hold":
                o.append(f'<rect x="{X(t0):.1f}" y="{y0}" width="{max(0, X(t1) - X(t0)):.1f}" height="{panel_h}" fill="#f3f3f3"/>')
        o.append(f'<rect x="{left}" y="{y0}" width="{pw}" height="{panel_h}" fill="none" stroke="#999"/>')
        for i in range(5):
            v = vmax * i / 4
            yy = Y(v)
            o.append(f'<line x1="{left}" x2="{left + pw}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e5e5e5"/>')
            txt = f"{v:,.0f}" if vmax >= 10 else f"{v:g}"
            o.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#555">{txt}</text>')
        for t0, _, name in bounds:
            o.append(f'<line x1="{X(t0):.1f}" x2="{X(t0):.1f}" y1="{y0}" y2="{y0 + panel_h}" stroke="#bbb" stroke-dasharray="2 3"/>')
        o.append(f'<text x="{left + 4}" y="{y0 - 6}" font-weight="bold">{html.escape(label)}</text>')
        lx = left + pw
        for name, series, color, dash in reversed(lines):
            pts = [(X(t), Y(v)) for t, v in series if v is not None]
            if pts:
                d = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
                o.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="1.8"'
                         + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
            lx -= 8 + 7 * len(name) + 18
            o.append(f'<line x1="{lx:.0f}" x2="{lx + 14:.0f}" y1="{y0 - 10}" y2="{y0 - 10}" stroke="{color}" stroke-width="2"'
                     + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
            o.append(f'<text x="{lx + 18:.0f}" y="{y0 - 6}" fill="#333">{html.escape(name)}</text>')
        t = 0
        while t <= tmax + 1e-9:
            o.append(f'<text x="{X(t):.1f}" y="{y0 + panel_h + 14}" text-anchor="middle" fill="#555">{t:g}</text>')
            t += tick
    # phase names under the last panel's axis labels
    y_last = top + (len(panels) - 1) * (panel_h + gap) + 10 + panel_h
    o.append(f'<text x="{left + pw}" y="{y_last + 30}" text-anchor="end" fill="#555">seconds since the first step; '
             f'dashed lines: steps up and down; grey: hold</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


if __name__ == "__main__":
    sys.exit(main())
