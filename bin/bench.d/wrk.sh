# shellcheck shell=bash
# bin/bench: one wrk scenario (bin/bench.d/<scenario>.lua, or user-get.lua for a user's GET) at one number of connections: an unrecorded warm-up the
# first time, a quiet server, the measured run, and one result row built from the script's BENCH_RESULT line and
# the server's CPU and RSS. Sourced by bin/bench.

INVOCATION=0
# wrk_once SCRIPT THREADS CONNECTIONS DURATION OUTPUT [PATH]: one wrk run with the data the scripts need (PATH: the
# path user-get.lua asks for).
# Requests of the bcrypt-bound scenarios wait their turn for a hash (up to CAKE_HASH_QUEUE_TIMEOUT, 3 s by default,
# then 503 with Retry-After; set it higher to measure the wait itself): wrk gives them 60 s unless --timeout says
# otherwise.
wrk_once() {
  local timeout=$TIMEOUT
  case ${1##*/} in login.lua | register.lua | mixed.lua) timeout=$BCRYPT_TIMEOUT ;; esac
  INVOCATION=$((INVOCATION + 1))
  BENCH_LIB=$BENCH_D BENCH_PATH=${6:-} BENCH_USERS_FILE=${USERS_FILE:-/dev/null} BENCH_PASSWORD=$PASSWORD \
    BENCH_TAG="${RUN_TAG}r$INVOCATION" BENCH_BLOCK=$(((RUN_BLOCK + INVOCATION * 8) % 1000)) \
    wrk -t "$2" -c "$3" -d "$4" --timeout "$timeout" --latency -s "$1" "$BASE_URL" >"$5" 2>&1
}

declare -A WARMED=()
run_wrk() {
  local scenario=$1 connections=$2 script path="" threads warm raw measured line row
  case $scenario in
    profile | connections) script=$BENCH_D/user-get.lua path=/auth/profile ;;
    eligibility | my-vouchers | my-promotions) script=$BENCH_D/user-get.lua path=/promotions/$scenario ;;
    *) script=$BENCH_D/$scenario.lua ;;
  esac
  threads=${BENCH_THREADS:-$((connections >= 10000 ? 4 : 2))}
  ((threads <= connections)) || threads=$connections
  if [[ $USER_SCENARIOS == *" $scenario "* ]]; then refresh_tokens_if_old; fi
  if [[ -z ${WARMED[$scenario]:-} && $WARMUP != 0 && $WARMUP != 0s ]]; then
    warm=$((connections < WARMUP_MAX_CONNECTIONS ? connections : WARMUP_MAX_CONNECTIONS))
    say "$scenario: warming up for $WARMUP ($warm connections, not recorded)"
    wrk_once "$script" "$((threads < warm ? threads : warm))" "$warm" "$WARMUP" \
      "$DATA/wrk/$scenario-$connections-warmup.txt" "$path" \
      || say "warning: the warm-up run failed (see $DATA/wrk/$scenario-$connections-warmup.txt)"
    WARMED[$scenario]=1
  fi
  wait_server_idle
  say "$scenario: $connections connections, $threads wrk threads, $DURATION"
  raw="$DATA/wrk/$scenario-$connections.txt"
  measure_start
  wrk_once "$script" "$threads" "$connections" "$DURATION" "$raw" "$path" || true
  measured=$(measure_stop)
  line=$(grep -m1 '^BENCH_RESULT ' "$raw" || true)
  if [[ -z $line ]]; then
    row=$(jq -cn --arg s "$scenario" --argjson c "$connections" --arg e "$(tail -n 3 "$raw" | tr '\n' ' ')" \
      '{scenario: $s, connections: $c, error: ("wrk gave no result: " + $e)}')
  else
    row=$(jq -c --arg s "$scenario" --argjson c "$connections" --argjson t "$threads" \
      --argjson m "$measured" '
      {scenario: $s, connections: $c, threads: $t, duration_s: (.duration_us / 1e6 * 100 | round / 100),
       requests, requests_per_second: (if .duration_us > 0 then .requests / (.duration_us / 1e6) | round else 0 end),
       latency_us, errors, non_2xx: .errors.status, statuses: (.statuses // {}),
       socket_errors: (.errors.connect + .errors.read + .errors.write + .errors.timeout),
       cpu_percent: $m.cpu_percent, peak_rss_mb: $m.peak_rss_mb, load_average_1m: $m.load_average_1m, bytes}
      | if $s == "connections" then
          .fail_reasons = [
            if .socket_errors > 0 then "\(.socket_errors) socket errors" else empty end,
            if .non_2xx > 0 then "\(.non_2xx) non-2xx answers" else empty end,
            if .requests < $c then "\(.requests) responses for \($c) connections: not every connection was"
              + " answered within the run (wrk counts no error for a request still open at its end)" else empty end]
          | .pass = (.fail_reasons | length == 0)
        else . end' <<<"${line#BENCH_RESULT }")
  fi
  record "$row"
}

