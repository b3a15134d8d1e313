# shellcheck shell=bash
# shellcheck disable=SC2154 # $root, $work and the settings are globals of bin/chaos
# bin/chaos: the system under test and the services it breaks. Sourced by bin/chaos.
#   - a private redis-server on a spare port (restarting or freezing it disturbs nobody else);
#   - the machine's PostgreSQL (restarted and frozen for real), always left running and thawed by chaos_safety_net;
#   - 2 API processes and 2 workers started like bin/cluster starts them (bin/server, bin/worker with env).
# Expects: $root, $work, $CHAOS_API_PORTS (array), $CHAOS_REDIS_PORT, chaos_say.

CHAOS_API_PIDS=()
CHAOS_WORKER_PIDS=()
CHAOS_REDIS_PID=""
CHAOS_GUARD_PIDS=()

# --- PostgreSQL (the machine's) -------------------------------------------------------------------------
chaos_pg_version() { cake_pg_version; }

# The postmaster's pid, from the cluster's pid file (first line), or nothing when it is not running.
chaos_pg_postmaster() {
  local datadir pid
  datadir=$(pg_lsclusters -h 2>/dev/null | awk -v v="$(chaos_pg_version)" '$1 == v && $2 == "main" {print $6}')
  [[ -n $datadir && -r $datadir/postmaster.pid ]] || datadir=/var/lib/postgresql/$(chaos_pg_version)/main
  pid=$(head -n1 "$datadir/postmaster.pid" 2>/dev/null) || return 0
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
  return 0
}

# Every process of the PostgreSQL server (the postmaster and its children; comm is "postgres" for all of them).
chaos_pg_all_pids() { pgrep -u postgres -x postgres || true; }

chaos_pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 -t 2 2>/dev/null; }

# Thaw every PostgreSQL process. Harmless when none is stopped.
chaos_pg_thaw() {
  local pid
  for pid in $(chaos_pg_all_pids); do kill -CONT "$pid" 2>/dev/null || true; done
}

# Freeze the postmaster first (so it forks no new backend), then every process it has.
chaos_pg_freeze() {
  local pm pid
  pm=$(chaos_pg_postmaster)
  [[ -n $pm ]] || { chaos_say "PostgreSQL is not running: nothing to freeze"; return 1; }
  kill -STOP "$pm"
  for pid in $(pgrep -P "$pm"); do kill -STOP "$pid" 2>/dev/null || true; done
}

chaos_pg_restart() {
  pg_ctlcluster --skip-systemctl-redirect "$(chaos_pg_version)" main restart -m fast >>"$work/pg-ctl.log" 2>&1
}

# Leave PostgreSQL thawed and running, whatever state a fault left it in. Used by the exit trap.
chaos_pg_ensure_running() {
  local _
  chaos_pg_thaw
  chaos_pg_ready && return 0
  for _ in 1 2 3 4 5; do chaos_pg_ready && return 0; sleep 1; done   # e.g. in the middle of a restart
  chaos_say "PostgreSQL is down: starting it"
  cake_start_postgres >>"$work/pg-ctl.log" 2>&1 || true
  for _ in $(seq 30); do chaos_pg_ready && return 0; sleep 1; done
  chaos_say "WARNING: PostgreSQL did not come back within 30 s (see $work/pg-ctl.log)"
  return 1
}

# A detached process that thaws PostgreSQL after $1 seconds even if this script is killed with SIGKILL meanwhile.
chaos_pg_thaw_guard() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  setsid bash -c 'sleep "$1"; for p in $(pgrep -u postgres -x postgres); do kill -CONT "$p" 2>/dev/null; done' \
    chaos-thaw-guard "$1" </dev/null >/dev/null 2>&1 &
  CHAOS_GUARD_PIDS+=($!)
}

# --- Redis (our own) --------------------------------------------------------------------------------------
chaos_free_port() {  # chaos_free_port FIRST LAST: the first port in the range nobody listens on
  local port
  for ((port = $1; port <= $2; port++)); do
    cake_tcp_open 127.0.0.1 "$port" || { echo "$port"; return 0; }
  done
  return 1
}

chaos_redis_start() {
  local _
  cake_start redis /dev/null redis-server --port "$CHAOS_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$work" --logfile "$work/redis.log" --daemonize no
  CHAOS_REDIS_PID=$(cake_pid redis)
  for _ in $(seq 100); do
    [[ $(redis-cli -p "$CHAOS_REDIS_PORT" ping 2>/dev/null) == PONG ]] && return 0
    sleep 0.05
  done
  chaos_say "redis-server did not start on port $CHAOS_REDIS_PORT (see $work/redis.log)"
  return 1
}

# SIGKILL: it keeps nothing on disk, so it comes back empty.
chaos_redis_kill() {
  [[ -n $CHAOS_REDIS_PID ]] || return 0
  kill -CONT "$CHAOS_REDIS_PID" 2>/dev/null || true
  cake_kill redis
  CHAOS_REDIS_PID=""
}

# --- API processes and workers ----------------------------------------------------------------------------
chaos_api_start() {  # chaos_api_start INDEX
  local port=${CHAOS_API_PORTS[$1]}
  PORT=$port cake_start "api-$1" "$work/api-$port.log" "$root/bin/server"
  CHAOS_API_PIDS[$1]=$(cake_pid "api-$1")
}

chaos_worker_start() {  # chaos_worker_start INDEX
  cake_start "worker-$1" "$work/worker-$1.log" "$root/bin/worker"
  CHAOS_WORKER_PIDS[$1]=$(cake_pid "worker-$1")
}

chaos_kill9() {  # SIGKILL a process of ours (api-INDEX, worker-INDEX) and reap it
  cake_kill "$1"
}

chaos_http_ok() { curl -fsS -o /dev/null --max-time "${2:-2}" "$1" 2>/dev/null; }

# Wait until GET PATH answers 200 on every API, at most LIMIT s after SINCE (an $EPOCHREALTIME value, default now).
# Prints the seconds from SINCE; false on timeout. chaos_wait_apis PATH LIMIT [SINCE]
chaos_wait_apis() {
  local path=$1 limit=$2 start=${3:-$EPOCHREALTIME} port ok
  while :; do
    ok=1
    for port in "${CHAOS_API_PORTS[@]}"; do
      chaos_http_ok "http://127.0.0.1:$port$path" 1 || { ok=0; break; }
    done
    ((ok)) && { chaos_elapsed "$start"; return 0; }
    (($(chaos_ms_since "$start") < limit * 1000)) || return 1
    sleep 0.2
  done
}

# Stop what we started, the last started first: workers and APIs gracefully (SIGKILL after 15 s each), our Redis
# (started first, stopped last: SIGKILL, it keeps nothing), the thaw guards.
chaos_stop_system() {
  local pid
  [[ -z $CHAOS_REDIS_PID ]] || kill -CONT "$CHAOS_REDIS_PID" 2>/dev/null || true
  cake_stop_all 15
  CHAOS_API_PIDS=() CHAOS_WORKER_PIDS=() CHAOS_REDIS_PID=""
  for pid in "${CHAOS_GUARD_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  CHAOS_GUARD_PIDS=()
}

# --- time -------------------------------------------------------------------------------------------------
chaos_ms_since() {  # milliseconds since an $EPOCHREALTIME value
  local now=${EPOCHREALTIME/[.,]/} then=${1/[.,]/}
  echo $(((now - then) / 1000))
}
chaos_elapsed() {  # seconds since an $EPOCHREALTIME value, one decimal
  local ms
  ms=$(chaos_ms_since "$1")
  printf '%d.%d\n' $((ms / 1000)) $((ms % 1000 / 100))
}
# sleep that lets a trapped signal (Ctrl-C, SIGTERM) through at once: bash runs traps only between commands
chaos_sleep() { sleep "$1" & wait $!; }
chaos_now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
