# shellcheck shell=bash
# bin/bench: the "users" scenario. BENCH_USERS mobile users as keep-alive connections through nginx (rendered from
# compose/nginx/*.template with compose/nginx/tuning.env, like compose and bin/cluster) in front of BENCH_APIS API
# processes and the worker. One load process (dev.cake.workers.bench.UsersLoad from the workers jar: one thread, a
# selector, every user) per ramp step, each aimed at its own loopback address (127.0.0.2, …) so each has its own
# ephemeral ports and stays under the 20,000 file descriptors a process may hold. Samples connections, CPU and RSS every
# few seconds; per-route latency, rates and statuses come from nginx's access log; dev.cake.workers.bench.UsersReport
# writes users.json, users.md and bench-users.svg. Both are built and unit-tested by Maven (workers module). Sourced by
# bin/bench, which provides say/die, the private system (start_system: the first API on BENCH_PORT and the worker) and
# the globals.

USERS_DIR=""           # $DATA/users: access log, samples, events, load processes' output
USERS_NGINX_DIR=""     # $OUT/nginx: the rendered configuration, pid and error log
USERS_API_PIDS=()      # the APIs started here (the first one is SERVER_PID, started by start_system)
USERS_LOAD_PIDS=()
USERS_LOGIN_PID=""
USERS_SAMPLER_PID=""

# seconds_ms VALUE: milliseconds of 20, 20s, 1.5s, 500ms or 2m.
seconds_ms() {
  [[ $1 =~ ^([0-9]+(\.[0-9]+)?)(ms|s|m)?$ ]] || die "a duration looks like 20, 20s, 500ms or 2m, not '$1'"
  awk -v n="${BASH_REMATCH[1]}" -v unit="${BASH_REMATCH[3]:-s}" \
    'BEGIN { printf "%d", n * (unit == "ms" ? 1 : unit == "m" ? 60000 : 1000) }'
}

# The scenario's settings, from the environment (bin/bench --help lists them). Called by parse_args when users is
# among the scenarios, so a mistake stops the run before anything starts.
users_settings() {
  local v
  USERS_N=${BENCH_USERS:-100000}
  USERS_APIS=${BENCH_APIS:-2}
  USERS_PER_PROC=${BENCH_USERS_PER_PROC:-16500}
  USERS_PORT=${BENCH_USERS_PORT:-3300}
  USERS_LOGIN_RATE=${BENCH_LOGIN_RATE:-5}
  USERS_TOPUP_PERCENT=${BENCH_TOPUP_PERCENT:-1.5}
  USERS_THINK_DIST=${BENCH_THINK_DIST:-exp}
  USERS_RAMP=${BENCH_RAMP:-spread}
  for v in USERS_N USERS_APIS USERS_PER_PROC USERS_PORT; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, not '${!v}'"
  done
  [[ $USERS_LOGIN_RATE =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_LOGIN_RATE must be a number (logins/s; 0 = none)"
  [[ $USERS_TOPUP_PERCENT =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_TOPUP_PERCENT must be a number"
  [[ $USERS_THINK_DIST == exp || $USERS_THINK_DIST == uniform ]] || die "BENCH_THINK_DIST is exp or uniform"
  [[ $USERS_RAMP == spread || $USERS_RAMP == burst ]] || die "BENCH_RAMP is spread or burst"
  ((USERS_PER_PROC <= 19000)) || die "BENCH_USERS_PER_PROC must stay under 19,000 (a process holds < 20,000 descriptors)"
  USERS_STEP_MS=$(seconds_ms "${BENCH_STEP:-20}")
  USERS_HOLD_MS=$(seconds_ms "${BENCH_HOLD:-120}")
  USERS_THINK_MS=$(seconds_ms "${BENCH_THINK:-20}")
  USERS_SAMPLE_S=${BENCH_SAMPLE_EVERY:-5}
  USERS_WARMUP=${BENCH_USERS_WARMUP:-20s}
  [[ $USERS_WARMUP =~ ^[0-9]+[smh]?$ ]] || die "BENCH_USERS_WARMUP looks like 20s, not '$USERS_WARMUP'"
  [[ $USERS_SAMPLE_S =~ ^[1-9][0-9]*$ ]] || die "BENCH_SAMPLE_EVERY is whole seconds"
  ((USERS_STEP_MS >= 1000)) || die "BENCH_STEP must be at least 1 s"
  USERS_PROCS=$(((USERS_N + USERS_PER_PROC - 1) / USERS_PER_PROC))
  ((USERS_PROCS <= 250)) || die "too many load processes ($USERS_PROCS): raise BENCH_USERS_PER_PROC"
  # A connection's first request waits up to a step (spread), so the step's users arrive over it instead of at once;
  # nginx allows a new connection client_header_timeout (60 s) for its first request.
  if [[ $USERS_RAMP == spread ]]; then
    USERS_FIRST_SPREAD_MS=$((USERS_STEP_MS < 50000 ? USERS_STEP_MS : 50000))
  else
    USERS_FIRST_SPREAD_MS=0
  fi
  # An answer slower than this counts as a timeout (nginx gives up on a replica after 30 s).
  USERS_TIMEOUT=${BENCH_USERS_TIMEOUT:-35s}
  USERS_TIMEOUT_MS=$(seconds_ms "$USERS_TIMEOUT")
  # A load process: one busy thread and little garbage, so the serial collector and a small heap.
  USERS_LOAD_JAVA_OPTS=${BENCH_LOAD_JAVA_OPTS:--XX:+UseSerialGC -Xms128m -Xmx512m}
}

# The users seed: enough tokens for the rotation (a pool shared by all connections).
users_pool_size() { echo "${BENCH_USERS_POOL:-2000}"; }

users_api_port() { echo $((BENCH_PORT + $1 - 1)); }   # API number 1..K

users_check_ports() {
  local i port
  for ((i = 2; i <= USERS_APIS; i++)); do
    port=$(users_api_port "$i")
    if cake_tcp_open 127.0.0.1 "$port"; then die "port $port (API $i) is in use; set BENCH_PORT to another range"; fi
  done
  # nginx listens with reuseport: a second nginx would share the port instead of failing, so check first
  if cake_tcp_open 127.0.0.1 "$USERS_PORT"; then die "port $USERS_PORT is in use; set BENCH_USERS_PORT"; fi
}

# Start APIs 2..K (API 1 is bin/bench's own) and nginx in front of all of them.
users_start_system() {
  local i j port servers="" pid ready limit
  [[ -n $URL ]] && die "the users scenario starts its own APIs and nginx: it does not run with --url"
  command -v nginx >/dev/null || die "nginx is missing (apt-get install -y nginx)"
  limit=$(ulimit -n)
  ((limit > USERS_PER_PROC + 100)) \
    || die "ulimit -n is $limit: each load process needs $((USERS_PER_PROC + 100)) (lower BENCH_USERS_PER_PROC)"
  USERS_DIR="$DATA/users"
  USERS_NGINX_DIR="$OUT/nginx"
  mkdir -p "$USERS_DIR/load"
  users_check_ports
  USERS_API_PIDS=("$SERVER_PID")
  for ((i = 2; i <= USERS_APIS; i++)); do
    PORT=$(users_api_port "$i") DATABASE_URL=$(cake_db_url_as "${CAKE_DB_API_ROLE:-cake_api}" "$DATABASE_URL") \
      cake_start "api$i" "$OUT/server-$i.log" "$ROOT/bin/server"
    USERS_API_PIDS+=("$(cake_pid "api$i")")
  done
  for ((i = 2; i <= USERS_APIS; i++)); do
    port=$(users_api_port "$i")
    cake_wait_http "http://127.0.0.1:$port/health/ready" 60 "api$i" \
      || { tail -n 20 "$OUT/server-$i.log" >&2; die "API $i on port $port did not start (see $OUT/server-$i.log)"; }
  done

  cake_nginx_tuning
  for ((i = 1; i <= USERS_APIS; i++)); do
    servers+="server 127.0.0.1:$(users_api_port "$i") max_fails=3 fail_timeout=10s max_conns=$CAKE_UPSTREAM_MAX_CONNS; "
  done
  export CAKE_LISTEN=$USERS_PORT CAKE_ACCESS_LOG="$USERS_DIR/access.log" CAKE_UPSTREAM_SERVERS=$servers
  cake_render_nginx "$USERS_NGINX_DIR"
  nginx -t -q -p "$USERS_NGINX_DIR" -c "$USERS_NGINX_DIR/nginx.conf" 2>"$USERS_NGINX_DIR/nginx-t.log" \
    || { cat "$USERS_NGINX_DIR/nginx-t.log" >&2; die "nginx -t refused the rendered configuration ($USERS_NGINX_DIR)"; }
  nginx -p "$USERS_NGINX_DIR" -c "$USERS_NGINX_DIR/nginx.conf" || die "nginx did not start (see $USERS_NGINX_DIR/error.log)"
  for ((j = 0; j < 50; j++)); do
    curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$USERS_PORT/nginx-health" 2>/dev/null && break
    sleep 0.1
  done
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$USERS_PORT/health/ready" \
    || die "nginx on port $USERS_PORT does not reach the APIs (see $USERS_NGINX_DIR/error.log)"
  say "users: nginx on 0.0.0.0:$USERS_PORT ($CAKE_NGINX_WORKERS workers × $CAKE_NGINX_WORKER_CONNECTIONS connections," \
    "max_conns $CAKE_UPSTREAM_MAX_CONNS and keepalive $CAKE_UPSTREAM_KEEPALIVE per worker) in front of" \
    "$USERS_APIS APIs (ports $(users_api_port 1)-$(users_api_port "$USERS_APIS")) and the worker"
}

users_nginx_master() { cat "$USERS_NGINX_DIR/nginx.pid" 2>/dev/null || true; }

# Stop whatever the scenario started (the load, the sampler, nginx, APIs 2..K); safe to call twice.
users_stop() {
  local master i
  for ((i = ${#USERS_LOAD_PIDS[@]}; i >= 1; i--)); do cake_stop "load$i"; done
  cake_stop logins
  cake_stop sampler
  USERS_LOAD_PIDS=() USERS_LOGIN_PID="" USERS_SAMPLER_PID=""
  if [[ -n $USERS_NGINX_DIR ]]; then
    master=$(users_nginx_master)
    if [[ -n $master ]] && kill -QUIT "$master" 2>/dev/null; then
      for ((i = 0; i < 100; i++)); do kill -0 "$master" 2>/dev/null || break; sleep 0.1; done
      kill -TERM "$master" 2>/dev/null || true
    fi
  fi
  for ((i = ${#USERS_API_PIDS[@]}; i >= 2; i--)); do cake_stop "api$i"; done
  USERS_API_PIDS=()
}

# The processes to sample, one "group pid" per line: nginx (master and workers), api1..K, worker, load, postgres,
# redis.
users_sample_targets() {
  local master i pid
  master=$(users_nginx_master)
  if [[ -n $master ]]; then
    echo "nginx $master"
    pgrep -P "$master" | sed 's/^/nginx /'
  fi
  for ((i = 0; i < ${#USERS_API_PIDS[@]}; i++)); do echo "api$((i + 1)) ${USERS_API_PIDS[i]}"; done
  [[ -n $WORKER_PID ]] && echo "worker $WORKER_PID"
  [[ -f $USERS_DIR/load.pids ]] && sed 's/^/load /' "$USERS_DIR/load.pids"
  # The shared servers on this machine, for the per-request cost model (docs/SCALING.md): every PostgreSQL process
  # (postmaster, backends, background workers) and every redis-server.
  pgrep -x postgres | sed 's/^/postgres /'
  pgrep -x redis-server | sed 's/^/redis /'
  return 0
}

# Every USERS_SAMPLE_S seconds one JSON line: time, ESTABLISHED connections on nginx's port (the users) and to each
# API's port (nginx's upstream side), and per process group {pid: [utime+stime ticks, RSS kB]}. Runs in the
# background until killed.
users_sampler() {
  local out=$1 t conns upstream group pid stat fields rss line json i
  local -A parts
  while :; do
    t=$EPOCHREALTIME
    conns=$(ss -Htn state established "( sport = :$USERS_PORT )" 2>/dev/null | wc -l)
    upstream=""
    for ((i = 1; i <= USERS_APIS; i++)); do
      upstream+="${upstream:+,}\"api$i\":$(ss -Htn state established "( dport = :$(users_api_port "$i") )" 2>/dev/null | wc -l)"
    done
    parts=()
    while read -r group pid; do
      { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || continue
      stat=${stat##*) }
      read -ra fields <<<"$stat"
      rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue
      parts[$group]+="${parts[$group]:+,}\"$pid\":[$((fields[11] + fields[12])),${rss:-0}]"
    done < <(users_sample_targets)
    json=""
    for group in "${!parts[@]}"; do json+="${json:+,}\"$group\":{${parts[$group]}}"; done
    line="{\"t\":$t,\"connections\":$conns,\"upstream\":{$upstream},\"processes\":{$json}}"
    echo "$line" >>"$out"
    sleep "$USERS_SAMPLE_S"
  done
}

users_event() { # NAME [JSON fields]
  echo "{\"t\":$EPOCHREALTIME,\"event\":\"$1\"${2:+,$2}}" >>"$USERS_DIR/events.jsonl"
}

# users_start_load PROC CONNECTIONS DURATION_S: one UsersLoad process of users on 127.0.0.(PROC+1), in the background.
users_start_load() {
  local proc=$1 conns=$2 duration=$3
  local pid
  # shellcheck disable=SC2086 # word splitting of the JVM options is intended
  BENCH_USERS_FILE=$USERS_FILE BENCH_TAG="${RUN_TAG}u" BENCH_PROC=$proc BENCH_THINK_MS=$USERS_THINK_MS \
    BENCH_THINK_DIST=$USERS_THINK_DIST BENCH_FIRST_SPREAD_MS=$USERS_FIRST_SPREAD_MS \
    BENCH_TOPUP_PERCENT=$USERS_TOPUP_PERCENT \
    cake_start "load$proc" "$USERS_DIR/load/users-$proc.txt" java $USERS_LOAD_JAVA_OPTS \
    -cp "$ROOT/$CAKE_WORKERS_JAR" dev.cake.workers.bench.UsersLoad "127.0.0.$((proc + 1))" "$USERS_PORT" "$conns" \
    "$duration" "$USERS_TIMEOUT_MS"
  pid=$(cake_pid "load$proc")
  USERS_LOAD_PIDS+=("$pid")
  echo "$pid" >>"$USERS_DIR/load.pids"
  users_event start "\"proc\":$proc,\"connections\":$conns,\"pid\":$pid,\"duration_s\":$duration"
}

# A closed-loop warm-up through nginx so every API's JIT has compiled the hot paths before the first step (APIs
# 2..K are fresh JVMs); not recorded: its access log is moved aside.
users_warm_up() {
  [[ $USERS_WARMUP == 0 || $USERS_WARMUP == 0s ]] && return 0
  say "users: warming up for $USERS_WARMUP (64 connections without think time through nginx, not recorded)"
  BENCH_LIB=$BENCH_D BENCH_USERS_FILE=$USERS_FILE BENCH_PASSWORD=$PASSWORD BENCH_TAG="${RUN_TAG}w" BENCH_PROC=0 \
    BENCH_THINK_MS=0 BENCH_FIRST_SPREAD_MS=0 BENCH_CONNS_PER_THREAD=0 BENCH_TOPUP_PERCENT=$USERS_TOPUP_PERCENT \
    wrk -t 2 -c 64 -d "$USERS_WARMUP" --timeout 10s -s "$BENCH_D/users.lua" "http://127.0.0.1:$USERS_PORT" \
    >"$USERS_DIR/load/warmup.txt" 2>&1 || say "warning: the warm-up run failed (see $USERS_DIR/load/warmup.txt)"
  mv "$USERS_DIR/access.log" "$USERS_DIR/warmup-access.log" 2>/dev/null || true
  kill -USR1 "$(users_nginx_master)" 2>/dev/null || true   # reopen the log (flushes the buffer into the old file)
  sleep 1
}

run_users() {
  local total_s hold_s step_s i conns left procs_left alive pid duration_s login_s t_end
  users_start_system
  refresh_tokens_if_old
  users_warm_up
  wait_server_idle
  step_s=$(awk -v ms="$USERS_STEP_MS" 'BEGIN { printf "%.3f", ms / 1000 }')
  hold_s=$(((USERS_HOLD_MS + 999) / 1000))
  # Every load process runs as long: started one step apart, they also stop one step apart (first in, first out).
  duration_s=$(((USERS_PROCS * USERS_STEP_MS + USERS_HOLD_MS + 999) / 1000))
  total_s=$(((USERS_PROCS * USERS_STEP_MS + USERS_HOLD_MS + (USERS_PROCS - 1) * USERS_STEP_MS + 999) / 1000))
  say "users: $USERS_N users in $USERS_PROCS load processes (127.0.0.2-127.0.0.$((USERS_PROCS + 1))), one every" \
    "${step_s} s ($USERS_RAMP first requests), hold ${hold_s} s, think $USERS_THINK_DIST mean $((USERS_THINK_MS / 1000)) s," \
    "$USERS_LOGIN_RATE logins/s alongside: about $((total_s / 60)) min $((total_s % 60)) s"
  : >"$USERS_DIR/load.pids"
  users_event begin "\"users\":$USERS_N,\"procs\":$USERS_PROCS,\"step_ms\":$USERS_STEP_MS,\"hold_ms\":$USERS_HOLD_MS"
  cake_start sampler /dev/null users_sampler "$USERS_DIR/samples.jsonl"
  USERS_SAMPLER_PID=$(cake_pid sampler)
  if [[ $USERS_LOGIN_RATE != 0 && $USERS_LOGIN_RATE != 0.0 ]]; then
    login_s=$((total_s + 1))
    BENCH_LIB=$BENCH_D BENCH_USERS_FILE=$USERS_FILE BENCH_PASSWORD=$PASSWORD BENCH_LOGIN_RATE=$USERS_LOGIN_RATE \
      BENCH_CONNS=2 cake_start logins "$USERS_DIR/load/logins.txt" wrk -t 1 -c 2 -d "${login_s}s" --timeout 60s \
      -s "$BENCH_D/users-login.lua" "http://127.0.0.1:$USERS_PORT"
    USERS_LOGIN_PID=$(cake_pid logins)
    echo "$USERS_LOGIN_PID" >>"$USERS_DIR/load.pids"
  fi
  left=$USERS_N
  for ((i = 1; i <= USERS_PROCS; i++)); do
    conns=$((left / (USERS_PROCS - i + 1)))   # as even as the division allows
    left=$((left - conns))
    users_start_load "$i" "$conns" "$duration_s"
    say "users: step $i/$USERS_PROCS: +$conns connections ($((USERS_N - left)) in all)"
    ((i == USERS_PROCS)) || sleep "$step_s"
  done
  # Wait for the load processes to end by themselves (their duration), noting when each does.
  t_end=$((SECONDS + total_s + 120))
  procs_left=$USERS_PROCS
  declare -A gone=()
  while ((procs_left > 0 && SECONDS < t_end)); do
    for ((i = 1; i <= USERS_PROCS; i++)); do
      [[ -n ${gone[$i]:-} ]] && continue
      pid=${USERS_LOAD_PIDS[i - 1]}
      if ! kill -0 "$pid" 2>/dev/null; then
        gone[$i]=1
        procs_left=$((procs_left - 1))
        users_event exit "\"proc\":$i"
        say "users: load process $i ended ($procs_left still running)"
      fi
    done
    alive=$(server_gone)
    [[ -z $alive ]] || { say "$alive"; break; }
    sleep 0.5
  done
  users_event end
  [[ -z $USERS_LOGIN_PID ]] || wait "$USERS_LOGIN_PID" 2>/dev/null || true
  sleep "$USERS_SAMPLE_S"   # one more sample after the last user left
  users_stop                # nginx flushes its access log as it stops
  users_report
}

# UsersReport turns the access log, samples, events and the load processes' output into users.json, users.md and
# bench-users.svg, and prints the row for results.jsonl.
users_report() {
  local row
  say "users: analysing $(wc -l <"$USERS_DIR/access.log" 2>/dev/null || echo 0) access-log lines"
  row=$(java -cp "$ROOT/$CAKE_WORKERS_JAR" dev.cake.workers.bench.UsersReport --dir "$USERS_DIR" --out "$OUT" \
    --hz "$(getconf CLK_TCK)" --settings "$(users_settings_json)") || die "the users report failed"
  record "$row"
}

users_settings_json() {
  jq -cn --argjson users "$USERS_N" --argjson apis "$USERS_APIS" --argjson procs "$USERS_PROCS" \
    --argjson per_proc "$USERS_PER_PROC" --argjson step_ms "$USERS_STEP_MS" \
    --argjson hold_ms "$USERS_HOLD_MS" --argjson think_ms "$USERS_THINK_MS" --arg dist "$USERS_THINK_DIST" \
    --arg ramp "$USERS_RAMP" --argjson spread "$USERS_FIRST_SPREAD_MS" --arg login_rate "$USERS_LOGIN_RATE" \
    --arg topup "$USERS_TOPUP_PERCENT" --argjson pool "$(wc -l <"$USERS_FILE")" --argjson port "$USERS_PORT" \
    --arg timeout "$USERS_TIMEOUT" --argjson sample "$USERS_SAMPLE_S" --arg warmup "$USERS_WARMUP" \
    --arg workers "$CAKE_NGINX_WORKERS" --arg wconns "$CAKE_NGINX_WORKER_CONNECTIONS" \
    --arg keepalive "$CAKE_KEEPALIVE_TIMEOUT" --arg up_keepalive "$CAKE_UPSTREAM_KEEPALIVE" \
    --arg max_conns "$CAKE_UPSTREAM_MAX_CONNS" --arg nofile "$(ulimit -n)" \
    --arg machine "$(jq -r '"\(.cores) cores, commit \(.commit)"' <<<"$MACHINE")" \
    '{users: $users, machine: $machine, apis: $apis, load_processes: $procs, users_per_process_max: $per_proc, generator: "UsersLoad (one selector thread per process)",
      step_ms: $step_ms, hold_ms: $hold_ms, think_mean_ms: $think_ms, think_distribution: $dist, ramp: $ramp,
      first_request_spread_ms: $spread, login_rate_per_s: ($login_rate | tonumber),
      topup_percent: ($topup | tonumber), token_pool: $pool, nginx_port: $port, request_timeout: $timeout,
      sample_every_s: $sample, warm_up: $warmup, fd_limit: ($nofile | tonumber),
      nginx: {workers: ($workers | tonumber), worker_connections: ($wconns | tonumber), keepalive_timeout: $keepalive,
              upstream_keepalive_per_worker: ($up_keepalive | tonumber), max_conns_per_api: ($max_conns | tonumber)}}'
}
