# shellcheck shell=bash
# shellcheck disable=SC2154 # $root, $work and the settings are globals of bin/chaos
# bin/chaos: waiting for the system to settle after the load, then reconciling with `bin/admin reconcile` (read-only,
# from PostgreSQL). Sourced by bin/chaos. Every check goes to $work/checks.tsv as "name<TAB>expected<TAB>found<TAB>
# PASS|FAIL" and every figure to $work/counts.tsv as "name<TAB>value"; CHAOS_MISMATCHES counts the failed checks.
# Expects: $CHAOS_DB, $CHAOS_LIMITED_CAMPAIGN, $work, chaos_say.

CHAOS_MISMATCHES=0

# One value from PostgreSQL, or "error: ..." when the query fails (e.g. a table the code has not created yet).
chaos_q() {
  local out
  if out=$(psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$CHAOS_DB" -c "$1" 2>&1); then
    echo "$out"
  else
    echo "error: $(head -n1 <<<"$out" | sed 's/^psql:[^:]*:[0-9]*: //; s/^ERROR: *//')"
  fi
}

# A check of the run itself, beside bin/admin reconcile's (bin/chaos --ha: every registration answered 201 logs in).
chaos_check() {  # chaos_check NAME EXPECTED FOUND
  local verdict=PASS
  if [[ $2 != "$3" ]]; then verdict=FAIL; CHAOS_MISMATCHES=$((CHAOS_MISMATCHES + 1)); fi
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$verdict" >>"$work/checks.tsv"
}

chaos_count() {  # chaos_count NAME VALUE
  printf '%s\t%s\n' "$1" "$2" >>"$work/counts.tsv"
}

# What is still in flight: pending top-ups, reserved vouchers, first-login events not processed.
chaos_in_flight() {
  chaos_q "SELECT (SELECT count(*) FROM topups WHERE status = 'pending') || ' ' ||
                  (SELECT count(*) FROM vouchers WHERE status = 'reserved') || ' ' ||
                  (SELECT count(*) FROM outbox WHERE processed_at IS NULL)"
}

# Wait (at most $1 s) until nothing is in flight. Prints the seconds it took, or "never".
chaos_wait_settled() {
  local limit=$1 start=$EPOCHREALTIME state
  while :; do
    state=$(chaos_in_flight)
    if [[ $state == "0 0 0" ]]; then chaos_elapsed "$start"; return 0; fi
    if (($(chaos_ms_since "$start") >= limit * 1000)); then
      chaos_say "still in flight after $limit s (pending top-ups, reserved vouchers, unprocessed outbox rows): $state"
      echo never
      return 0
    fi
    sleep 1
  done
}

# Every invariant, by `bin/admin reconcile` (docs/OPERATIONS.md): vouchers, first logins and their enrolments, money
# to the cent against the bank's ledger, and what the clients were told (load/outcomes-*.tsv). The limited campaign is
# the newest, so every first login was offered to it first: its vouchers must be min(slots, first logins).
chaos_reconcile() {
  local json rc=0 file answers=()
  : >"$work/checks.tsv"
  : >"$work/counts.tsv"
  for file in "$work"/load/outcomes-*.tsv; do if [[ -f $file ]]; then answers+=(--answers "$file"); fi; done
  ((${#answers[@]})) || answers=(--answers /dev/null)   # no top-up seen by any client: a failed check
  json=$("$root/bin/admin" reconcile --json --grace 0s --first-come "$CHAOS_LIMITED_CAMPAIGN" "${answers[@]}" \
    2>>"$work/admin.log") || rc=$?
  if ! jq -e '.checks' <<<"$json" >/dev/null 2>&1; then
    printf 'bin/admin reconcile\tran\texit %s (see admin.log)\tFAIL\n' "$rc" >>"$work/checks.tsv"
    CHAOS_MISMATCHES=1
    return 0
  fi
  jq -r '.checks[] | [.check, .expected, .found, .result] | @tsv' <<<"$json" >>"$work/checks.tsv"
  jq -r '.figures[] | [.figure, .value] | @tsv' <<<"$json" >>"$work/counts.tsv"
  CHAOS_MISMATCHES=$(jq '.mismatches' <<<"$json")
}
