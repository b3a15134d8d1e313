# shellcheck shell=bash
# bin/bench: results. One JSON object per scenario × connections goes to $OUT/results.jsonl as it
# is measured; write_report turns them into results.json and results.md. Sourced by bin/bench.

append_result() { jq -c . <<<"$1" >>"$OUT/results.jsonl"; }

# Keep a result; stop the whole run when the server died during it (nothing left to measure).
record() {
  local row=$1 gone
  gone=$(server_gone)
  if [[ -n $gone ]]; then
    row=$(jq -c --arg gone "$gone" '.error = $gone | .pass = false | .fail_reasons = ((.fail_reasons // []) + [$gone])' <<<"$row")
  fi
  append_result "$row"
  say "$(summarize_row "$row")"
  if [[ -n $gone ]]; then
    say "$gone; see $OUT/server.log"
    SERVER_PID=""
    write_report
    exit 1
  fi
}

# One line per measured run, for the console while the run goes on.
summarize_row() {
  jq -r 'def ms: if . == null then "-" else (. / 1000 * 100 | round / 100 | tostring) + " ms" end;
    "\(.scenario) @ \(.connections): \(.requests_per_second // "-") req/s, p50 \(.latency_us.p50 | ms),"
    + " p99 \(.latency_us.p99 | ms), max \(.latency_us.max | ms), non-2xx \(.non_2xx // 0),"
    + " socket errors \(.socket_errors // 0)"
    + ((.statuses // {}) | to_entries | map(select(.key | startswith("2") | not)) | map("\(.key) × \(.value)")
       | if length > 0 then " (" + join(", ") + ")" else "" end)
    + (if .pass == null then "" elif .pass then ", PASS" else ", FAIL" end)' <<<"$1"
}

# settings_json: how this run was configured (for results.json).
settings_json() {
  jq -n --arg url "$BASE_URL" --arg own "$([[ -z $URL ]] && echo true || echo false)" \
    --arg scenarios "${SCENARIOS[*]}" --arg connections "${CONNECTIONS[*]}" \
    --arg duration "$DURATION" --arg warmup "$WARMUP" --arg timeout "$TIMEOUT" --arg bcrypt_timeout "$BCRYPT_TIMEOUT" \
    --arg pool "$POOL_SIZE" --arg burst "${BURST_USERS:-2000}" --arg target "$CONNECTIONS_TARGET" \
    --arg rate_limits "${CAKE_RATE_LIMITS:-}" --arg log_level "${CAKE_LOG_LEVEL:-}" \
    --arg payment_latency "${CAKE_PAYMENT_LATENCY_MS:-}" --arg db "${DATABASE_URL:-}" \
    --arg prefix "${CAKE_REDIS_PREFIX:-}" '
    {url: $url, private_system: ($own == "true"), scenarios: ($scenarios | split(" ")),
     connections: ($connections | split(" ") | map(tonumber)), duration: $duration, warmup: $warmup,
     wrk_timeout: $timeout, wrk_timeout_bcrypt_scenarios: $bcrypt_timeout, seeded_users: ($pool | tonumber), burst_users: ($burst | tonumber),
     connections_scenario: ($target | tonumber)}
    + (if $own == "true" then {server_env: {DATABASE_URL: $db, CAKE_REDIS_PREFIX: $prefix,
         CAKE_RATE_LIMITS: $rate_limits, CAKE_LOG_LEVEL: $log_level, CAKE_PAYMENT_LATENCY_MS: $payment_latency}}
       else {} end)'
}

markdown_report() {
  jq -r '
    def ms: if . == null then "-" else (. / 1000) | (if . >= 100 then round else . * 100 | round / 100 end)
            | tostring end;
    def n: if . == null then "-" else tostring end;
    def verdict: if .pass then "**PASS**" else "**FAIL** (\(.fail_reasons | join("; ")))" end;
    .machine as $m | .settings as $s
    | "# Cake System benchmark, \(.started)",
      "",
      "Machine: \($m.cores) cores (\($m.cpu)), \($m.memory), Linux \($m.kernel); load average \($m.load_average_at_start) at the start, "
        + "\([.results[].load_average_1m // empty] | if length == 0 then "-" elif min == max then "\(min)" else "\(min)-\(max)" end) (1 min) at the end of the measured runs.",
      "JDK: \($m.jdk). Server JVM flags: `\(if $m.server_jvm_flags == "" then "unknown" else $m.server_jvm_flags end)`"
        + (if $m.java_opts == "" then "" else " (JAVA_OPTS `\($m.java_opts)`)" end) + ".",
      "PostgreSQL \($m.postgresql), Redis \($m.redis), wrk \($m.wrk), commit \($m.commit).",
      "Run: \($s.duration) per scenario after a \($s.warmup) warm-up, wrk timeout \($s.wrk_timeout) (\($s.wrk_timeout_bcrypt_scenarios) for login, register and mixed), "
        + (if $s.private_system then "private system at \($s.url) (rate limits off, log level "
             + "\($s.server_env.CAKE_LOG_LEVEL), payment latency \($s.server_env.CAKE_PAYMENT_LATENCY_MS) ms)"
           else "system under test \($s.url)" end) + ".",
      "",
      "| scenario | connections | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | non-2xx | socket errors | peak RSS MB | CPU % |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      (.results[] | "| \(.scenario) | \(.connections) | \(.requests_per_second | n) | \(.latency_us.p50 | ms) "
        + "| \(.latency_us.p90 | ms) | \(.latency_us.p99 | ms) | \(.latency_us.p99_9 | ms) | \(.latency_us.max | ms) "
        + "| \(.non_2xx | n) | \(.socket_errors | n) | \(.peak_rss_mb | n) | \(.cpu_percent | n) |"),
      "",
      "CPU % is the API process (user + system) over the measured run, as a share of one core (\($m.cores) cores = \($m.cores * 100) %).",
      "Peak RSS is the VmHWM of the API process over the measured run. Socket errors are wrk connect + read + write + timeout errors.",
      (if any(.results[]; .scenario == "connections" or .scenario == "first-login-burst" or .scenario == "users"
              or .scenario == "login-storm")
       then "", "Checks:", "" else empty end),
      (.results[] | select(.scenario == "first-login-burst")
        | "- first-login-burst: \(verdict). \(.users) users who had never logged in "
          + "(\(.note)), \(.connections) at a time: \(.logins_ok) of \(.users) logins answered 2xx in \(.burst_seconds) s; "
          + "every first-login event processed \(.seconds_to_all_events_processed | n) s after the last login answer "
          + "(\(.events_completed) completed, \(.events_failed) failed); campaign \(.campaign.id): \(.campaign.status), "
          + "\(.campaign.currentParticipants)/\(.campaign.maxParticipants) participants, \(.vouchers_issued | n) vouchers issued."),
      (.results[] | select(.scenario == "connections")
        | "- connections: \(verdict). \(.connections) concurrent keep-alive connections "
          + "on GET /auth/profile: \(.socket_errors) socket errors (connect \(.errors.connect), read \(.errors.read), "
          + "write \(.errors.write), timeout \(.errors.timeout)), \(.non_2xx) non-2xx, \(.requests) responses "
          + "(at least one per connection required)."),
      (.results[] | select(.scenario == "users")
        | "- users: \(verdict). \(.connections) users through nginx; at the hold: \(.connections_held_min | n) connections "
          + "held at the lowest sample, \(.requests_per_second | n) req/s, reads p95 \(.reads.p95_ms | n) ms and p99 "
          + "\(.reads.p99_ms | n) ms, \(.non_2xx | n) non-2xx; \(.socket_errors) socket errors over the run "
          + "(CPU % and RSS in the table: all APIs summed, the largest API). Per step: users.md below."),
      (.results[] | select(.scenario == "login-storm" and .error == null)
        | "- login-storm: \(.connections) connections logging in without pause, bcrypt cost \(.bcrypt_cost), "
          + "\(.duration_s) s: **\(.logins_200_per_second) logins/s answered 200** (\(.logins_200)), "
          + "\(.answers_503) × 503; socket errors \(.socket_errors). The probe connection: "
          + ([.probe_latency_us_by_status | to_entries[] | "\(.value.count) × \(.key), p50 \(.value.p50 | ms) ms, "
              + "p90 \(.value.p90 | ms) ms, p99 \(.value.p99 | ms) ms, max \(.value.max | ms) ms"] | join("; ")) + "."),
      ([.results[] | select(.error != null)] | select(length > 0) | "", "Errors:", "",
        (.[] | "- \(.scenario) @ \(.connections): **\(.error)**")),
      ([.results[] | select((.statuses // {}) | keys | any(startswith("2") | not))] | select(length > 0)
        | "", "Non-2xx answers (counted for the scenarios whose requests are slow):", "",
          (.[] | "- \(.scenario) @ \(.connections): "
            + ([.statuses | to_entries[] | "\(.key) × \(.value)"] | join(", "))))
  ' "$1"
}

write_report() {
  local settings
  settings=$(settings_json)
  [[ -s $OUT/results.jsonl ]] || : >"$OUT/results.jsonl"
  jq -s --arg started "$STARTED" --arg finished "$(date -u +%FT%TZ)" --argjson machine "$MACHINE" \
    --argjson settings "$settings" \
    '{started: $started, finished: $finished, machine: $machine, settings: $settings, results: .}' \
    "$OUT/results.jsonl" >"$OUT/results.json"
  markdown_report "$OUT/results.json" >"$OUT/results.md"
  if [[ -s $OUT/users.md ]]; then { echo; cat "$OUT/users.md"; } >>"$OUT/results.md"; fi
  echo
  cat "$OUT/results.md"
  echo
  echo "Results: $OUT/results.json and $OUT/results.md (raw wrk output in $DATA/wrk/)"
  if [[ -s $OUT/users.json ]]; then
    echo "users: $OUT/users.json, $OUT/users.md, chart $OUT/bench-users.svg (nginx log and samples in $DATA/users/)"
  fi
}
