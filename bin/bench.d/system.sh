# shellcheck shell=bash
# bin/bench: the system under test. Starts a private API + worker (own database, own Redis
# prefix, abuse limits off by configuration) or attaches to --url; samples the server's CPU and
# RSS; describes the machine. Sourced by bin/bench, which provides say/die and the globals.

SERVER_PID=""      # the API process measured (ours, or with --url the local one serving it)
WORKER_PID=""
STARTED_HERE=""    # set when bin/bench started the system: only then does it stop it

# The tools the bench drives (wrk, jq, curl, psql, redis-cli), from Debian's packages when one is missing.
ensure_tools() {
  cake_ensure_commands wrk:wrk jq:jq curl:curl psql:postgresql-client redis-cli:redis-tools
}

# nginx for the users scenario, from Debian's package when missing (as bin/cluster does).
ensure_nginx() {
  cake_ensure_commands nginx:nginx
}

# Enough file descriptors for 10,000 client connections (wrk) and as many server sockets.
raise_fd_limit() {
  local hard
  hard=$(ulimit -Hn)
  if [[ $hard == unlimited ]] || ((hard > 65536)); then hard=65536; fi
  ulimit -n "$hard" 2>/dev/null || true
  if (($(ulimit -n) < 10100)); then
    say "warning: only $(ulimit -n) file descriptors allowed (ulimit -n); the connections scenario needs 10,100+"
  fi
}

# psql URL (no jdbc: prefix) of a Cake DATABASE_URL.
psql_url() { local url=${1#jdbc:}; echo "${url/#postgres:\/\//postgresql://}"; }

# Drop and recreate $BENCH_DATABASE_URL, delete the keys under $CAKE_REDIS_PREFIX.
reset_state() {
  local url db admin_url
  url=$(psql_url "$BENCH_DATABASE_URL")
  db=${url##*/}; db=${db%%\?*}
  admin_url="${url%/*}/postgres"
  say "dropping database $db and Redis keys ${CAKE_REDIS_PREFIX}*"
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$admin_url" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null \
    || die "could not drop database $db (psql $admin_url)"
  redis-cli -u "$REDIS_URL" --no-auth-warning --scan --pattern "${CAKE_REDIS_PREFIX}*" \
    | xargs -r -n 1000 redis-cli -u "$REDIS_URL" --no-auth-warning UNLINK >/dev/null
  say "migrating database $db"
  DATABASE_URL=$BENCH_DATABASE_URL "$ROOT/bin/migrate" --create-database >"$OUT/migrate.log" 2>&1 \
    || { tail -n 20 "$OUT/migrate.log" >&2; die "bin/migrate failed (see $OUT/migrate.log)"; }
}

# The configuration of the private system: everything a scenario needs, nothing benchmark-only.
export_bench_config() {
  export PORT=$BENCH_PORT
  export CAKE_ENV=${CAKE_ENV:-development}         # explicit: without JWT_SECRET the development secret is used
  export DATABASE_URL=$BENCH_DATABASE_URL
  export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
  export CAKE_REDIS_PREFIX=${BENCH_REDIS_PREFIX:-bench:}
  export CAKE_RATE_LIMITS=off                       # abuse limits off by configuration for the run
  export CAKE_LOG_LEVEL=${BENCH_LOG_LEVEL:-WARN}     # comparable with earlier runs; INFO (the access log) costs ~10 %
  export CAKE_PAYMENT_LATENCY_MS=${BENCH_PAYMENT_LATENCY_MS:-100}
  export CAKE_PAYMENT_DECLINE_RATE=0
  export CAKE_ACCESS_TOKEN_TTL=${BENCH_ACCESS_TOKEN_TTL:-2h}  # seeded tokens outlive a long run
  export CAKE_MIGRATE_ON_START=false
}

start_system() {
  export_bench_config
  if cake_tcp_open 127.0.0.1 "$PORT"; then
    die "port $PORT is already in use; set BENCH_PORT to another port"
  fi
  cake_check_services "$DATABASE_URL" "$REDIS_URL" || exit 1
  reset_state
  # The measured server uses the JDK AOT cache when one matches this build, but never records one: recording
  # would run alongside the measurements (bin/server records it on its next ordinary run).
  if [[ ${CAKE_AOT:-on} != off && ! "$ROOT/target/aot/cake-http.aot" -nt "$ROOT/$CAKE_HTTP_JAR" ]]; then
    export CAKE_AOT=off
  fi
  say "starting bin/server on port $PORT and one bin/worker (logs in $OUT)"
  STARTED_HERE=1
  # least privilege as in production: the API and the worker connect as their database roles (bin/admin, which
  # seeds, keeps DATABASE_URL's user)
  DATABASE_URL=$(cake_db_url_as "${CAKE_DB_API_ROLE:-cake_api}" "$DATABASE_URL") \
    cake_start server "$OUT/server.log" "$ROOT/bin/server"
  SERVER_PID=$(cake_pid server)   # bin/server execs java: this is the JVM
  DATABASE_URL=$(cake_db_url_as "${CAKE_DB_WORKER_ROLE:-cake_worker}" "$DATABASE_URL") \
    cake_start worker "$OUT/worker.log" "$ROOT/bin/worker"
  WORKER_PID=$(cake_pid worker)
  BASE_URL="http://127.0.0.1:$PORT"
  wait_ready
}

wait_ready() {
  local name
  if cake_wait_http "$BASE_URL/health/ready" 60 server worker; then
    say "the API is ready at $BASE_URL"
    return 0
  fi
  for name in server worker; do
    if ! cake_alive "$name"; then
      tail -n 30 "$OUT/$name.log" >&2
      die "bin/$name exited during start-up (see $OUT/$name.log)"
    fi
  done
  die "$BASE_URL/health/ready did not answer 200 within 60 s (see $OUT/server.log)"
}

stop_system() {
  [[ -n $STARTED_HERE ]] || return 0
  if [[ -n $SERVER_PID || -n $WORKER_PID ]]; then
    say "stopping the API and the worker"
    cake_stop worker
    cake_stop server
    SERVER_PID="" WORKER_PID=""
  fi
}

# With --url: a running system, its database at DATABASE_URL (for bin/admin).
attach_system() {
  export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/cake}
  BASE_URL=${URL%/}
  curl -fsS -o /dev/null --max-time 5 "$BASE_URL/health/live" || die "$BASE_URL/health/live does not answer"
  find_server_pid
}

# With --url: the PID serving it, when it is a local process (BENCH_SERVER_PID wins).
find_server_pid() {
  local hostport host port pid
  if [[ -n ${BENCH_SERVER_PID:-} ]]; then SERVER_PID=$BENCH_SERVER_PID; return 0; fi
  hostport=${BASE_URL#*://}; hostport=${hostport%%/*}
  host=${hostport%:*}; port=${hostport##*:}
  [[ $port == "$hostport" ]] && port=80
  case $host in 127.0.0.1 | localhost | "[::1]") ;; *) return 0 ;; esac
  pid=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2) || true
  if [[ -n $pid ]]; then
    SERVER_PID=$pid
    say "measuring CPU and RSS of PID $pid (listening on port $port)"
  fi
}

# Empty while the measured server runs (or none is known); else why it is gone.
server_gone() {
  [[ -n $SERVER_PID ]] || return 0
  kill -0 "$SERVER_PID" 2>/dev/null && return 0
  local why=""
  if [[ -f $OUT/server.log ]]; then
    why=$(grep -E 'Terminating|OutOfMemoryError|ERROR|FATAL' "$OUT/server.log" | tail -n1 | cut -c1-200) || true
  fi
  echo "the API process (PID $SERVER_PID) exited during the run${why:+: $why}"
}

# --- process sampling --------------------------------------------------------------------------

# utime + stime of a process, in clock ticks.
cpu_ticks() {
  local stat fields
  if [[ -z ${1:-} ]] || ! { read -r stat <"/proc/$1/stat"; } 2>/dev/null; then echo ""; return 0; fi
  stat=${stat##*) }
  read -ra fields <<<"$stat"
  echo $((fields[11] + fields[12]))
}

# Reset the kernel's peak-RSS mark (VmHWM) so it covers only what follows.
reset_peak_rss() {
  if [[ -n ${1:-} ]]; then echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; fi
}

peak_rss_kb() {
  [[ -n ${1:-} && -r /proc/$1/status ]] || { echo ""; return 0; }
  awk '/^VmHWM:/ {print $2}' "/proc/$1/status"
}

# Requests a finished wrk run left in flight are still being served (bcrypt, a backlog behind
# 10,000 connections): wait until the server uses under 15 % of a core for a second (at most 60 s)
# so they do not count against the next run. Without a PID to watch, wait 2 s.
wait_server_idle() {
  local hz ticks0 ticks1 i
  if [[ -z $SERVER_PID || -z $(cpu_ticks "$SERVER_PID") ]]; then sleep 2; return 0; fi
  hz=$(getconf CLK_TCK)
  for ((i = 0; i < 60; i++)); do
    ticks0=$(cpu_ticks "$SERVER_PID")
    sleep 1
    ticks1=$(cpu_ticks "$SERVER_PID")
    if (((ticks1 - ticks0) * 100 < 15 * hz)); then return 0; fi
  done
  say "warning: the server was still busy 60 s after the previous run"
}

# Start measuring the server: sets MEASURE_T0 and MEASURE_TICKS0.
measure_start() {
  reset_peak_rss "$SERVER_PID"
  MEASURE_TICKS0=$(cpu_ticks "$SERVER_PID")
  MEASURE_T0=$EPOCHREALTIME
}

# Print {"seconds":…, "cpu_percent":… (of one core), "peak_rss_mb":…} since measure_start.
measure_stop() {
  local ticks1 t1 rss
  ticks1=$(cpu_ticks "$SERVER_PID")
  t1=$EPOCHREALTIME
  rss=$(peak_rss_kb "$SERVER_PID")
  jq -cn --arg t0 "$MEASURE_T0" --arg t1 "$t1" --arg c0 "$MEASURE_TICKS0" --arg c1 "$ticks1" \
    --arg rss "$rss" --argjson hz "$(getconf CLK_TCK)" --arg load "$(cut -d' ' -f1 /proc/loadavg)" '
    (($t1 | tonumber) - ($t0 | tonumber)) as $s
    | {seconds: ($s * 1000 | round / 1000),
       cpu_percent: (if $c0 == "" or $c1 == "" then null
                     else (($c1 | tonumber) - ($c0 | tonumber)) / $hz / $s * 100 | round end),
       peak_rss_mb: (if $rss == "" then null else ($rss | tonumber) / 1024 | round end),
       load_average_1m: ($load | tonumber)}'
}

# --- the machine -------------------------------------------------------------------------------

machine_json() {
  local jvm_flags="" pg redis_version wrk_version commit
  if [[ -n $SERVER_PID && -r /proc/$SERVER_PID/cmdline ]]; then
    jvm_flags=$(tr '\0' ' ' <"/proc/$SERVER_PID/cmdline" | sed -E 's/^[^ ]*java //; s/ -jar .*//; s/ -cp .*//')
  fi
  pg=$(psql -X -tA "$(psql_url "${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}")" \
    -c 'SHOW server_version' 2>/dev/null) || pg="unknown"
  redis_version=$(redis-cli -u "${REDIS_URL:-redis://127.0.0.1:6379/0}" --no-auth-warning INFO server 2>/dev/null \
    | tr -d '\r' | awk -F: '$1 == "redis_version" {print $2}') || true
  wrk_version=$(wrk -v 2>&1 | head -n1 | awk '{print $2}') || true
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]]; then commit+="+dirty"; fi
  jq -n \
    --arg cores "$(nproc)" \
    --arg cpu "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
    --arg mem "$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)" \
    --arg kernel "$(uname -r)" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --arg jdk "$(java -version 2>&1 | head -n1)" \
    --arg java_opts "${JAVA_OPTS:-}" \
    --arg jvm_flags "$jvm_flags" \
    --arg pg "${pg:-unknown}" \
    --arg redis "${redis_version:-unknown}" \
    --arg wrk "${wrk_version:-unknown}" \
    --arg commit "$commit" \
    '{cores: ($cores | tonumber), cpu: $cpu, memory: $mem, kernel: $kernel, load_average_at_start: $load,
      jdk: $jdk, java_opts: $java_opts, server_jvm_flags: $jvm_flags, postgresql: $pg, redis: $redis,
      wrk: $wrk, commit: $commit}'
}
