# shellcheck shell=bash
# bin/bench: the data the scenarios need. Users come from `bin/admin seed-users` (straight into the database, all
# sharing one bcrypt hash of the bench password, with a progress bar), which also writes the pool's access tokens;
# the admin from `bin/admin create-admin`; campaigns over HTTP. Sourced by bin/bench.

USERS_FILE=""      # "username<TAB>access_token" per line, read by the wrk scripts
USERS_COUNT=0      # how many users the pool has
USERS_ISSUED=0     # when the tokens in USERS_FILE were issued (epoch seconds)
ADMIN_READY=""

# seed_accounts COUNT PREFIX [--tokens FILE]: accounts PREFIX1 … PREFIXCOUNT with the bench password (existing ones
# are skipped). bin/admin runs with the system's configuration (DATABASE_URL, JWT_SECRET, CAKE_ACCESS_TOKEN_TTL), so
# its tokens are the system's. Its progress bar goes to the console, its output to admin.log.
seed_accounts() {
  local count=$1 prefix=$2
  shift 2
  printf '%s\n' "$PASSWORD" \
    | "$ROOT/bin/admin" seed-users --count "$count" --prefix "$prefix" --password-stdin "$@" >>"$OUT/admin.log" \
    || die "bin/admin seed-users failed (see above and $OUT/admin.log)"
}

# The pool: COUNT users and their access tokens in USERS_FILE.
seed_users() {
  USERS_COUNT=$1 USERS_FILE="$DATA/users.tsv"
  say "seeding $USERS_COUNT users with bin/admin seed-users"
  seed_accounts "$USERS_COUNT" "${RUN_TAG}p" --tokens "$USERS_FILE"
  USERS_ISSUED=$EPOCHSECONDS
}

# New tokens for the pool when theirs are over 10 minutes old (they live 15 min on a system started with its
# defaults): seed-users again, which creates nothing and logs nobody in.
refresh_tokens_if_old() {
  ((EPOCHSECONDS - USERS_ISSUED > 600)) || return 0
  say "the pool's tokens are over 10 minutes old: issuing new ones"
  seed_users "$USERS_COUNT"
}

login_body() { printf '{"account":"%s","password":"%s"}' "$1" "${2:-$PASSWORD}"; }

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
