# shellcheck shell=bash
# shellcheck disable=SC2154 # $root, $work and the settings are globals of bin/chaos
# bin/chaos: one simulated client, run in the background by bin/chaos (several at once). Each pass is a new user:
#   register -> first login -> refresh -> read vouchers -> top-up with a voucher (sometimes a second top-up without
#   one, sometimes an attempt to spend the used voucher again). Requests alternate between the API processes.
#   Every request that may have had an effect is retried until it has a final answer or the give-up deadline, and a
#   top-up is always retried with the same Idempotency-Key.
# Files written (per client, tab-separated):
#   requests-C.tsv  one line per request: epoch_ms client kind port class http_code duration_ms
#                   class: 2xx, 4xx, 5xx, connect (refused), timeout (no answer within CHAOS_REQUEST_TIMEOUT s),
#                   dropped (the connection closed before an answer: a killed process)
#   outcomes-C.tsv  one line per top-up: epoch_ms username idempotency_key what final transaction_id final_amount
#                   what: voucher | plain | respend; final: 200, 402, another 4xx, or gaveup
# Expects: $CHAOS_STOP_FILE (the load stops starting new users once it exists), $CHAOS_API_PORTS,
# $CHAOS_REQUEST_TIMEOUT, $CHAOS_GIVE_UP (seconds per step), $CHAOS_GRACE (seconds allowed after the stop),
# $CHAOS_LIMITED_CAMPAIGN, chaos_now_ms.

# One request. Sets R_CODE (HTTP status, 000 without one), R_CLASS and R_BODY.
# chaos_req KIND METHOD PATH [BODY] [TOKEN] [IDEMPOTENCY_KEY]
chaos_req() {
  local kind=$1 method=$2 path=$3 body=${4:-} token=${5:-} key=${6:-} port rc start out
  port=${CHAOS_API_PORTS[$((C_NEXT++ % ${#CHAOS_API_PORTS[@]}))]}
  local args=(-sS -o "$C_BODY" -w '%{http_code}' --max-time "$CHAOS_REQUEST_TIMEOUT" --connect-timeout 2
    -X "$method" "http://127.0.0.1:$port$path")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n $key ]] && args+=(-H "Idempotency-Key: $key")
  start=$EPOCHREALTIME
  : >"$C_BODY"
  rc=0
  out=$(curl "${args[@]}" 2>/dev/null) || rc=$?
  R_CODE=${out:-000}
  R_BODY=$(<"$C_BODY")
  case $rc in
    0) R_CLASS=${R_CODE:0:1}xx ;;
    7) R_CLASS=connect ;;
    28) R_CLASS=timeout ;;
    *) R_CLASS=dropped ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(chaos_now_ms)" "$C_ID" "$kind" "$port" "$R_CLASS" "$R_CODE" \
    "$(chaos_ms_since "$start")" >>"$C_REQUESTS"
}

# True while a step may keep retrying: before its own deadline and before the end of the grace after the stop.
chaos_may_retry() {
  local now
  now=$(chaos_now_ms)
  ((now < $1)) || return 1
  if [[ -e $CHAOS_STOP_FILE ]]; then
    ((C_STOP_AT)) || C_STOP_AT=$((now + CHAOS_GRACE * 1000))
    ((now < C_STOP_AT)) || return 1
  fi
  return 0
}

# A transient answer: worth retrying the same request.
chaos_transient() { [[ $R_CLASS == 5xx || $R_CLASS == connect || $R_CLASS == timeout || $R_CLASS == dropped ]]; }

chaos_deadline() { echo $(($(chaos_now_ms) + CHAOS_GIVE_UP * 1000)); }

# A top-up retried with one Idempotency-Key until a final answer. chaos_topup WHAT TOKEN AMOUNT [VOUCHER]
chaos_topup() {
  local what=$1 token=$2 amount=$3 voucher=${4:-} key body deadline final=gaveup txid="" paid=""
  key="chaos-$C_USER-$what-$RANDOM$RANDOM"
  body="{\"phoneNumber\":\"0912345678\",\"amount\":$amount${voucher:+,\"voucherCode\":\"$voucher\"}}"
  deadline=$(chaos_deadline)
  while chaos_may_retry "$deadline"; do
    chaos_req "topup-$what" POST /promotions/topup "$body" "$token" "$key"
    if [[ $R_CODE == 200 ]]; then
      final=200
      read -r txid paid < <(jq -r '"\(.transactionId) \(.finalAmount)"' <<<"$R_BODY" 2>/dev/null) || true
      break
    elif [[ $R_CODE == 409 && $R_BODY == *"still in progress"* ]] || chaos_transient; then
      sleep 0.5   # pending (409 / 503 "Payment is pending"), or an outage: same key again
    else
      final=$R_CODE  # 402 declined, 409 voucher used, 422 ...: a final answer
      break
    fi
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(chaos_now_ms)" "$C_USER" "$key" "$what" "$final" "$txid" "$paid" \
    >>"$C_OUTCOMES"
  [[ $final == 200 ]]
}

chaos_user() {
  local n=$1 user password body deadline access="" refresh="" vouchers code="" amount
  user=$(printf 'chaos%02d_%05d' "$C_ID" "$n")
  C_USER=$user
  password="pw-$user"
  body=$(printf '{"fullname":"Chaos %s","email":"%s@chaos.test","username":"%s","phone":"091%02d%05d","password":"%s","birthday":"1990-01-01"}' \
    "$user" "$user" "$user" "$C_ID" "$n" "$password")

  deadline=$(chaos_deadline)   # register; a 409 after a lost answer means the first attempt went through
  while chaos_may_retry "$deadline"; do
    chaos_req register POST /auth/register "$body"
    [[ $R_CODE == 201 || $R_CODE == 409 ]] && break
    chaos_transient || return 0
    sleep 0.3
  done
  [[ $R_CODE == 201 || $R_CODE == 409 ]] || return 0

  deadline=$(chaos_deadline)   # the first login
  while chaos_may_retry "$deadline"; do
    chaos_req login POST /auth/login "{\"account\":\"$user\",\"password\":\"$password\"}"
    [[ $R_CODE == 200 ]] && break
    chaos_transient || return 0
    sleep 0.3
  done
  [[ $R_CODE == 200 ]] || return 0
  read -r access refresh < <(jq -r '"\(.access_token) \(.refresh_token)"' <<<"$R_BODY")

  # refresh once: a lost answer spent the token, so a retry would be refused as reuse (and revoke the family)
  chaos_req refresh POST /auth/refresh "{\"refresh_token\":\"$refresh\"}"
  if [[ $R_CODE == 200 ]]; then
    access=$(jq -r .access_token <<<"$R_BODY")
  fi

  # vouchers arrive asynchronously (the worker handles the first-login event): poll a little
  deadline=$(($(chaos_now_ms) + CHAOS_VOUCHER_WAIT * 1000))
  while chaos_may_retry "$deadline"; do
    chaos_req vouchers GET /promotions/my-vouchers "" "$access"
    if [[ $R_CODE == 200 ]]; then
      vouchers=$R_BODY
      # the limited campaign's voucher when there is one, else any usable one
      code=$(jq -r --arg c "$CHAOS_LIMITED_CAMPAIGN" \
        '([.[] | select(.isValid and .campaignId == $c)] + [.[] | select(.isValid)]) | .[0].code // ""' \
        <<<"$vouchers" 2>/dev/null) || code=""
      [[ -n $code ]] && break
    fi
    sleep 0.5
  done

  amount=$((50 + RANDOM % 450)).$((RANDOM % 10))$((RANDOM % 10))
  if [[ -n $code ]]; then
    if chaos_topup voucher "$access" "$amount" "$code" && ((RANDOM % 4 == 0)); then
      chaos_topup respend "$access" "$amount" "$code" || true   # must be refused: the voucher is used
    fi
  fi
  if [[ -z $code ]] || ((RANDOM % 2 == 0)); then
    chaos_topup plain "$access" "$((10 + RANDOM % 90)).$((RANDOM % 100))" || true
  fi
}

# chaos_client ID: users one after another until the stop file exists.
chaos_client() {
  C_ID=$1 C_NEXT=$1 C_STOP_AT=0 C_USER=""
  C_BODY="$work/load/body-$C_ID"
  C_REQUESTS="$work/load/requests-$C_ID.tsv"
  C_OUTCOMES="$work/load/outcomes-$C_ID.tsv"
  : >"$C_REQUESTS"
  : >"$C_OUTCOMES"
  local n=0
  while [[ ! -e $CHAOS_STOP_FILE ]]; do
    n=$((n + 1))
    chaos_user "$n" || true
  done
}
