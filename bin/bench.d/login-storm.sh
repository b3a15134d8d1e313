# shellcheck shell=bash
# bin/bench: the login-storm scenario (docs/PERFORMANCE.md, "login storm"). BENCH_STORM_CONNECTIONS (1000)
# connections log in without pause for --duration (20 s), rotating over the seeded users (login.lua), at the
# system's bcrypt cost (10 unless CAKE_BCRYPT_COST says otherwise); beside them one probe connection
# (login-probe.lua) times each answer by status, since wrk's histogram mixes the fast 503s with the slow 200s.
# Records logins/s answered 200, the 503s and their latency. Sourced by bin/bench.

run_login_storm() {
  local connections=${BENCH_STORM_CONNECTIONS:-1000} threads warm raw probe storm measured line probe_line row
  threads=${BENCH_THREADS:-2}
  refresh_tokens_if_old
  if [[ $WARMUP != 0 && $WARMUP != 0s ]]; then
    warm=$((connections < WARMUP_MAX_CONNECTIONS ? connections : WARMUP_MAX_CONNECTIONS))
    say "login-storm: warming up for $WARMUP ($warm connections, not recorded)"
    wrk_once "$BENCH_D/login.lua" "$threads" "$warm" "$WARMUP" "$DATA/wrk/login-storm-$connections-warmup.txt" \
      || say "warning: the warm-up run failed (see $DATA/wrk/login-storm-$connections-warmup.txt)"
  fi
  wait_server_idle
  say "login-storm: $connections connections without pause + 1 probe connection, $threads wrk threads, $DURATION"
  raw="$DATA/wrk/login-storm-$connections.txt"
  probe="$DATA/wrk/login-storm-$connections-probe.txt"
  measure_start
  wrk_once "$BENCH_D/login.lua" "$threads" "$connections" "$DURATION" "$raw" &
  storm=$!
  wrk_once "$BENCH_D/login-probe.lua" 1 1 "$DURATION" "$probe" || true
  wait "$storm" || true
  measured=$(measure_stop)
  line=$(grep -m1 '^BENCH_RESULT ' "$raw" || true)
  probe_line=$(grep -m1 '^BENCH_PROBE ' "$probe" || true)
  [[ -n $probe_line ]] || { say "warning: the probe gave no result (see $probe)"; probe_line='BENCH_PROBE {}'; }
  if [[ -z $line ]]; then
    row=$(jq -cn --argjson c "$connections" --arg e "$(tail -n 3 "$raw" | tr '\n' ' ')" \
      '{scenario: "login-storm", connections: $c, error: ("wrk gave no result: " + $e)}')
  else
    row=$(jq -c --argjson c "$connections" --argjson t "$threads" --argjson m "$measured" \
      --argjson probe "${probe_line#BENCH_PROBE }" --argjson cost "${CAKE_BCRYPT_COST:-10}" '
      (.duration_us / 1e6) as $s
      | {scenario: "login-storm", connections: $c, threads: $t, bcrypt_cost: $cost,
         duration_s: ($s * 100 | round / 100), requests,
         requests_per_second: (if $s > 0 then .requests / $s | round else 0 end),
         logins_200: (.statuses["200"] // 0),
         logins_200_per_second: (if $s > 0 then (.statuses["200"] // 0) / $s * 10 | round / 10 else 0 end),
         answers_503: (.statuses["503"] // 0),
         latency_us, errors, non_2xx: .errors.status, statuses: (.statuses // {}),
         socket_errors: (.errors.connect + .errors.read + .errors.write + .errors.timeout),
         probe_latency_us_by_status: $probe,
         cpu_percent: $m.cpu_percent, peak_rss_mb: $m.peak_rss_mb, load_average_1m: $m.load_average_1m, bytes}' \
      <<<"${line#BENCH_RESULT }")
  fi
  record "$row"
}
