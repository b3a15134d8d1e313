# shellcheck shell=bash
# shellcheck disable=SC2154 # $root, $work and the settings are globals of bin/chaos
# bin/chaos: waiting for the system to settle after the load, then reconciling from PostgreSQL. Sourced by bin/chaos.
# Every check appends "name<TAB>expected<TAB>found<TAB>PASS|FAIL" to $work/checks.tsv and every figure
# "name<TAB>value" to $work/counts.tsv; CHAOS_MISMATCHES counts the failed checks.
# Expects: $CHAOS_DB, $CHAOS_SLOTS, $CHAOS_LIMITED_CAMPAIGN, $CHAOS_OPEN_CAMPAIGN, $work, chaos_say.

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

# The client's view: every top-up answered 200 is succeeded with the transaction id and amount the client was
# told; every 402 is failed; a used voucher was never accepted a second time.
chaos_reconcile_answers() {
  local values
  values=$(cat "$work"/load/outcomes-*.tsv | awk -F'\t' '
    { printf "%s(%s,%s,%s,%s,%s,%s)", (NR > 1 ? ",\n" : ""), q($2), q($3), q($4), q($5), q($6), ($7 == "" ? "NULL::numeric" : $7) }
    function q(s) { gsub(/'\''/, "'\'''\''", s); return "'\''" s "'\''" }')
  if [[ -z $values ]]; then
    chaos_check "client answers: top-ups seen by the clients" "> 0" 0
    return 0
  fi
  local row
  row=$(psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$CHAOS_DB" 2>&1 <<SQL || true
WITH answer(username, key, what, final, txid, paid) AS (VALUES
$values
), joined AS (
  SELECT a.*, t.status, t.transaction_id, t.final_amount
  FROM answer a
  LEFT JOIN users u ON lower(u.username) = lower(a.username)
  LEFT JOIN topups t ON t.user_id = u.id AND t.idempotency_key = a.key
)
SELECT count(*) FILTER (WHERE final = '200'),
       count(*) FILTER (WHERE final = '200' AND (status IS DISTINCT FROM 'succeeded'
                        OR transaction_id IS DISTINCT FROM txid OR final_amount IS DISTINCT FROM paid)),
       count(*) FILTER (WHERE final = '402'),
       count(*) FILTER (WHERE final = '402' AND status IS DISTINCT FROM 'failed'),
       count(*) FILTER (WHERE what = 'respend' AND final = '200'),
       count(*) FILTER (WHERE what = 'respend'),
       count(*) FILTER (WHERE final = 'gaveup'),
       count(*)
FROM joined;
SQL
)
  local ok200 bad200 n402 bad402 respent respends gaveup total
  if ! read -r ok200 bad200 n402 bad402 respent respends gaveup total <<<"$row" || [[ ! $total =~ ^[0-9]+$ ]]; then
    chaos_check "client answers: query" ok "error: ${row%%$'\n'*}"
    return 0
  fi
  chaos_count "top-ups answered (final answer seen by a client)" "$((total - gaveup)) of $total"
  chaos_count "top-ups the client gave up on (no final answer before its deadline)" "$gaveup"
  chaos_count "attempts to spend a used voucher again" "$respends"
  chaos_check "top-ups answered 200 not succeeded with that transaction and amount (of $ok200)" 0 "$bad200"
  chaos_check "top-ups answered 402 not failed (of $n402)" 0 "$bad402"
  chaos_check "used vouchers accepted again (of $respends attempts)" 0 "$respent"
}

chaos_reconcile() {
  local L=$CHAOS_LIMITED_CAMPAIGN O=$CHAOS_OPEN_CAMPAIGN first vouchers expected
  : >"$work/checks.tsv"
  : >"$work/counts.tsv"

  # --- accounts and first logins
  chaos_count "users registered" "$(chaos_q "SELECT count(*) FROM users WHERE role = 'user'")"
  first=$(chaos_q "SELECT count(*) FROM users WHERE role = 'user' AND latest_login IS NOT NULL")
  chaos_count "users with a first login" "$first"
  chaos_count "admins who ever logged in (must be 0: not counted)" \
    "$(chaos_q "SELECT count(*) FROM users WHERE role = 'admin' AND latest_login IS NOT NULL")"

  # --- vouchers of the limited campaign: min(N, first logins), one per user
  vouchers=$(chaos_q "SELECT count(*) FROM vouchers WHERE campaign_id = $L")
  expected=$first
  [[ $first =~ ^[0-9]+$ ]] && ((first > CHAOS_SLOTS)) && expected=$CHAOS_SLOTS
  chaos_check "vouchers of the $CHAOS_SLOTS-slot campaign = min(N, first logins)" "$expected" "$vouchers"
  chaos_check "enrolments of the $CHAOS_SLOTS-slot campaign = its vouchers" "$vouchers" \
    "$(chaos_q "SELECT count(*) FROM user_promotions WHERE campaign_id = $L")"
  chaos_check "its participant counter = its vouchers" "$vouchers" \
    "$(chaos_q "SELECT current_participants FROM campaigns WHERE id = $L")"
  chaos_check "its participation orders are 1..n without gaps" "$vouchers" \
    "$(chaos_q "SELECT coalesce(max(participation_order), 0) FROM user_promotions WHERE campaign_id = $L")"
  chaos_check "users holding two vouchers of one campaign" 0 \
    "$(chaos_q "SELECT count(*) FROM (SELECT 1 FROM vouchers GROUP BY campaign_id, user_id HAVING count(*) > 1) x")"
  chaos_check "vouchers of users who never logged in" 0 \
    "$(chaos_q "SELECT count(*) FROM vouchers v JOIN users u ON u.id = v.user_id WHERE u.latest_login IS NULL")"
  chaos_check "vouchers of the open campaign = first logins - the limited campaign's" \
    "$([[ $first =~ ^[0-9]+$ && $vouchers =~ ^[0-9]+$ ]] && echo $((first - vouchers)) || echo "?")" \
    "$(chaos_q "SELECT count(*) FROM vouchers WHERE campaign_id = $O")"
  chaos_check "users taking part in two campaigns (one per user)" 0 \
    "$(chaos_q "SELECT count(*) FROM (SELECT 1 FROM user_promotions GROUP BY user_id HAVING count(*) > 1) x")"

  # --- first logins and their events
  chaos_check "first logins without their outbox event" 0 \
    "$(chaos_q "SELECT count(*) FROM users u WHERE u.role = 'user' AND u.latest_login IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM outbox o WHERE o.topic = 'user.first-login' AND (o.payload->>'userId')::bigint = u.id)")"
  chaos_check "first-login events not processed" 0 \
    "$(chaos_q "SELECT count(*) FROM outbox WHERE topic = 'user.first-login' AND processed_at IS NULL")"
  chaos_check "first logins enrolled in no campaign" 0 \
    "$(chaos_q "SELECT count(*) FROM users u WHERE u.role = 'user' AND u.latest_login IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM user_promotions p WHERE p.user_id = u.id)")"
  if [[ $vouchers =~ ^[0-9]+$ ]] && ((vouchers < CHAOS_SLOTS)); then
    chaos_check "first logins not enrolled while slots remained ($vouchers of $CHAOS_SLOTS used)" 0 \
      "$(chaos_q "SELECT count(*) FROM users u WHERE u.role = 'user' AND u.latest_login IS NOT NULL AND NOT EXISTS
                  (SELECT 1 FROM user_promotions p WHERE p.user_id = u.id AND p.campaign_id = $L)")"
  else  # every slot taken (checked above): the others logged in when it was full, or their event came after
    chaos_count "first logins not enrolled in the $CHAOS_SLOTS-slot campaign (it was full)" \
      "$(chaos_q "SELECT count(*) FROM users u WHERE u.role = 'user' AND u.latest_login IS NOT NULL AND NOT EXISTS
                  (SELECT 1 FROM user_promotions p WHERE p.user_id = u.id AND p.campaign_id = $L)")"
  fi

  # --- vouchers spent at most once
  chaos_check "vouchers with more than one succeeded top-up" 0 \
    "$(chaos_q "SELECT count(*) FROM (SELECT 1 FROM topups WHERE status = 'succeeded' AND voucher_id IS NOT NULL
                GROUP BY voucher_id HAVING count(*) > 1) x")"
  chaos_check "vouchers whose status 'used' disagrees with their succeeded top-ups" 0 \
    "$(chaos_q "SELECT count(*) FROM vouchers v WHERE (v.status = 'used') <>
                ((SELECT count(*) FROM topups t WHERE t.voucher_id = v.id AND t.status = 'succeeded') = 1)")"
  chaos_check "vouchers still reserved" 0 "$(chaos_q "SELECT count(*) FROM vouchers WHERE status = 'reserved'")"

  # --- money: our top-ups against the bank's ledger
  chaos_check "top-ups still pending" 0 "$(chaos_q "SELECT count(*) FROM topups WHERE status = 'pending'")"
  chaos_check "succeeded top-ups without exactly one approved transfer of their final amount" 0 \
    "$(chaos_q "SELECT count(*) FROM topups t LEFT JOIN bank.transfers b ON b.transaction_id = t.transaction_id
                WHERE t.status = 'succeeded'
                  AND (b.transaction_id IS NULL OR b.status <> 'approved' OR b.amount IS DISTINCT FROM t.final_amount)")"
  chaos_check "approved transfers without a succeeded top-up" 0 \
    "$(chaos_q "SELECT count(*) FROM bank.transfers b LEFT JOIN topups t ON t.transaction_id = b.transaction_id
                WHERE b.status = 'approved' AND (t.id IS NULL OR t.status <> 'succeeded')")"
  chaos_check "money: sum of succeeded top-ups = sum of approved transfers" \
    "$(chaos_q "SELECT coalesce(sum(final_amount), 0) FROM topups WHERE status = 'succeeded'")" \
    "$(chaos_q "SELECT coalesce(sum(amount), 0) FROM bank.transfers WHERE status = 'approved'")"
  chaos_reconcile_answers

  chaos_count "vouchers issued (limited / open campaign)" "$vouchers / $(chaos_q "SELECT count(*) FROM vouchers WHERE campaign_id = $O")"
  chaos_count "vouchers used" "$(chaos_q "SELECT count(*) FROM vouchers WHERE status = 'used'")"
  chaos_count "top-ups succeeded / failed / pending" \
    "$(chaos_q "SELECT count(*) FILTER (WHERE status = 'succeeded') || ' / ' || count(*) FILTER (WHERE status = 'failed')
                || ' / ' || count(*) FILTER (WHERE status = 'pending') FROM topups")"
  chaos_count "top-ups failed by the recovery job (not completed)" \
    "$(chaos_q "SELECT count(*) FROM topups WHERE failure_reason LIKE '%settled by recovery%'")"
  chaos_count "top-ups that took over 5 s to finish (settled late)" \
    "$(chaos_q "SELECT count(*) FROM topups WHERE status <> 'pending' AND updated_at > created_at + interval '5 seconds'")"
  chaos_count "bank transfers approved / declined" \
    "$(chaos_q "SELECT count(*) FILTER (WHERE status = 'approved') || ' / ' || count(*) FILTER (WHERE status <> 'approved')
                FROM bank.transfers")"
  chaos_count "first login -> voucher, p50 / p99 / max (s)" \
    "$(chaos_q "SELECT coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lag)::numeric, 2), 0) || ' / ' ||
                       coalesce(round(percentile_cont(0.99) WITHIN GROUP (ORDER BY lag)::numeric, 2), 0) || ' / ' ||
                       coalesce(round(max(lag)::numeric, 2), 0)
                FROM (SELECT extract(epoch FROM v.issued_at - u.latest_login) AS lag
                      FROM vouchers v JOIN users u ON u.id = v.user_id) x")"
  chaos_count "money charged (succeeded top-ups)" \
    "$(chaos_q "SELECT coalesce(sum(final_amount), 0) FROM topups WHERE status = 'succeeded'")"
  chaos_count "money saved by vouchers" \
    "$(chaos_q "SELECT coalesce(sum(discount_amount), 0) FROM topups WHERE status = 'succeeded'")"
}
