#!/usr/bin/env bash
# bin/cluster --ha: the topology with no single point of failure in the data tier (bin/ha.d/topology.sh: etcd,
# 3 Patroni/PostgreSQL nodes with strict synchronous replication, Redis master + replica + 3 Sentinels), 2 APIs and a
# worker that reach "the primary" through a multi-host DATABASE_URL and "the master" through a redis-sentinel://
# REDIS_URL, nginx in front. Checks the flows, a planned switchover and a killed Redis master under a little load,
# then tears everything down. Kept out of bin/cluster (which only dispatches here) so both can change independently.
set -euo pipefail
HA_D="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
# shellcheck source=../lib.sh
source "$HA_D/../lib.sh"
# shellcheck source=topology.sh
source "$HA_D/topology.sh"

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  cat <<'USAGE'
Usage: bin/cluster --ha [--keep]
Starts etcd (23790), 3 Patroni nodes (PostgreSQL 5441-5443, REST 8441-8443; primary + 2 standbys, synchronous_mode
strict), Redis master 6481 + replica 6482 + Sentinels 26481-26483, 2 APIs (3801, 3802), a worker and nginx on :3800,
database cake_ha, key prefix ha:. Checks register / first login / voucher / top-up through nginx, then a
`patronictl switchover` and a SIGKILLed Redis master while a client keeps writing, and stops everything
(--keep: leave it running until Ctrl-C). Installs patroni, etcd-server, redis-sentinel and nginx with apt-get when
missing. Never touches the machine's PostgreSQL (5432) or Redis (6379).
USAGE
  exit 0
fi
keep=false
[[ ${1:-} == --keep ]] && keep=true

ha_say() { echo "[cluster --ha] $*" >&2; }
fail() { ha_say "FAIL: $*"; exit 1; }

ha_install || fail "packages"
cake_find_java
cake_build_if_stale
export CAKE_SKIP_BUILD=1
root=$(cake_root)
HA_DIR=$(mktemp -d /tmp/cake-ha.XXXXXX)
nginx_port=3800
api_ports=(3801 3802)
for port in "$nginx_port" "${api_ports[@]}"; do
  if cake_tcp_open 127.0.0.1 "$port"; then fail "port $port is in use"; fi
done
ha_check_ports || fail "ports"

export DATABASE_URL=$HA_DATABASE_URL REDIS_URL=$HA_REDIS_URL
export CAKE_REDIS_PREFIX=ha: CAKE_TRUST_X_FORWARDED_FOR=true CAKE_LOG_LEVEL=WARN CAKE_SHUTDOWN_DRAIN=0s
export CAKE_PAYMENT_LATENCY_MS=20 CAKE_BCRYPT_COST=6 CAKE_RATE_LIMITS=off
export CAKE_ENV=${CAKE_ENV:-development}   # explicit: without JWT_SECRET the development secret is used

pids=()
writer_pid=""
cleanup() {
  local rc=$?
  trap - EXIT
  touch "$HA_DIR/stop"
  [[ -z $writer_pid ]] || kill "$writer_pid" 2>/dev/null || true
  if [[ -f $HA_DIR/nginx.pid ]]; then kill "$(cat "$HA_DIR/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  ha_stop_data_tier
  # the killed postmasters' children may still be writing for a moment: a failed removal is retried, never fatal
  if ((rc == 0)); then rm -rf "$HA_DIR" 2>/dev/null || { sleep 1; rm -rf "$HA_DIR" || true; }; else ha_say "logs kept in $HA_DIR"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
ha_start_data_tier || fail "the data tier did not start (logs in $HA_DIR)"
ha_say "data tier up in $((SECONDS - started)) s; DATABASE_URL=$DATABASE_URL REDIS_URL=$REDIS_URL"
"$root/bin/migrate" --create-database >"$HA_DIR/migrate.log" 2>&1 || fail "migration (see $HA_DIR/migrate.log)"

for port in "${api_ports[@]}"; do
  PORT=$port "$root/bin/server" >"$HA_DIR/api-$port.log" 2>&1 </dev/null &
  pids+=($!)
done
"$root/bin/worker" >"$HA_DIR/worker.log" 2>&1 </dev/null &
pids+=($!)

export CAKE_LISTEN=$nginx_port CAKE_ACCESS_LOG=$HA_DIR/access.log
cake_nginx_tuning
CAKE_UPSTREAM_SERVERS=""
for port in "${api_ports[@]}"; do
  CAKE_UPSTREAM_SERVERS+="server 127.0.0.1:$port max_fails=1 fail_timeout=10s max_conns=$CAKE_UPSTREAM_MAX_CONNS; "
done
export CAKE_UPSTREAM_SERVERS
mkdir -p "$HA_DIR/nginx"
cake_render_nginx "$HA_DIR/nginx"
nginx -p "$HA_DIR/nginx" -c "$HA_DIR/nginx/nginx.conf"
ln -sf "$HA_DIR/nginx/nginx.pid" "$HA_DIR/nginx.pid"
for port in "${api_ports[@]}"; do
  ha_wait 60 curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" || fail "API on $port did not start (see $HA_DIR)"
done
url=http://127.0.0.1:$nginx_port
ha_say "2 APIs, 1 worker, nginx on $url (all up $((SECONDS - started)) s after the start)"

post() { curl -sS --max-time 5 -X POST "$url$1" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$2"; }
code_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "$url$1" -H 'Content-Type: application/json' \
  ${3:+-H "Authorization: Bearer $3"} ${4:+-H "Idempotency-Key: $4"} -d "$2"; }

# --- the product through nginx ----------------------------------------------------------------------
"$root/bin/admin" create-campaign --name "HA" --max-participants 1000 --discount 10 >"$HA_DIR/campaign" 2>>"$HA_DIR/admin.log" \
  || fail "create-campaign (bin/admin through the multi-host URL)"
sleep 1.1
register() {  # register N: 201
  code_of /auth/register "{\"fullname\":\"HA $1\",\"email\":\"ha$1@example.com\",\"username\":\"hauser$1\",\"phone\":\"09130$(printf %05d "$1")\",\"password\":\"ha-pass-$1\",\"birthday\":\"1990-01-01\"}"
}
login() { post /auth/login "{\"account\":\"hauser$1\",\"password\":\"ha-pass-$1\"}" | jq -r '.access_token // empty'; }
[[ $(register 1) == 201 ]] || fail "register"
token=$(login 1)
[[ -n $token ]] || fail "first login"
voucher=""
for _ in $(seq 50); do
  voucher=$(curl -sS "$url/promotions/my-vouchers" -H "Authorization: Bearer $token" | jq -r '.[0].code // empty')
  [[ -n $voucher ]] && break
  sleep 0.1
done
[[ -n $voucher ]] || fail "no voucher after the first login"
[[ $(code_of /promotions/topup "{\"phoneNumber\":\"0912345678\",\"amount\":50,\"voucherCode\":\"$voucher\"}" "$token" ha-1) == 200 ]] \
  || fail "top-up with the voucher"
ha_say "flows through nginx: register, first login, voucher $voucher from the worker, top-up 200"

# --- failovers under a writing client -----------------------------------------------------------------
# One client registers users back to back; the time until a write succeeds again is measured from the fault.
writer() {
  local n=100
  while [[ ! -e $HA_DIR/stop ]]; do
    n=$((n + 1))
    printf '%s\t%s\n' "${EPOCHREALTIME/./}" "$(register "$n")" >>"$HA_DIR/writes.tsv"
  done
}
# seconds from $1 (an $EPOCHREALTIME) until the first 201 after it, and how many writes failed in between
recovery() {
  awk -F'\t' -v since="${1/./}" '$1 >= since { if ($2 == 201) { printf "%.1f s, %d write(s) failed\n", ($1 - since) / 1e6, bad; found = 1; exit } else bad++ }
    END { if (!found) print "never" }' "$HA_DIR/writes.tsv"
}
: >"$HA_DIR/writes.tsv"
writer &
writer_pid=$!
sleep 2

leader=$(ha_leader) || fail "no leader"
target=$(ha_sync_standby) || fail "no synchronous standby"
ha_say "switchover: pg$((leader + 1)) -> pg$((target + 1)) (patronictl switchover --force)"
t0=$EPOCHREALTIME
ha_patronictl switchover --leader "pg$((leader + 1))" --candidate "pg$((target + 1))" --force >>"$HA_DIR/patronictl.log" 2>&1 \
  || fail "patronictl switchover (see $HA_DIR/patronictl.log)"
leader_is() { [[ $(ha_leader) == "$1" ]]; }
ha_wait 30 leader_is "$target" || fail "pg$((target + 1)) did not become the leader"
sleep 6
switchover=$(recovery "$t0")
ha_say "  writes again after the switchover: $switchover"
[[ $switchover != never ]] || fail "no write succeeded after the switchover"

master=$(ha_redis_master_port)
ha_say "Redis master $master killed (SIGKILL)"
t0=$EPOCHREALTIME
ha_kill "${HA_REDIS_PIDS[$(ha_redis_index_of "$master")]}"
master_moved() { [[ $(ha_redis_master_port) != "$1" ]]; }
ha_wait 30 master_moved "$master" || fail "the Sentinels did not promote the replica"
ha_say "  Sentinels promoted ${HA_REDIS_PORTS[1 - $(ha_redis_index_of "$master")]}"
# a first login pushes its event onto the Redis queue and the worker issues the voucher: the whole Redis path
[[ $(register 2) == 201 ]] || fail "register after the Redis failover"
token=$(login 2)
[[ -n $token ]] || fail "first login after the Redis failover"
voucher=""
for _ in $(seq 300); do   # 30 s: the event may wait for the relay, the breaker to close and the worker to reconnect
  voucher=$(curl -sS "$url/promotions/my-vouchers" -H "Authorization: Bearer $token" | jq -r '.[0].code // empty')
  [[ -n $voucher ]] && break
  sleep 0.1
done
[[ -n $voucher ]] || fail "no voucher for a first login after the Redis failover"
ha_say "  first login -> voucher through the new Redis master $(awk -v a="${t0/./}" -v b="${EPOCHREALTIME/./}" 'BEGIN{printf "%.1f", (b-a)/1e6}') s after the kill"
sleep 1
touch "$HA_DIR/stop"
wait "$writer_pid" || true
redis_recovery=$(recovery "$t0")
ha_say "  registrations during the Redis failover: $redis_recovery"
ha_say "  restarting the old master: Sentinel makes it a replica of the new one"
ha_redis_start "$(ha_redis_index_of "$master")" "$(ha_redis_master_port)" || fail "restart of the old Redis master"
is_replica() { redis-cli -p "$1" info replication | grep -q role:slave; }
ha_wait 20 is_replica "$master" || fail "the old master did not become a replica"

# every registration answered 201 can log in (nothing acknowledged was lost in the switchover)
answered=$(awk -F'\t' '$2 == 201' "$HA_DIR/writes.tsv" | wc -l)
in_db=$(ha_psql "${HA_PG_PORTS[$(ha_leader)]}" cake_ha "SELECT count(*) FROM users WHERE username ~ '^hauser[0-9]{3,}$'")
ha_say "registrations answered 201: $answered; users in the database: $in_db"
((in_db >= answered)) || fail "$((answered - in_db)) acknowledged registration(s) lost"

ha_say "PASS: flows, switchover ($switchover), Redis master killed ($redis_recovery), no acknowledged write lost"
if $keep; then
  ha_say "left running on $url (Ctrl-C stops)"
  wait
fi
