# shellcheck shell=bash
# The highly available data tier on one machine, from Debian's packages (installed with apt-get when missing):
#   - etcd 3.4, one node (127.0.0.1:23790, peer 23800): Patroni's store. One node is itself a single point of failure
#     for *failover* (not for serving: a running primary keeps its leader key only while etcd answers, so losing etcd
#     makes Patroni demote the primary after ttl; see docs/RELIABILITY.md). Production runs three etcd nodes.
#   - three Patroni 3.0.2 nodes pg1..pg3 (PostgreSQL 15 on 5441-5443, REST on 8441-8443), run as the postgres user
#     (PostgreSQL refuses root), synchronous_mode strict: a primary and two standbys, one of them synchronous.
#   - Redis: a master (6481) and a replica (6482), three Sentinels (26481-26483, quorum 2, master name cake-ha).
# Sourced by bin/ha.d/cluster.sh and bin/ha.d/chaos.sh. Everything lives in $HA_DIR (a fresh directory per run);
# nothing here touches the machine's PostgreSQL (5432) or Redis (6379).
# Expects: ha_say. Sets HA_DATABASE_URL and HA_REDIS_URL for the clients.

HA_PG_PORTS=(5441 5442 5443)
HA_REST_PORTS=(8441 8442 8443)
HA_ETCD_PORT=23790 HA_ETCD_PEER_PORT=23800
HA_REDIS_PORTS=(6481 6482)
HA_SENTINEL_PORTS=(26481 26482 26483)
HA_MASTER_NAME=cake-ha
HA_SCOPE=cake-ha
HA_PG_BIN=/usr/lib/postgresql/15/bin
# Patroni's timing (see docs/RELIABILITY.md, "What each setting trades"): loop_wait + 2 x retry_timeout <= ttl.
HA_TTL=${HA_TTL:-10} HA_LOOP_WAIT=${HA_LOOP_WAIT:-2} HA_RETRY_TIMEOUT=${HA_RETRY_TIMEOUT:-3}
HA_DOWN_AFTER_MS=${HA_DOWN_AFTER_MS:-2000}
HA_MIN_REPLICAS_TO_WRITE=${HA_MIN_REPLICAS_TO_WRITE:-0}

pg_hosts=$(printf '127.0.0.1:%s,' "${HA_PG_PORTS[@]}")
sentinel_hosts=$(printf '127.0.0.1:%s,' "${HA_SENTINEL_PORTS[@]}")
# pgjdbc multi-host: the driver tries the hosts in order and keeps only the one that is the primary; PersistenceSettings
# adds short connect/login/socket timeouts and hostRecheckSeconds when the URL names several hosts.
HA_DATABASE_URL="postgresql://postgres@${pg_hosts%,}/cake_ha?targetServerType=primary&hostRecheckSeconds=2"
HA_REDIS_URL="redis-sentinel://${sentinel_hosts%,}/$HA_MASTER_NAME?db=0"
unset pg_hosts sentinel_hosts

HA_ETCD_PID=""
declare -A HA_REDIS_PIDS=() HA_SENTINEL_PIDS=()

ha_install() {
  local missing=() tool
  declare -A pkg=([patroni]=patroni [etcd]=etcd-server [redis-sentinel]=redis-sentinel [redis-server]=redis-server
    [nginx]=nginx [jq]=jq [psql]=postgresql-client [setpriv]=util-linux [curl]=curl)
  for tool in "${!pkg[@]}"; do command -v "$tool" >/dev/null || missing+=("${pkg[$tool]}"); done
  [[ -x $HA_PG_BIN/postgres ]] || missing+=(postgresql-15)
  if ((${#missing[@]})); then
    ha_say "installing ${missing[*]} with apt-get"
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
      "${missing[@]}") >&2
  fi
  id postgres >/dev/null 2>&1 || { ha_say "no postgres user (it comes with the postgresql-15 package)"; return 1; }
}

ha_check_ports() {
  local port
  for port in "${HA_PG_PORTS[@]}" "${HA_REST_PORTS[@]}" "$HA_ETCD_PORT" "$HA_ETCD_PEER_PORT" "${HA_REDIS_PORTS[@]}" \
      "${HA_SENTINEL_PORTS[@]}"; do
    if cake_tcp_open 127.0.0.1 "$port"; then ha_say "port $port is in use (another HA run, or a leftover?)"; return 1; fi
  done
}

# $HA_DIR: world-readable so the postgres user reaches its own subdirectories.
ha_prepare_dir() {
  mkdir -p "$HA_DIR/sock"
  chmod 755 "$HA_DIR"
  chown postgres: "$HA_DIR/sock"
}

ha_wait() {  # ha_wait SECONDS COMMAND...: true as soon as COMMAND succeeds
  local limit=$1 end
  shift
  end=$((SECONDS + limit))
  while ((SECONDS < end)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}

# --- etcd -------------------------------------------------------------------------------------------------
ha_etcd_start() {
  etcd --name ha-etcd --data-dir "$HA_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$HA_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$HA_ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$HA_ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$HA_ETCD_PEER_PORT" \
    --initial-cluster "ha-etcd=http://127.0.0.1:$HA_ETCD_PEER_PORT" \
    >"$HA_DIR/etcd.log" 2>&1 </dev/null &
  HA_ETCD_PID=$!
  ha_wait 20 curl -fsS "http://127.0.0.1:$HA_ETCD_PORT/health" || { ha_say "etcd did not start (see $HA_DIR/etcd.log)"; return 1; }
}

# --- Patroni + PostgreSQL ----------------------------------------------------------------------------------
ha_patroni_config() {  # ha_patroni_config INDEX: writes $HA_DIR/pgN.yml
  local i=$1 name="pg$(($1 + 1))"
  cat >"$HA_DIR/$name.yml" <<YAML
scope: $HA_SCOPE
namespace: /cake/
name: $name
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:${HA_REST_PORTS[$i]}
  connect_address: 127.0.0.1:${HA_REST_PORTS[$i]}
etcd3:
  host: 127.0.0.1:$HA_ETCD_PORT
bootstrap:
  dcs:
    ttl: $HA_TTL
    loop_wait: $HA_LOOP_WAIT
    retry_timeout: $HA_RETRY_TIMEOUT
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    synchronous_mode_strict: true
    synchronous_node_count: 1
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 100
        shared_buffers: 32MB
        fsync: "on"
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:${HA_PG_PORTS[$i]}
  connect_address: 127.0.0.1:${HA_PG_PORTS[$i]}
  data_dir: $HA_DIR/$name/data
  bin_dir: $HA_PG_BIN
  pgpass: $HA_DIR/$name/pgpass
  authentication:
    superuser: {username: postgres, password: cake-ha}
    replication: {username: replicator, password: cake-ha}
  parameters:
    unix_socket_directories: $HA_DIR/sock
  basebackup:
    - checkpoint: fast
tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
YAML
}

ha_patroni_start() {  # ha_patroni_start INDEX: Patroni as the postgres user, in a session of its own
  local name="pg$(($1 + 1))"
  mkdir -p "$HA_DIR/$name"
  chown postgres: "$HA_DIR/$name"
  [[ -f $HA_DIR/$name.yml ]] || ha_patroni_config "$1"
  chmod 644 "$HA_DIR/$name.yml"
  setsid setpriv --reuid=postgres --regid=postgres --init-groups env HOME="$HA_DIR/$name" \
    patroni "$HA_DIR/$name.yml" >>"$HA_DIR/$name.log" 2>&1 </dev/null &
}

ha_patroni_pid() { pgrep -u postgres -f "patroni $HA_DIR/pg$(($1 + 1)).yml" | head -n1; }

# The postmaster's pid of node INDEX, from its pid file; nothing when it is not running.
ha_postmaster_pid() {
  local pid
  pid=$(head -n1 "$HA_DIR/pg$(($1 + 1))/data/postmaster.pid" 2>/dev/null) || return 0
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
  return 0
}

# A whole node lost at once: Patroni and the postmaster's process group, SIGKILL. (Patroni killed alone would leave
# its PostgreSQL running as a primary: there is no watchdog on a shared machine.)
ha_node_kill() {
  local pat pm
  pat=$(ha_patroni_pid "$1")
  pm=$(ha_postmaster_pid "$1")
  [[ -n $pat ]] && kill -KILL "$pat" 2>/dev/null
  [[ -n $pm ]] && kill -KILL -- "-$(ps -o pgid= -p "$pm" | tr -d ' ')" 2>/dev/null
  [[ -n $pm ]] && kill -KILL "$pm" 2>/dev/null
  return 0
}

ha_rest() { curl -s --max-time 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${HA_REST_PORTS[$1]}/$2"; }

# Index of the node whose Patroni says it is the primary (GET /primary answers 200 there only); nothing if none.
ha_leader() {
  local i
  for i in 0 1 2; do [[ $(ha_rest "$i" primary) == 200 ]] && { echo "$i"; return 0; }; done
  return 1
}

ha_sync_standby() {  # index of the synchronous standby
  local i
  for i in 0 1 2; do [[ $(ha_rest "$i" sync) == 200 ]] && { echo "$i"; return 0; }; done
  return 1
}

ha_psql() {  # ha_psql PORT DB SQL...: one value
  psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "$3"
}

ha_patronictl() { patronictl -c "$HA_DIR/pg1.yml" "$@"; }

ha_streaming_standbys() {  # how many standbys stream from the primary
  local leader
  leader=$(ha_leader) || { echo 0; return 0; }
  ha_psql "${HA_PG_PORTS[$leader]}" postgres "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'" \
    2>/dev/null || echo 0
}
ha_two_standbys() { [[ $(ha_streaming_standbys) == 2 ]] && ha_sync_standby >/dev/null; }

ha_postgres_start() {
  local i
  for i in 0 1 2; do ha_patroni_config "$i"; done
  ha_patroni_start 0
  ha_wait 60 ha_leader || { ha_say "no Patroni leader within 60 s (see $HA_DIR/pg1.log)"; return 1; }
  ha_patroni_start 1
  ha_patroni_start 2
  ha_wait 90 ha_two_standbys || { ha_say "the standbys did not stream within 90 s (see $HA_DIR/pg*.log)"; return 1; }
}

# --- Redis + Sentinel --------------------------------------------------------------------------------------
ha_redis_start() {  # ha_redis_start INDEX [MASTER_PORT]
  local port=${HA_REDIS_PORTS[$1]} args=()
  [[ -n ${2:-} ]] && args=(--replicaof 127.0.0.1 "$2")
  # No persistence, like the machine's Redis: a restarted instance is empty and Sentinel makes it a replica of the
  # current master. min-replicas-to-write: see docs/RELIABILITY.md.
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$HA_DIR" \
    --logfile "$HA_DIR/redis-$port.log" --min-replicas-to-write "$HA_MIN_REPLICAS_TO_WRITE" --min-replicas-max-lag 5 \
    --replica-read-only yes --daemonize no "${args[@]}" </dev/null >/dev/null 2>&1 &
  HA_REDIS_PIDS[$1]=$!
  ha_wait 10 ha_redis_ping "$port" || { ha_say "redis-server on $port did not start"; return 1; }
}
ha_redis_ping() { [[ $(redis-cli -p "$1" ping 2>/dev/null) == PONG ]]; }

ha_sentinel_start() {  # ha_sentinel_start INDEX: its config file is its state (Sentinel rewrites it)
  local port=${HA_SENTINEL_PORTS[$1]} conf="$HA_DIR/sentinel-${HA_SENTINEL_PORTS[$1]}.conf"
  if [[ ! -f $conf ]]; then
    cat >"$conf" <<CONF
port $port
bind 127.0.0.1
daemonize no
logfile $HA_DIR/sentinel-$port.log
dir $HA_DIR
sentinel monitor $HA_MASTER_NAME 127.0.0.1 ${HA_REDIS_PORTS[0]} 2
sentinel down-after-milliseconds $HA_MASTER_NAME $HA_DOWN_AFTER_MS
sentinel failover-timeout $HA_MASTER_NAME 10000
sentinel parallel-syncs $HA_MASTER_NAME 1
CONF
  fi
  redis-sentinel "$conf" </dev/null >/dev/null 2>&1 &
  HA_SENTINEL_PIDS[$1]=$!
  ha_wait 10 ha_redis_ping "$port" || { ha_say "sentinel on $port did not start"; return 1; }
}

ha_redis_master_port() {  # what the Sentinels agree is the master's port
  local port
  for port in "${HA_SENTINEL_PORTS[@]}"; do
    redis-cli -p "$port" sentinel get-master-addr-by-name "$HA_MASTER_NAME" 2>/dev/null | sed -n 2p && return 0
  done
  return 1
}
ha_redis_index_of() { [[ $1 == "${HA_REDIS_PORTS[0]}" ]] && echo 0 || echo 1; }

ha_sentinels_ready() {  # every Sentinel knows the replica and the two other Sentinels
  local port
  for port in "${HA_SENTINEL_PORTS[@]}"; do
    redis-cli -p "$port" sentinel master "$HA_MASTER_NAME" 2>/dev/null | tr '\n' ' ' \
      | grep -Eq 'num-slaves 1 .*num-other-sentinels 2 ' || return 1
  done
}

ha_redis_all_start() {
  ha_redis_start 0 || return 1
  ha_redis_start 1 "${HA_REDIS_PORTS[0]}" || return 1
  local i
  for i in 0 1 2; do ha_sentinel_start "$i" || return 1; done
  ha_wait 30 ha_sentinels_ready || { ha_say "the Sentinels did not find each other within 30 s"; return 1; }
}

# SIGKILL one of our processes and wait (at most 5 s) until it is gone or a zombie: never a bare `wait`, which hung
# once in a teardown and left Redis processes holding the caller's flock
ha_kill() {
  local _
  [[ -n ${1:-} ]] || return 0
  kill -CONT "$1" 2>/dev/null || true   # gone already (a fault killed it): nothing to do, and never an error
  kill -KILL "$1" 2>/dev/null || true
  for _ in $(seq 100); do
    [[ $(ps -o stat= -p "$1" 2>/dev/null) == Z* || -z $(ps -o stat= -p "$1" 2>/dev/null) ]] && return 0
    sleep 0.05
  done
  return 0
}

# --- all of it ---------------------------------------------------------------------------------------------
ha_start_data_tier() {
  ha_prepare_dir
  ha_etcd_start || return 1
  ha_say "etcd on $HA_ETCD_PORT; starting 3 Patroni nodes (ttl $HA_TTL, loop_wait $HA_LOOP_WAIT, retry_timeout $HA_RETRY_TIMEOUT)"
  ha_postgres_start || return 1
  ha_say "PostgreSQL: leader pg$(($(ha_leader) + 1)), synchronous standby pg$(($(ha_sync_standby) + 1)), 2 standbys streaming"
  ha_redis_all_start || return 1
  ha_say "Redis: master ${HA_REDIS_PORTS[0]}, replica ${HA_REDIS_PORTS[1]}, 3 Sentinels (quorum 2, down after $HA_DOWN_AFTER_MS ms)"
}

# Stop everything of the data tier this run started (SIGKILL: the data directories are thrown away).
ha_stop_data_tier() {
  local i pid
  for pid in "${HA_SENTINEL_PIDS[@]}" "${HA_REDIS_PIDS[@]}"; do ha_kill "$pid"; done
  for i in 0 1 2; do ha_node_kill "$i"; done
  # a Patroni restarted by a fault is not our child: find what is left by the run's directory
  for pid in $(pgrep -f "$HA_DIR/" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  ha_kill "$HA_ETCD_PID"
}
