# shellcheck shell=bash
# shellcheck disable=SC2154 # $root, $work and the settings are globals of bin/chaos
# bin/chaos: the fault schedule and the recovery measurements. Sourced by bin/chaos.
# Each fault is followed by three measurements, all counted from the end of the fault (the process started again,
# the server thawed): every API's /health/ready is 200, every API's /health is 200 (PostgreSQL and Redis both
# up), and a probe user who registers and logs in for the first time after the fault sees a voucher of the open
# campaign (the whole path: API, outbox, queue, worker). One line per fault goes to $work/faults.tsv:
#   fault start_ms end_ms ready_s health_s voucher_s
# Expects: system.sh, $CHAOS_FREEZE (seconds), $CHAOS_RECOVERY_LIMIT (seconds per measurement).

CHAOS_FAULTS=(api-kill worker-kill redis-restart pg-restart redis-freeze pg-freeze)
CHAOS_PROBES=0

# A first login after the fault, end to end. Prints the seconds from $1 until the probe's voucher shows; false
# when it does not within $CHAOS_RECOVERY_LIMIT.
chaos_probe() {
  local since=$1 user password port code body ports=("${CHAOS_API_PORTS[@]}") i=0 token="" limit_ms
  limit_ms=$((CHAOS_RECOVERY_LIMIT * 1000))
  CHAOS_PROBES=$((CHAOS_PROBES + 1))
  user=$(printf 'probe_%04d' "$CHAOS_PROBES")
  password="pw-$user"
  body=$(printf '{"fullname":"Probe %s","email":"%s@chaos.test","username":"%s","phone":"0988%06d","password":"%s","birthday":"1990-01-01"}' \
    "$user" "$user" "$user" "$CHAOS_PROBES" "$password")
  while (($(chaos_ms_since "$since") < limit_ms)); do
    port=${ports[$((i++ % ${#ports[@]}))]}
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "http://127.0.0.1:$port/auth/register" \
      -H 'Content-Type: application/json' --data-binary "$body" 2>/dev/null) || true
    [[ $code == 201 || $code == 409 ]] && break
    sleep 0.2
  done
  while [[ -z $token ]] && (($(chaos_ms_since "$since") < limit_ms)); do
    port=${ports[$((i++ % ${#ports[@]}))]}
    token=$(curl -sf --max-time 5 -X POST "http://127.0.0.1:$port/auth/login" -H 'Content-Type: application/json' \
      --data-binary "{\"account\":\"$user\",\"password\":\"$password\"}" 2>/dev/null | jq -r '.access_token // ""') || true
    [[ -n $token ]] || sleep 0.2
  done
  while [[ -n $token ]] && (($(chaos_ms_since "$since") < limit_ms)); do
    port=${ports[$((i++ % ${#ports[@]}))]}
    if curl -sf --max-time 5 "http://127.0.0.1:$port/promotions/my-vouchers" -H "Authorization: Bearer $token" \
        2>/dev/null | jq -e 'length > 0' >/dev/null 2>&1; then
      chaos_elapsed "$since"
      return 0
    fi
    sleep 0.2
  done
  return 1
}

chaos_measure_recovery() {  # chaos_measure_recovery FAULT START_MS END_EPOCHREALTIME
  local fault=$1 start_ms=$2 end=$3 ready health voucher end_ms
  end_ms=$((${end/[.,]/} / 1000))
  ready=$(chaos_wait_apis /health/ready "$CHAOS_RECOVERY_LIMIT" "$end") || ready=never
  health=$(chaos_wait_apis /health "$CHAOS_RECOVERY_LIMIT" "$end") || health=never
  CHAOS_PROBES=$((CHAOS_PROBES + 1)) # chaos_probe runs in $( ): its own count would start from the same number
  voucher=$(chaos_probe "$end") || voucher=never
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$fault" "$start_ms" "$end_ms" "$ready" "$health" "$voucher" >>"$work/faults.tsv"
  chaos_say "  $fault: down $(((end_ms - start_ms) / 100 / 10)).$(((end_ms - start_ms) / 100 % 10)) s;" \
    "recovered: ready ${ready} s, /health ${health} s, first login -> voucher ${voucher} s"
}

# One fault. chaos_fault NAME ROUND
chaos_fault() {
  local fault=$1 round=$2 start_ms end i
  i=$((round % 2))
  start_ms=$(chaos_now_ms)
  case $fault in
    api-kill)
      chaos_say "fault: SIGKILL the API on port ${CHAOS_API_PORTS[$i]}, start it again 2 s later"
      chaos_kill9 "api-$i"
      chaos_sleep 2
      chaos_api_start "$i" ;;
    worker-kill)
      chaos_say "fault: SIGKILL worker $i, start it again 3 s later"
      chaos_kill9 "worker-$i"
      chaos_sleep 3
      chaos_worker_start "$i" ;;
    redis-restart)
      chaos_say "fault: Redis killed and started again empty (1 s down)"
      chaos_redis_kill
      chaos_sleep 1
      chaos_redis_start ;;
    pg-restart)
      chaos_say "fault: PostgreSQL restarted (pg_ctlcluster restart -m fast)"
      chaos_pg_restart || chaos_say "  pg_ctlcluster restart failed (see $work/pg-ctl.log)" ;;
    redis-freeze)
      chaos_say "fault: Redis frozen (SIGSTOP) for $CHAOS_FREEZE s"
      kill -STOP "$CHAOS_REDIS_PID"
      chaos_sleep "$CHAOS_FREEZE"
      kill -CONT "$CHAOS_REDIS_PID" ;;
    pg-freeze)
      chaos_say "fault: PostgreSQL frozen (SIGSTOP, postmaster and children) for $CHAOS_FREEZE s"
      chaos_pg_thaw_guard $((CHAOS_FREEZE + 5))
      if chaos_pg_freeze; then
        chaos_sleep "$CHAOS_FREEZE"
      fi
      chaos_pg_thaw ;;
  esac
  end=$EPOCHREALTIME
  chaos_measure_recovery "$fault" "$start_ms" "$end"
}

# The schedule: ROUNDS times every fault kind, the first FIRST s after the load starts, then one every SPACING s
# (or right after the previous one's recovery when that took longer, with a 3 s pause).
chaos_run_schedule() {  # chaos_run_schedule LOAD_START_MS ROUNDS FIRST SPACING
  local load_start=$1 rounds=$2 first=$3 spacing=$4 round fault k=0 due now
  : >"$work/faults.tsv"
  for ((round = 0; round < rounds; round++)); do
    for fault in "${CHAOS_FAULTS[@]}"; do
      due=$((load_start + (first + k * spacing) * 1000))
      now=$(chaos_now_ms)
      if ((due > now)); then chaos_sleep "$(((due - now) / 1000)).$(((due - now) % 1000 / 100))"; elif ((k)); then chaos_sleep 3; fi
      chaos_fault "$fault" "$round"
      k=$((k + 1))
    done
  done
}
