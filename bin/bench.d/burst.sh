# shellcheck shell=bash
# bin/bench: the first-login-burst scenario. BURST_USERS users who never logged in (seeded with bin/admin
# seed-users) log in at once, BURST_PARALLEL at a time, from one `curl --parallel`, while a 100-slot first-login
# campaign runs; then we wait until the worker has processed every first-login event and check the campaign is
# exactly full. Sourced by bin/bench.

# queue_stats TOKEN: {"waiting":…,"processing":…,"delayed":…,"failed":…,"completed":…,…}
queue_stats() { api GET /admin/events/queue-stats "" "$1"; }

# Wait until nothing is queued, in flight, delayed or unpublished (at most $2 seconds).
wait_queue_idle() {
  local token=$1 limit=$2 start=$EPOCHSECONDS
  until queue_stats "$token" | jq -e '.waiting + .processing + .delayed + .outboxBacklog == 0' >/dev/null; do
    ((EPOCHSECONDS - start < limit)) || return 1
    sleep 0.2
  done
}

# login_config PREFIX COUNT: a curl config of COUNT logins (PREFIX1 … PREFIXCOUNT); each transfer prints
# "<status> <seconds>" when it completes.
login_config() {
  local prefix=$1 count=$2 i
  for ((i = 1; i <= count; i++)); do
    ((i == 1)) || echo next
    printf 'url = "%s/auth/login"\nheader = "Content-Type: application/json"\n' "$BASE_URL"
    printf 'data = "{\\"account\\":\\"%s\\",\\"password\\":\\"%s\\"}"\n' "$prefix$i" "$PASSWORD"
    printf 'output = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\nmax-time = 300\n'
  done
}

# progress_bar DONE TOTAL LABEL: redrawn in place on a terminal, printed once at the end otherwise.
progress_bar() {
  local done=$1 total=$2 label=$3 width=30 filled bar
  [[ -t 2 ]] || ((done >= total)) || return 0
  filled=$((total > 0 ? done * width / total : width))
  ((filled > width)) && filled=$width
  printf -v bar '%*s' "$filled" ''
  printf '\r  %s [%-*s] %d/%d' "$label" "$width" "${bar// /#}" "$done" "$total" >&2
  [[ -t 2 ]] || echo >&2
}

# run_curl_batch CONFIG PARALLEL TOTAL RESULTS LABEL: all transfers of CONFIG, PARALLEL at a time.
run_curl_batch() {
  local config=$1 parallel=$2 total=$3 results=$4 label=$5 pid
  : >"$results"
  curl --parallel --parallel-immediate --parallel-max "$parallel" -s -K "$config" >>"$results" 2>/dev/null &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    progress_bar "$(wc -l <"$results")" "$total" "$label"
    sleep 0.2
  done
  wait "$pid" || true   # non-zero when a transfer failed; the status lines tell which
  progress_bar "$(wc -l <"$results")" "$total" "$label"
  [[ -t 2 ]] && echo >&2
  return 0
}

run_burst() {
  local users=${BURST_USERS:-2000} parallel=${BURST_PARALLEL:-200} dir="$DATA/burst" prefix="${RUN_TAG}b"
  local token campaign_id before t_start t_last t_idle wait_limit after campaign vouchers result ok want
  rm -rf "$dir"; mkdir -p "$dir"
  say "first-login-burst: seeding $users users with bin/admin seed-users"
  seed_accounts "$users" "$prefix"
  login_config "$prefix" "$users" >"$dir/curl.cfg"
  ensure_admin
  token=$(admin_token)
  wait_server_idle
  wait_queue_idle "$token" 60 || say "warning: the event queue was not idle before the burst"

  campaign_id=$(api POST /promotions/campaigns "$(printf '{"name":"Bench burst %s","startDate":"%s","endDate":"%s","maxParticipants":100}' \
    "$RUN_TAG" "$(date -u +%FT%T.%3NZ)" "$(date -u -d '+1 day' +%FT%TZ)")" "$token" | jq -r .id) \
    || die "could not create the burst campaign"
  before=$(queue_stats "$token")

  say "first-login-burst: $users first logins, $parallel at a time, against campaign $campaign_id (100 slots)"
  measure_start
  t_start=$EPOCHREALTIME
  run_curl_batch "$dir/curl.cfg" "$parallel" "$users" "$dir/status" "logging in"
  t_last=$EPOCHREALTIME

  # Done when nothing is queued, in flight, delayed or unpublished, and every first login's event
  # has been acknowledged (the queue counts completed jobs).
  token=$(admin_token)   # a long burst may outlive the first token
  wait_limit=${BURST_WAIT:-300}
  t_idle=""
  ok=$(awk '$1 ~ /^2/' "$dir/status" | wc -l)
  want=$(($(jq ".completed + .failed" <<<"$before") + ok))
  while ((${EPOCHREALTIME%.*} - ${t_last%.*} < wait_limit)); do
    after=$(queue_stats "$token")
    if jq -e --argjson want "$want" \
        '.waiting + .processing + .delayed + .outboxBacklog == 0 and .completed + .failed >= $want' \
        >/dev/null <<<"$after"; then
      t_idle=$EPOCHREALTIME
      break
    fi
    sleep 0.1
  done
  [[ -n $t_idle ]] || { after=$(queue_stats "$token"); say "warning: events still pending after ${wait_limit} s"; }
  result=$(measure_stop)

  campaign=$(api GET "/promotions/campaigns/$campaign_id")
  vouchers=$(psql -X -tA "$(psql_url "$DATABASE_URL")" \
    -c "SELECT count(*) FROM vouchers WHERE campaign_id = $campaign_id" 2>/dev/null) || vouchers=""
  api PATCH "/promotions/campaigns/$campaign_id" '{"status":"expired"}' "$token" >/dev/null || true

  burst_result "$users" "$parallel" "$dir/status" "$t_start" "$t_last" "$t_idle" "$before" "$after" \
    "$campaign" "$vouchers" "$result"
}

# Latency percentiles (nearest rank, µs) of the logins' "<status> <seconds>" lines.
login_latencies() {
  awk '{print int($2 * 1000000)}' "$1" | sort -n | awk '
    { v[NR] = $1 }
    function rank(p) { r = int(p / 100 * NR + 0.999999); if (r < 1) r = 1; return v[r] }
    END { if (NR == 0) { print "{}"; exit }
          printf "{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"p99_9\":%d,\"max\":%d}\n", rank(50), rank(90), rank(99), rank(99.9), v[NR] }'
}

burst_result() {
  local users=$1 parallel=$2 status=$3 t_start=$4 t_last=$5 t_idle=$6 before=$7 after=$8 campaign=$9
  local vouchers=${10} measured=${11}
  jq -cn \
    --argjson users "$users" --argjson parallel "$parallel" \
    --argjson ok "$(awk '$1 ~ /^2/' "$status" | wc -l)" \
    --argjson non2xx "$(awk '$1 !~ /^2/ && $1 != "000"' "$status" | wc -l)" \
    --argjson failed_transfers "$(awk '$1 == "000"' "$status" | wc -l)" \
    --argjson answered "$(wc -l <"$status")" \
    --argjson statuses "$(cut -d' ' -f1 "$status" | sort | uniq -c | jq -Rn '[inputs | capture("(?<n>[0-9]+) (?<s>[0-9]+)") | {(.s): (.n | tonumber)}] | add // {}')" \
    --argjson latency "$(login_latencies "$status")" \
    --arg t_start "$t_start" --arg t_last "$t_last" --arg t_idle "$t_idle" \
    --argjson before "$before" --argjson after "$after" --argjson campaign "$campaign" \
    --arg vouchers "$vouchers" --argjson measured "$measured" '
    def r3: . * 1000 | round / 1000;
    (($t_last | tonumber) - ($t_start | tonumber)) as $burst
    | ([$users, 100] | min) as $slots
    | ($vouchers | if . == "" then null else tonumber end) as $v
    | {scenario: "first-login-burst", connections: $parallel, users: $users,
       note: "burst users seeded with bin/admin seed-users, sharing one bcrypt hash; logins over HTTP with curl",
       requests: $answered, logins_ok: $ok, requests_per_second: ($answered / $burst | round),
       latency_us: $latency,
       errors: {status: $non2xx, connect: $failed_transfers, read: 0, write: 0, timeout: 0},
       non_2xx: $non2xx, socket_errors: $failed_transfers, statuses: $statuses,
       burst_seconds: ($burst | r3),
       seconds_to_all_events_processed: (if $t_idle == "" then null
                                         else (($t_idle | tonumber) - ($t_last | tonumber)) | r3 end),
       events_completed: ($after.completed - $before.completed),
       events_failed: ($after.failed - $before.failed),
       campaign: {id: $campaign.id, status: $campaign.status, currentParticipants: $campaign.currentParticipants,
                  maxParticipants: $campaign.maxParticipants},
       vouchers_issued: $v,
       cpu_percent: $measured.cpu_percent, peak_rss_mb: $measured.peak_rss_mb,
       load_average_1m: $measured.load_average_1m}
    | .fail_reasons = [
        if $ok < $users then "\($users - $ok) of \($users) logins not answered 2xx" else empty end,
        if $t_idle == "" then "events still pending after the wait limit" else empty end,
        if .events_failed > 0 then "\(.events_failed) events failed" else empty end,
        if $campaign.currentParticipants != $slots
          then "\($campaign.currentParticipants) participants, expected \($slots)" else empty end,
        if $users >= 100 and $campaign.status != "full" then "campaign \($campaign.status), expected full" else empty end,
        if $v != null and $v != $slots then "\($v) vouchers, expected \($slots)" else empty end]
    | .pass = (.fail_reasons | length == 0)'
}
