#!/usr/bin/env bash
# bin/chaos --ha: the chaos run on the HA topology (bin/ha.d/topology.sh). The same load, clients, recovery probes,
# reconciliation and report as bin/chaos (bin/chaos.d/*), with the faults of a replicated data tier, each under load:
#   pg-node-kill      the PostgreSQL primary's whole node (Patroni + the postmaster's process group) SIGKILLed; started
#                     again as a standby once writes succeed again (and the next fault waits until it streams)
#   pg-switchover     patronictl switchover to the synchronous standby (a maintenance window)
#   redis-master-kill the Redis master SIGKILLed; started again (empty) as a replica of the new master
#   sentinel-kill     one Sentinel SIGKILLed for the freeze time, then started again
#   pg-cut            the network between the clients and the primary cut for the freeze time: the APIs and workers
#                     reach each node through a small TCP proxy (tcp-proxy.py, ports 5444-5446), which is SIGSTOPped;
#                     Patroni and replication do not go through it, so no failover happens: writes fail until the cut
#                     heals (what a partition between the app and a healthy primary costs)
# Plus two checks: every registration answered 201 logs in afterwards, and "writes again" (seconds from the fault until
# a registration, a PostgreSQL write, answers 201 again) per fault in ha-faults.tsv and the report.
# Kept out of bin/chaos (which only dispatches here) so both can change independently.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
HA_D="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
CHAOS_D="$HA_D/../chaos.d"
# shellcheck source=../lib.sh
source "$HA_D/../lib.sh"
for part in system client faults reconcile report; do
  # shellcheck source=/dev/null
  source "$CHAOS_D/$part.sh"
done
# shellcheck source=topology.sh
source "$HA_D/topology.sh"

usage() {
  cat <<'USAGE'
Usage: bin/chaos --ha [--short] [--duration 6m] [--clients 6] [--slots N]

Starts the HA topology (etcd; Patroni pg1-pg3 on 5441-5443; Redis 6481/6482 with Sentinels 26481-26483), 2 APIs
(3801, 3802) and 2 workers on database cake_ha (key prefix ha:), runs bin/chaos's load and these faults in order:
pg-node-kill, pg-switchover, redis-master-kill, sentinel-kill (--short: each once; else twice when the load is 4 minutes
or longer), then settles, reconciles like bin/chaos and checks that every registration answered 201 can log in.
pg-cut (last) SIGSTOPs a TCP proxy between the clients and the primary (ports 5444-5446): a partition with no
failover. Report and logs: target/chaos/<timestamp>-ha/.
USAGE
}
chaos_say() { echo "[chaos --ha] $*" >&2; }
ha_say() { chaos_say "$@"; }
die() { chaos_say "error: $*"; exit 1; }
seconds_of() { case $1 in *m) echo $((${1%m} * 60)) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }

CHAOS_MODE=long duration=6m clients="" slots=""
while (($#)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --short) CHAOS_MODE=short; duration=100s; shift ;;
    --duration) duration=${2:?}; shift 2 ;;
    --clients) clients=${2:?}; shift 2 ;;
    --slots) slots=${2:?}; shift 2 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
CHAOS_DURATION=$(seconds_of "$duration")
[[ $CHAOS_DURATION =~ ^[0-9]+$ ]] && ((CHAOS_DURATION >= 60)) || die "--duration must be at least 60 s"
CHAOS_FAULTS=(pg-node-kill pg-switchover redis-master-kill sentinel-kill pg-cut)
if [[ $CHAOS_MODE == short ]]; then
  CHAOS_CLIENTS=${clients:-4} CHAOS_FREEZE=8 CHAOS_RECOVERY_LIMIT=40 CHAOS_GIVE_UP=60 CHAOS_GRACE=15
  settle_limit=40 rounds=1 first_fault=8
else
  CHAOS_CLIENTS=${clients:-6} CHAOS_FREEZE=15 CHAOS_RECOVERY_LIMIT=60 CHAOS_GIVE_UP=90 CHAOS_GRACE=45
  settle_limit=120 rounds=$((CHAOS_DURATION >= 240 ? 2 : 1)) first_fault=15
fi
CHAOS_SLOTS=${slots:-$((CHAOS_DURATION * CHAOS_CLIENTS / 10))}
CHAOS_REQUEST_TIMEOUT=10 CHAOS_VOUCHER_WAIT=5
CHAOS_DB=cake_ha
spacing=$(((CHAOS_DURATION - first_fault - CHAOS_FREEZE - 10) / (rounds * ${#CHAOS_FAULTS[@]})))

ha_install || die "packages"
cake_find_java
cake_build_if_stale
export CAKE_SKIP_BUILD=1
root=$(cake_root)
work="$root/target/chaos/$(date -u +%Y%m%dT%H%M%SZ)-ha"
mkdir -p "$work/load"
HA_DIR=$(mktemp -d /tmp/cake-ha.XXXXXX)
CHAOS_STOP_FILE="$work/load/stop"
CHAOS_API_PORTS=(3801 3802)
for port in "${CHAOS_API_PORTS[@]}"; do cake_tcp_open 127.0.0.1 "$port" && die "port $port is in use"; done
ha_check_ports || die "ports"

# the clients reach PostgreSQL through one TCP proxy per node (the pg-cut fault stops one); Patroni does not
HA_PROXY_PORTS=(5444 5445 5446)
for port in "${HA_PROXY_PORTS[@]}"; do cake_tcp_open 127.0.0.1 "$port" && die "port $port is in use"; done
proxied=$(printf '127.0.0.1:%s,' "${HA_PROXY_PORTS[@]}")
export DATABASE_URL="postgresql://postgres@${proxied%,}/cake_ha?targetServerType=primary&hostRecheckSeconds=2"
export REDIS_URL=$HA_REDIS_URL
HA_PROXY_PIDS=()
ha_proxy_start() {  # ha_proxy_start INDEX
  python3 "$HA_D/tcp-proxy.py" "${HA_PROXY_PORTS[$1]}" "${HA_PG_PORTS[$1]}" >>"$work/proxy.log" 2>&1 </dev/null &
  HA_PROXY_PIDS[$1]=$!
}
export CAKE_REDIS_PREFIX=ha: CAKE_LOG_LEVEL=WARN CAKE_SHUTDOWN_DRAIN=0s
export CAKE_ENV=${CAKE_ENV:-development}
export CAKE_BCRYPT_COST=4 CAKE_RATE_LIMITS=off CAKE_PAYMENT_LATENCY_MS=100 CAKE_PAYMENT_DECLINE_RATE=0.1
export CAKE_TOPUP_SETTLE_AFTER=10s CAKE_OUTBOX_RELAY_AFTER=2s CAKE_OUTBOX_REDELIVER_AFTER=10s
if [[ ${CAKE_AOT:-on} != off && ! "$root/target/aot/cake-http.aot" -nt "$root/$CAKE_HTTP_JAR" ]]; then export CAKE_AOT=off; fi

# --- what differs from bin/chaos ------------------------------------------------------------------------------
# psql (reconciliation, settle wait) goes to whichever node is the primary now: the chaos.d helpers pass -h, not -p
ha_point_psql() {
  local leader
  ha_wait 60 ha_leader || return 1
  leader=$(ha_leader)
  export PGPORT=${HA_PG_PORTS[$leader]}
}
# the registrations answered 201, per client, for the "can log in" check
eval "$(declare -f chaos_req | sed '1s/chaos_req/chaos_req_plain/')"
chaos_req() {
  chaos_req_plain "$@"
  if [[ $1 == register && $R_CODE == 201 ]]; then echo "$C_USER" >>"$work/load/registered-$C_ID.txt"; fi
}
# seconds from $1 (an $EPOCHREALTIME) until a registration (a PostgreSQL write) answers 201 on any API
ha_write_probe() {  # runs in $( ): each attempt's user is named from the clock, so none is ever registered twice
  local since=$1 code port i=0 body n
  while (($(chaos_ms_since "$since") < CHAOS_RECOVERY_LIMIT * 1000)); do
    n=$((${EPOCHREALTIME/[.,]/} / 1000 % 1000000))
    body=$(printf '{"fullname":"Write probe","email":"wp%06d-%d@chaos.test","username":"wprobe_%06d_%d","phone":"0966%06d","password":"pw-wprobe","birthday":"1990-01-01"}' \
      "$n" "$i" "$n" "$i" "$n")
    port=${CHAOS_API_PORTS[$((i++ % 2))]}
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "http://127.0.0.1:$port/auth/register" \
      -H 'Content-Type: application/json' --data-binary "$body" 2>/dev/null) || true
    if [[ $code == 201 ]]; then chaos_elapsed "$since"; return 0; fi
    sleep 0.1
  done
  echo never
}
ha_record() {  # ha_record FAULT START_MS WRITES_AGAIN FIRST_LOGIN_VOUCHER NOTE
  printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$work/ha-faults.tsv"
  chaos_say "  $1: writes again after $3 s; first login -> voucher after $4 s (from the fault's start) $5"
}
ha_streaming_again() {
  ha_wait "$CHAOS_RECOVERY_LIMIT" ha_two_standbys || chaos_say "  WARNING: not two streaming standbys within $CHAOS_RECOVERY_LIMIT s"
}

chaos_fault() {
  local fault=$1 start_ms t0 leader target writes voucher master idx note=""
  start_ms=$(chaos_now_ms) t0=$EPOCHREALTIME
  case $fault in
    pg-node-kill)
      leader=$(ha_leader) || { chaos_say "no leader: skipping"; return 0; }
      chaos_say "fault: SIGKILL PostgreSQL primary pg$((leader + 1)) (Patroni + postmaster process group)"
      ha_node_kill "$leader"
      writes=$(ha_write_probe "$t0")
      CHAOS_PROBES=$((CHAOS_PROBES + 1)) # chaos_probe runs in $( ): its count advances here
      voucher=$(chaos_probe "$t0") || voucher=never
      note="new leader pg$(($(ha_leader) + 1))"
      chaos_sleep "$CHAOS_FREEZE"
      chaos_say "  pg$((leader + 1)) started again: it rejoins as a standby (pg_rewind)"
      ha_patroni_start "$leader"
      ha_streaming_again ;;
    pg-switchover)
      leader=$(ha_leader) || { chaos_say "no leader: skipping"; return 0; }
      target=$(ha_sync_standby) || { chaos_say "no synchronous standby: skipping"; return 0; }
      chaos_say "fault: patronictl switchover pg$((leader + 1)) -> pg$((target + 1))"
      t0=$EPOCHREALTIME start_ms=$(chaos_now_ms)
      ha_patronictl switchover --leader "pg$((leader + 1))" --candidate "pg$((target + 1))" --force \
        >>"$work/patronictl.log" 2>&1 || chaos_say "  switchover failed (see $work/patronictl.log)"
      writes=$(ha_write_probe "$t0")
      CHAOS_PROBES=$((CHAOS_PROBES + 1)) # chaos_probe runs in $( ): its count advances here
      voucher=$(chaos_probe "$t0") || voucher=never
      ha_streaming_again ;;
    redis-master-kill)
      master=$(ha_redis_master_port) || { chaos_say "no Redis master known: skipping"; return 0; }
      idx=$(ha_redis_index_of "$master")
      chaos_say "fault: SIGKILL the Redis master ($master)"
      ha_kill "${HA_REDIS_PIDS[$idx]}"
      CHAOS_PROBES=$((CHAOS_PROBES + 1)) # chaos_probe runs in $( ): its count advances here
      voucher=$(chaos_probe "$t0") || voucher=never
      writes=$(ha_write_probe "$t0")
      note="new master $(ha_redis_master_port)"
      chaos_sleep 3
      ha_redis_start "$idx" "$(ha_redis_master_port)" || chaos_say "  WARNING: $master did not start again" ;;
    pg-cut)
      leader=$(ha_leader) || { chaos_say "no leader: skipping"; return 0; }
      chaos_say "fault: the network between the clients and primary pg$((leader + 1)) cut for $CHAOS_FREEZE s (proxy stopped)"
      kill -STOP "${HA_PROXY_PIDS[$leader]}"
      chaos_sleep "$CHAOS_FREEZE"
      kill -CONT "${HA_PROXY_PIDS[$leader]}"
      note="cut $CHAOS_FREEZE s, no failover (leader still pg$(($(ha_leader) + 1)))"
      writes=$(ha_write_probe "$t0")
      CHAOS_PROBES=$((CHAOS_PROBES + 1)) # chaos_probe runs in $( ): its count advances here
      voucher=$(chaos_probe "$t0") || voucher=never ;;
    sentinel-kill)
      idx=$((RANDOM % 3))
      chaos_say "fault: SIGKILL Sentinel ${HA_SENTINEL_PORTS[$idx]} for $CHAOS_FREEZE s"
      ha_kill "${HA_SENTINEL_PIDS[$idx]}"
      writes=$(ha_write_probe "$t0")
      CHAOS_PROBES=$((CHAOS_PROBES + 1)) # chaos_probe runs in $( ): its count advances here
      voucher=$(chaos_probe "$t0") || voucher=never
      chaos_sleep "$CHAOS_FREEZE"
      ha_sentinel_start "$idx" || chaos_say "  WARNING: the Sentinel did not start again" ;;
  esac
  ha_record "$fault" "$start_ms" "$writes" "$voucher" "$note"
  chaos_measure_recovery "$fault" "$start_ms" "$EPOCHREALTIME"
}

client_pids=()
stop_clients() {
  local pid
  for pid in "${client_pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  client_pids=()
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  touch "$CHAOS_STOP_FILE" 2>/dev/null || true
  stop_clients
  chaos_stop_system
  for pid in "${HA_PROXY_PIDS[@]}"; do ha_kill "$pid"; done
  ha_stop_data_tier
  cp "$HA_DIR"/*.log "$work/" 2>/dev/null || true
  rm -rf "$HA_DIR" 2>/dev/null || { sleep 1; rm -rf "$HA_DIR" || true; }   # killed postmasters' children may linger a moment
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
load_before=$(cut -d' ' -f1 /proc/loadavg)

# --- start ----------------------------------------------------------------------------------------------------
chaos_say "$CHAOS_MODE run: load $CHAOS_DURATION s, $CHAOS_CLIENTS clients, campaign of $CHAOS_SLOTS slots," \
  "$rounds round(s) of ${#CHAOS_FAULTS[@]} faults every $spacing s; work dir $work"
ha_start_data_tier || die "the data tier did not start (logs in $HA_DIR)"
for i in 0 1 2; do ha_proxy_start "$i"; done
"$root/bin/migrate" --create-database >"$work/migrate.log" 2>&1 || die "migration failed (see $work/migrate.log)"
{ "$root/bin/admin" create-campaign --name "Chaos: everyone" --max-participants 1000000 --discount 10 \
    >"$work/campaign-open" 2>>"$work/admin.log" \
  && "$root/bin/admin" create-campaign --name "Chaos: first $CHAOS_SLOTS" --max-participants "$CHAOS_SLOTS" \
    --discount 30 --max-discount 100 >"$work/campaign-limited" 2>>"$work/admin.log"; } &
campaigns_pid=$!
chaos_api_start 0
chaos_api_start 1
chaos_worker_start 0
chaos_worker_start 1
wait "$campaigns_pid" || die "create-campaign failed (see $work/admin.log)"
CHAOS_LIMITED_CAMPAIGN=$(<"$work/campaign-limited") CHAOS_OPEN_CAMPAIGN=$(<"$work/campaign-open")
chaos_wait_apis /health 90 >/dev/null || die "the APIs did not become healthy within 90 s (see $work/api-*.log)"
sleep 1.1
chaos_say "started in $SECONDS s"

# --- load and faults ------------------------------------------------------------------------------------------
: >"$work/ha-faults.tsv"
load_start=$(chaos_now_ms)
CHAOS_LOAD_START=$load_start
for ((c = 1; c <= CHAOS_CLIENTS; c++)); do
  chaos_client "$c" &
  client_pids+=($!)
done
chaos_run_schedule "$load_start" "$rounds" "$first_fault" "$spacing"
left=$((load_start + CHAOS_DURATION * 1000 - $(chaos_now_ms)))
((left <= 0)) || chaos_sleep "$((left / 1000)).$((left % 1000 / 100))"
chaos_say "load stopping (at most $CHAOS_GRACE s more)"
touch "$CHAOS_STOP_FILE"
deadline=$((SECONDS + CHAOS_GRACE + CHAOS_REQUEST_TIMEOUT + 5))
for pid in "${client_pids[@]}"; do
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
done
stop_clients
CHAOS_CRASHES=0
for pid in "${CHAOS_API_PIDS[@]}" "${CHAOS_WORKER_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || CHAOS_CRASHES=$((CHAOS_CRASHES + 1)); done

# --- settle, reconcile, the HA checks, stop ---------------------------------------------------------------------
ha_point_psql || chaos_say "WARNING: no PostgreSQL leader"
chaos_say "waiting for in-flight work to settle (at most $settle_limit s)"
CHAOS_SETTLE_TIME=$(chaos_wait_settled "$settle_limit")
# reconciled while the system still runs (nothing is in flight any more): the login check below logs every user in
# again, which would move latest_login and the first-login -> voucher figures
chaos_reconcile
registered=$(cat "$work"/load/registered-*.txt 2>/dev/null | sort -u)
answered=$(grep -c . <<<"$registered" || true)
cannot=0
while read -r user; do
  [[ -n $user ]] || continue
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "http://127.0.0.1:${CHAOS_API_PORTS[0]}/auth/login" \
    -H 'Content-Type: application/json' --data-binary "{\"account\":\"$user\",\"password\":\"pw-$user\"}") || true
  [[ $code == 200 ]] || { cannot=$((cannot + 1)); echo "$user $code" >>"$work/cannot-log-in.txt"; }
done <<<"$registered"
chaos_say "registrations answered 201: $answered; of them unable to log in afterwards: $cannot"
chaos_check "registrations answered 201 that cannot log in (of $answered)" 0 "$cannot"
chaos_stop_system
chaos_count "PostgreSQL timeline at the end (failovers + switchovers + 1)" \
  "$(ha_psql "$PGPORT" postgres "SELECT timeline_id FROM pg_control_checkpoint()" 2>/dev/null || echo '?')"
CHAOS_WALL=$SECONDS
CHAOS_SETTINGS="HA: Patroni ttl $HA_TTL / loop_wait $HA_LOOP_WAIT / retry_timeout $HA_RETRY_TIMEOUT, synchronous_mode_strict;"
CHAOS_SETTINGS+=" Sentinel quorum 2, down-after $HA_DOWN_AFTER_MS ms, min-replicas-to-write $HA_MIN_REPLICAS_TO_WRITE;"
CHAOS_SETTINGS+=" CAKE_BCRYPT_COST=$CAKE_BCRYPT_COST CAKE_PAYMENT_LATENCY_MS=$CAKE_PAYMENT_LATENCY_MS"
CHAOS_SETTINGS+=" CAKE_PAYMENT_DECLINE_RATE=$CAKE_PAYMENT_DECLINE_RATE CAKE_TOPUP_SETTLE_AFTER=$CAKE_TOPUP_SETTLE_AFTER."
CHAOS_SETTINGS+=" Machine: $(nproc) cores, load average $load_before before, $(cut -d' ' -f1 /proc/loadavg) at the end"
chaos_report
{
  echo
  echo "## Failovers: time until writes succeed again (seconds from the fault's start)"
  echo
  echo "| fault | at (s into the load) | writes again (a registration 201) | first login -> voucher (Redis queue + worker) | note |"
  echo "| --- | ---: | ---: | ---: | --- |"
  awk -F'\t' -v t0="$CHAOS_LOAD_START" '{ printf "| %s | %.1f | %s | %s | %s |\n", $1, ($2 - t0) / 1000, $3, $4, $5 }' "$work/ha-faults.tsv"
} >>"$work/report.md"
sed -i 's/^2 APIs + 2 workers,/HA topology (3 Patroni nodes, Redis + replica + 3 Sentinels), 2 APIs + 2 workers,/' "$work/report.md"
chaos_say "report: $work/report.md"
if ((CHAOS_MISMATCHES > 0)); then chaos_say "FAIL: $CHAOS_MISMATCHES invariant(s) broken"; exit 1; fi
chaos_say "PASS: every invariant holds"
