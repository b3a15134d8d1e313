# shellcheck shell=bash
# bin/bench: seeding over HTTP (the admin, a pool of users with access tokens, campaigns) and
# batches of concurrent curl requests with a progress bar. Sourced by bin/bench.

USERS_FILE=""      # "username<TAB>access_token" per line, read by the wrk scripts
USERS_ISSUED=0     # when the tokens in USERS_FILE were issued (epoch seconds)
ADMIN_READY=""

# progress_bar DONE TOTAL LABEL: redrawn in place on a terminal, printed once at the end otherwise.
progress_bar() {
  local done=$1 total=$2 label=$3 width=30 filled bar
  [[ -t 2 ]] || ((done >= total)) || return 0
  filled=$((total > 0 ? done * width / total : width))
  ((filled > width)) && filled=$width
  printf -v bar '%*s' "$filled" ''
  printf '\r  %s [%-*s] %d/%d' "$label" "$width" "${bar// /#}" "$done" "$total" >&2
  [[ -t 2 ]] || echo >&2
}

# Append one JSON POST to curl config file $1 (url, body, output file, optional bearer token).
# Each transfer writes "<status> <seconds>" to curl's stdout when it completes.
curl_post_entry() {
  local config=$1 url=$2 body=$3 output=$4 token=${5:-}
  [[ -s $config ]] && echo next >>"$config"
  {
    printf 'url = "%s"\n' "$url"
    printf 'header = "Content-Type: application/json"\n'
    [[ -z $token ]] || printf 'header = "Authorization: Bearer %s"\n' "$token"
    printf 'data = "%s"\n' "${body//\"/\\\"}"
    printf 'output = "%s"\n' "$output"
    printf 'write-out = "%%{http_code} %%{time_total}\\n"\n'
    printf 'max-time = 300\n'
  } >>"$config"
}

# run_curl_batch CONFIG PARALLEL TOTAL RESULTS LABEL: all transfers of CONFIG, PARALLEL at a time.
run_curl_batch() {
  local config=$1 parallel=$2 total=$3 results=$4 label=$5 pid
  : >"$results"
  curl --parallel --parallel-immediate --parallel-max "$parallel" -s -K "$config" >>"$results" 2>/dev/null &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    progress_bar "$(wc -l <"$results")" "$total" "$label"
    sleep 0.2
  done
  wait "$pid" || true   # non-zero when a transfer failed; the status lines tell which
  progress_bar "$(wc -l <"$results")" "$total" "$label"
  [[ -t 2 ]] && echo >&2
  return 0
}

register_body() { # USERNAME PHONE
  printf '{"fullname":"Bench User","email":"%s@example.com","username":"%s","phone":"%s","password":"%s","birthday":"1990-01-01"}' \
    "$1" "$1" "$2" "$PASSWORD"
}

login_body() { printf '{"account":"%s","password":"%s"}' "$1" "${2:-$PASSWORD}"; }

# Keep "username<TAB>access_token" of every 2xx answer in DIR/*.json.
collect_tokens() {
  local dir=$1
  find "$dir" -name '*.json' -size +0 -print0 \
    | xargs -0 -r jq -r 'select(.access_token != null) | [.user.username, .access_token] | @tsv' 2>/dev/null
}

# Register COUNT users (unique username, email, phone) and keep their tokens in USERS_FILE.
seed_users() {
  local count=$1 dir="$DATA/seed-users" i username got
  rm -rf "$dir"; mkdir -p "$dir"
  for ((i = 1; i <= count; i++)); do
    username="${RUN_TAG}p$i"
    curl_post_entry "$dir/curl.cfg" "$BASE_URL/auth/register" \
      "$(register_body "$username" "+84$((300000000 + RUN_BLOCK * 100000 + i))")" "$dir/$i.json"
  done
  say "seeding $count users over HTTP (POST /auth/register, $SEED_PARALLEL at a time)"
  run_curl_batch "$dir/curl.cfg" "$SEED_PARALLEL" "$count" "$dir/status" "registering"
  USERS_FILE="$DATA/users.tsv"
  collect_tokens "$dir" >"$USERS_FILE"
  USERS_ISSUED=$EPOCHSECONDS
  got=$(wc -l <"$USERS_FILE")
  ((got > 0)) || die "no user could be registered; answers: $(sort "$dir/status" | cut -d' ' -f1 | uniq -c | xargs)"
  ((got == count)) || say "warning: only $got of $count users registered"
}

# Log every pool user in again when their tokens are older than 10 minutes (they live 15 min
# on a system started with its defaults).
refresh_tokens_if_old() {
  local dir="$DATA/relogin" n=0 username
  ((EPOCHSECONDS - USERS_ISSUED > 600)) || return 0
  rm -rf "$dir"; mkdir -p "$dir"
  while IFS=$'\t' read -r username _; do
    n=$((n + 1))
    curl_post_entry "$dir/curl.cfg" "$BASE_URL/auth/login" "$(login_body "$username")" "$dir/$n.json"
  done <"$USERS_FILE"
  say "the seeded tokens are over 10 minutes old: logging the $n users in again"
  run_curl_batch "$dir/curl.cfg" "$SEED_PARALLEL" "$n" "$dir/status" "logging in"
  collect_tokens "$dir" >"$USERS_FILE.new"
  [[ -s $USERS_FILE.new ]] || die "could not log the seeded users in again"
  mv "$USERS_FILE.new" "$USERS_FILE"
  USERS_ISSUED=$EPOCHSECONDS
}

# The admin account, created with bin/admin against the same database (the password goes through stdin, never the
# command line); an account of that name left by an earlier run is promoted by name and keeps its password.
ensure_admin() {
  [[ -n $ADMIN_READY ]] && return 0
  say "creating the admin $ADMIN_USER with bin/admin create-admin"
  # shellcheck disable=SC2015 # promote only when the account exists; fail when either step fails
  if ! printf '%s\n' "$ADMIN_PASSWORD" | "$ROOT/bin/admin" create-admin --username "$ADMIN_USER" --password-stdin \
      >/dev/null 2>>"$OUT/admin.log"; then
    grep -q 'already exists' "$OUT/admin.log" \
      && "$ROOT/bin/admin" create-admin --promote-existing "$ADMIN_USER" >/dev/null 2>>"$OUT/admin.log" \
      || { cat "$OUT/admin.log" >&2; die "bin/admin create-admin failed"; }
  fi
  ADMIN_READY=1
}

# A fresh access token of the admin (call ensure_admin first).
admin_token() {
  local token
  token=$(curl -sS --max-time 60 -X POST "$BASE_URL/auth/login" -H 'Content-Type: application/json' \
    -d "$(login_body "$ADMIN_USER" "$ADMIN_PASSWORD")" | jq -r '.access_token // empty') || true
  [[ -n $token ]] || die "could not log in as $ADMIN_USER at $BASE_URL/auth/login" \
    "(an existing account keeps its password: set BENCH_ADMIN_PASSWORD)"
  echo "$token"
}

# api METHOD PATH [BODY] [TOKEN]: the response body; fails on a non-2xx answer.
api() {
  local method=$1 path=$2 body=${3:-} token=${4:-}
  local args=(-sS --fail-with-body --max-time 30 -X "$method")
  [[ -z $token ]] || args+=(-H "Authorization: Bearer $token")
  [[ -z $body ]] || args+=(-H 'Content-Type: application/json' -d "$body")
  curl "${args[@]}" "$BASE_URL$path"
}

# Enough active campaigns for GET /promotions/campaigns to list: they start in 30 days, so
# they enrol nobody during the run (first logins of other scenarios stay cheap).
seed_campaigns() {
  local want=$1 have token i start end
  have=$(api GET /promotions/campaigns | jq length)
  ((have < want)) || return 0
  ensure_admin
  token=$(admin_token)
  start=$(date -u -d '+30 days' +%FT%TZ)
  end=$(date -u -d '+60 days' +%FT%TZ)
  say "creating $((want - have)) campaigns (starting $start) for the campaigns list"
  for ((i = have + 1; i <= want; i++)); do
    api POST /promotions/campaigns "$(printf '{"name":"Bench campaign %d","description":"30%% off your first mobile top-up","startDate":"%s","endDate":"%s","maxParticipants":1000,"discountPercentage":30,"minTopupAmount":10000,"maxDiscountAmount":50000}' \
      "$i" "$start" "$end")" "$token" >/dev/null || die "could not create a campaign"
  done
}
