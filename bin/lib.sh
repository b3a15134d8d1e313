# shellcheck shell=bash
# Shared helpers for the Cake System scripts in bin/ and .ci/run. Source it, don't run it:
#   source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
# Provides: cake_root, cake_load_env, cake_find_java, cake_build_if_stale, service checks, nginx rendering.

CAKE_MIN_JAVA=25
CAKE_JVM_DIR=${CAKE_JVM_DIR:-/usr/lib/jvm}   # where to look for JDKs when JAVA_HOME won't do
CAKE_HTTP_JAR=http/target/cake-http.jar
CAKE_WORKERS_JAR=workers/target/cake-workers.jar
# The JVM flags of every Cake process (bin/server, bin/worker, bin/admin, bin/migrate, the bench's load generator):
# --sun-misc-unsafe-memory-access=allow: logstash-logback-encoder 8.1 shades LMAX Disruptor 3.4 (our async log
#   appender), whose RingBufferFields calls sun.misc.Unsafe::arrayBaseOffset; from JDK 24 the first call prints four
#   WARNING lines on stderr (JEP 498). "allow" is the JDK's documented switch for exactly this: JDK 23's behaviour, no
#   warning. Drop it when the encoder ships Disruptor 4, which uses VarHandles instead of Unsafe.
# --enable-native-access=ALL-UNNAMED: bcrypt through libcrypt uses the FFM API (java -jar also reads it from the
#   manifest; -cp runs need the flag).
# shellcheck disable=SC2034 # read by the scripts that source this file
CAKE_JVM_FLAGS="--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"

cake_die() { echo "error: $*" >&2; exit 1; }
cake_log() { echo "$*" >&2; }

# Repository root: the parent of the directory holding this file (symlinks resolved).
cake_root() { dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"; }

# Load <root>/.env: KEY=VALUE lines, '#' comments and blank lines ignored, an optional
# leading 'export ', optional matching quotes around the value, no $-expansion.
# A variable already set in the environment wins over the file.
cake_load_env() {
  local file line key value
  file="$(cake_root)/.env"
  [[ -f $file ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=(.*)$ ]] || continue
    key=${BASH_REMATCH[2]}
    value=${BASH_REMATCH[3]}
    value=${value#"${value%%[![:space:]]*}"}          # trim leading blanks
    if [[ $value =~ ^\"(.*)\"[[:space:]]*$ || $value =~ ^\'(.*)\'[[:space:]]*$ ]]; then
      value=${BASH_REMATCH[1]}
    else
      value=${value%%[[:space:]]#*}                   # 'VALUE  # comment'
      value=${value%"${value##*[![:space:]]}"}        # trim trailing blanks
    fi
    [[ -n ${!key+set} ]] || export "$key=$value"
  done <"$file"
}

# Print "<major> <full version>" of the java binary $1, e.g. "25 25.0.3", "26 26-ea", "8 1.8.0_292".
cake_java_version() {
  local out
  out=$("$1" -version 2>&1) || return 1
  [[ $out =~ version\ \"(([0-9]+)(\.([0-9]+))?[^\"]*)\" ]] || return 1
  if [[ ${BASH_REMATCH[2]} == 1 && -n ${BASH_REMATCH[4]} ]]; then
    echo "${BASH_REMATCH[4]} ${BASH_REMATCH[1]}"
  else
    echo "${BASH_REMATCH[2]} ${BASH_REMATCH[1]}"
  fi
}

# Pick a JDK >= 25 ($JAVA_HOME first, else the newest in $CAKE_JVM_DIR); export JAVA_HOME, PATH.
cake_find_java() {
  local java major full="" best found
  if [[ -n ${JAVA_HOME:-} ]]; then
    if read -r major full < <(cake_java_version "$JAVA_HOME/bin/java") && ((major >= CAKE_MIN_JAVA)); then
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
    cake_log "note: JAVA_HOME=$JAVA_HOME is ${full:+Java }${full:-not a usable JDK}${full:+ (too old)}; looking in $CAKE_JVM_DIR"
  fi
  best=$(for java in "$CAKE_JVM_DIR"/*/bin/java; do
      read -r major full < <(cake_java_version "$java") || continue
      if ((major >= CAKE_MIN_JAVA)); then printf '%s %s\n' "$full" "$java"; fi
    done | sort -V | tail -n1)
  best=${best#* }
  if [[ -z $best ]]; then
    found=$(cd "$CAKE_JVM_DIR" 2>/dev/null && echo *) || true
    cake_log "Cake System needs a JDK >= $CAKE_MIN_JAVA; found: ${found:-nothing in $CAKE_JVM_DIR};" \
      "install Temurin $CAKE_MIN_JAVA or set JAVA_HOME"
    exit 1
  fi
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$best")")")
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}

# Rebuild both jars with Maven when one is missing or older than any pom.xml or */src/main file.
# Skipped when CAKE_SKIP_BUILD=1 (bin/dev sets it for its children after building once).
cake_build_if_stale() {
  local root oldest jar
  [[ ${CAKE_SKIP_BUILD:-0} == 1 ]] && return 0
  root=$(cake_root)
  oldest=""
  for jar in "$root/$CAKE_HTTP_JAR" "$root/$CAKE_WORKERS_JAR"; do
    if [[ ! -f $jar ]]; then oldest=""; break; fi
    if [[ -z $oldest || $jar -ot $oldest ]]; then oldest=$jar; fi
  done
  if [[ -n $oldest ]] && [[ -z $(find "$root"/pom.xml "$root"/*/pom.xml "$root"/*/src/main \
      -newer "$oldest" -print -quit 2>/dev/null) ]]; then
    return 0
  fi
  cake_log "building Cake System (sources changed)…"
  # Build output goes to stderr so stdout stays clean for callers like `id=$(bin/admin ...)`.
  (cd "$root" && mvn -B -q -DskipTests package >&2) || cake_die "the build failed (see above)"
  # Maven leaves an up-to-date jar untouched; touch both so a no-op change doesn't rebuild forever.
  touch -c "$root/$CAKE_HTTP_JAR" "$root/$CAKE_WORKERS_JAR"
}

# Print "HOST PORT" from a URL like scheme://user:pass@host:port/db?x (defaults for missing parts).
cake_url_host_port() {
  local url=$1 host=$2 port=$3 hp
  hp=${url#*://}; hp=${hp%%[/?]*}; hp=${hp##*@}; hp=${hp%%,*}
  if [[ $hp =~ ^\[([^]]+)\](:([0-9]+))?$ ]]; then             # [::1]:5432
    host=${BASH_REMATCH[1]}; port=${BASH_REMATCH[3]:-$port}
  elif [[ $hp =~ ^([^:]*)(:([0-9]+))?$ ]]; then
    host=${BASH_REMATCH[1]:-$host}; port=${BASH_REMATCH[3]:-$port}
  fi
  echo "$host $port"
}

# URL (postgresql://[user[:password]@]host...) with its user replaced by ROLE and no password: how the local scripts
# run the API and the worker under their database roles (docs/SECURITY.md, "Database roles"). Local PostgreSQL uses
# trust authentication; production gives each process its own URL with a password, from a file (DATABASE_URL_FILE).
# Usage: cake_db_url_as ROLE URL
cake_db_url_as() {
  local role=$1 url=$2 scheme rest
  scheme=${url%%://*}
  rest=${url#*://}
  if [[ ${rest%%/*} == *@* ]]; then rest=${rest#*@}; fi
  echo "$scheme://$role@$rest"
}

# True when something accepts TCP connections on HOST PORT (2 s timeout). HOST and PORT come from URLs in the
# environment: they are passed to the inner shell as arguments, never spliced into its script.
# shellcheck disable=SC2016 # $1 and $2 expand in the inner shell
cake_tcp_open() { timeout 2 bash -c ': <"/dev/tcp/$1/$2"' cake_tcp_open "$1" "$2" 2>/dev/null; }

# Check PostgreSQL and Redis at the given URLs; print what is down and how to start it.
cake_check_services() {
  local host port down=0
  read -r host port < <(cake_url_host_port "$1" 127.0.0.1 5432)
  if ! cake_tcp_open "$host" "$port"; then
    cake_log "PostgreSQL is not reachable at $host:$port. Start it with:"
    cake_log "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"
    down=1
  fi
  read -r host port < <(cake_url_host_port "$2" 127.0.0.1 6379)
  if ! cake_tcp_open "$host" "$port"; then
    cake_log "Redis is not reachable at $host:$port. Start it with:"
    cake_log "  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
    down=1
  fi
  if ((down)); then
    cake_log "(not installed? apt-get update && apt-get install -y postgresql redis-server)"
    return 1
  fi
}

# Newest PostgreSQL major version with a config under /etc/postgresql, e.g. "15".
cake_pg_version() {
  local dirs=(/etc/postgresql/*/)
  dirs=("${dirs[@]%/}")
  printf '%s\n' "${dirs[@]##*/}" | sort -V | tail -n1
}

cake_start_postgres() {
  pg_ctlcluster --skip-systemctl-redirect "$(cake_pg_version)" main start
}

cake_start_redis() {
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

# Attaches the OpenTelemetry Java agent (fetched by the build into target/otel/) when tracing is asked for:
# OTEL_EXPORTER_OTLP_ENDPOINT set (export over OTLP), or CAKE_OTEL=console (print spans and metrics to the process
# output), or CAKE_OTEL=observe (metrics for bin/observe's Prometheus, traces to its Zipkin: bin/observe.d/agent.sh).
# Otherwise nothing: the code's OpenTelemetry API calls are then no-ops.
# Usage: cake_otel_setup SERVICE_NAME; then use $CAKE_OTEL_OPTS on the java command line.
cake_otel_setup() {
  local service=$1 agent
  export CAKE_OTEL_OPTS=""
  if [[ -z ${OTEL_EXPORTER_OTLP_ENDPOINT:-} && ${CAKE_OTEL:-} != console && ${CAKE_OTEL:-} != observe ]]; then
    return 0
  fi
  agent="$(cake_root)/target/otel/opentelemetry-javaagent.jar"
  [[ -f $agent ]] || cake_die "tracing asked for, but $agent is missing (run: mvn -B -q -DskipTests package)"
  export OTEL_SERVICE_NAME=${OTEL_SERVICE_NAME:-$service}
  if [[ ${CAKE_OTEL:-} == console ]]; then
    export OTEL_TRACES_EXPORTER=${OTEL_TRACES_EXPORTER:-console} OTEL_METRICS_EXPORTER=${OTEL_METRICS_EXPORTER:-console}
    export OTEL_LOGS_EXPORTER=${OTEL_LOGS_EXPORTER:-none} OTEL_METRIC_EXPORT_INTERVAL=${OTEL_METRIC_EXPORT_INTERVAL:-10000}
  elif [[ ${CAKE_OTEL:-} == observe ]]; then
    # shellcheck source=observe.d/agent.sh
    source "$(cake_root)/bin/observe.d/agent.sh" && cake_observe_agent "$service"
  fi
  CAKE_OTEL_OPTS="-javaagent:$agent" # read by bin/server and bin/worker
  export CAKE_OTEL_OPTS
}

# A JDK AOT cache (JEP 483/514) of the classes a process loads and links at start: with it the API is ready in
# about 0.9 s instead of 2 s. The first run after a build records it (the JVM writes it at exit, a few seconds
# more); runs while the cache is missing or older than the jar go without it. One process records at a time
# (flock on a lock file whose descriptor the JVM inherits); the others start normally. Off with CAKE_AOT=off,
# and while the OpenTelemetry agent is attached (it changes which classes load).
# Usage: cake_aot_setup NAME JAR; then use $CAKE_AOT_OPTS on the java command line (before exec: fd 9 is taken).
# shellcheck disable=SC2034 # CAKE_AOT_OPTS is read by bin/server
cake_aot_setup() {
  local name=$1 jar=$2 dir cache
  CAKE_AOT_OPTS=""
  [[ ${CAKE_AOT:-on} != off && -z ${CAKE_OTEL_OPTS:-} ]] || return 0
  dir="$(cake_root)/target/aot"
  cache="$dir/$name.aot"
  if [[ -f $cache && $cache -nt $jar ]]; then
    CAKE_AOT_OPTS="-XX:AOTCache=$cache"
    return 0
  fi
  mkdir -p "$dir" 2>/dev/null || return 0
  exec 9>"$dir/$name.lock" || return 0
  if flock -n 9; then
    rm -f "$cache"
    CAKE_AOT_OPTS="-XX:AOTCacheOutput=$cache -Xlog:aot=error,cds=error"
    cake_log "no AOT cache for this build yet: this run records $cache when it stops (CAKE_AOT=off to skip)"
  else
    exec 9>&-
  fi
}

# Export nginx's tuning variables from compose/nginx/tuning.env (the values docker compose uses); a variable already
# set in the environment wins. cake_render_nginx calls it; call it first to build CAKE_UPSTREAM_SERVERS with
# max_conns=$CAKE_UPSTREAM_MAX_CONNS.
cake_nginx_tuning() {
  local line key
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^([A-Z][A-Z0-9_]*)=(.*)$ ]] || continue
    key=${BASH_REMATCH[1]}
    [[ -n ${!key:-} ]] || export "$key=${BASH_REMATCH[2]}"
  done <"$(cake_root)/compose/nginx/tuning.env"
}

# nginx for Cake System on a bare machine, rendered from the templates docker compose uses
# (compose/nginx/nginx.conf.template for the main context, cake.conf.template for http, and the files it includes)
# into DIR: nginx.conf, cake.conf, cake-*.conf and tmp/. The caller exports CAKE_LISTEN, CAKE_ACCESS_LOG and
# CAKE_UPSTREAM_SERVERS; the tuning comes from cake_nginx_tuning. CAKE_TLS=on (default off: plain HTTP) also needs
# CAKE_TLS_LISTEN, CAKE_TLS_PUBLIC_PORT, CAKE_TLS_CERT and CAKE_TLS_KEY (compose/nginx/cake-edge-on.conf.template).
# Then: nginx -p DIR -c DIR/nginx.conf (pid and error log in DIR).
# Usage: cake_render_nginx DIR
cake_render_nginx() {
  local dir=$1 nginx_dir vars template name
  nginx_dir="$(cake_root)/compose/nginx"
  cake_nginx_tuning
  export CAKE_NGINX_PID="$dir/nginx.pid" CAKE_NGINX_ERROR_LOG="$dir/error.log" CAKE_NGINX_TEMP_DIR="$dir/tmp" \
    CAKE_NGINX_CONF_D="$dir" CAKE_TLS=${CAKE_TLS:-off}
  : "${CAKE_LISTEN:?}" "${CAKE_ACCESS_LOG:?}" "${CAKE_UPSTREAM_SERVERS:?}"
  if [[ $CAKE_TLS == on ]]; then
    : "${CAKE_TLS_LISTEN:?}" "${CAKE_TLS_PUBLIC_PORT:?}" "${CAKE_TLS_CERT:?}" "${CAKE_TLS_KEY:?}"
  fi
  mkdir -p "$dir/tmp"
  # Only the templates' own ${CAKE_*} variables are replaced; nginx's $variables stay.
  # shellcheck disable=SC2016 # a literal ${ in the pattern
  vars=$(grep -ho '\${CAKE_[A-Z0-9_]*}' "$nginx_dir"/*.template | sort -u | xargs)
  for template in "$nginx_dir"/*.template; do
    name=$(basename "$template" .template)
    envsubst "$vars" <"$template" >"$dir/$name"
  done
}

# --- the processes a script starts ------------------------------------------------------------------------------
# One registry per script: a name for each process it starts, stopped the last started first.
#   cake_start NAME OUTPUT COMMAND...  COMMAND in the background, stdin from /dev/null; stdout and stderr appended to
#                                      the file OUTPUT, or with OUTPUT "+PREFIX" written to stdout with each line
#                                      prefixed (the prefixer ignores Ctrl-C so the shutdown lines get through).
#                                      A name started again (after cake_kill) keeps its place in the order.
#   cake_pid NAME                      its pid (empty when not running under this script)
#   cake_alive NAME                    true while it runs
#   cake_wait_http URL LIMIT_S [NAME...]  true once URL answers 2xx; false after LIMIT_S or as soon as a named
#                                      process has exited
#   cake_stop NAME [GRACE_S]           SIGTERM, SIGKILL after GRACE_S (20), then reap it
#   cake_kill NAME                     SIGKILL and reap (a crash, for the chaos run)
#   cake_stop_all [GRACE_S]            cake_stop every process, the last started first: call it from an EXIT trap
declare -gA CAKE_PIDS=()
CAKE_PROC_ORDER=()

cake_start() {
  local name=$1 output=$2 n
  shift 2
  if [[ $output == +* ]]; then
    "$@" </dev/null > >(trap '' INT; exec sed -u "s/^/${output#+} /") 2>&1 &
  else
    "$@" </dev/null >>"$output" 2>&1 &
  fi
  CAKE_PIDS[$name]=$!
  for n in "${CAKE_PROC_ORDER[@]}"; do [[ $n == "$name" ]] && return 0; done
  CAKE_PROC_ORDER+=("$name")
}

cake_pid() { echo "${CAKE_PIDS[$1]:-}"; }

cake_alive() { [[ -n ${CAKE_PIDS[$1]:-} ]] && kill -0 "${CAKE_PIDS[$1]}" 2>/dev/null; }

cake_wait_http() {
  local url=$1 limit=$2 deadline name
  shift 2
  deadline=$((SECONDS + limit))
  while :; do
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    for name in "$@"; do cake_alive "$name" || return 1; done
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

cake_stop() {
  local name=$1 grace=${2:-20} pid i
  pid=${CAKE_PIDS[$name]:-}
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      cake_log "warning: $name (pid $pid) did not stop within $grace s of SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  unset "CAKE_PIDS[$name]"
}

cake_kill() {
  local pid=${CAKE_PIDS[$1]:-}
  [[ -n $pid ]] || return 0
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "CAKE_PIDS[$1]"
}

cake_stop_all() {
  local grace=${1:-20} i
  for ((i = ${#CAKE_PROC_ORDER[@]} - 1; i >= 0; i--)); do
    cake_stop "${CAKE_PROC_ORDER[i]}" "$grace"
  done
}

# cake_ensure_commands CMD:PACKAGE...: installs with apt-get (as root) the Debian packages of the commands that are
# missing, or stops with the command to run.
cake_ensure_commands() {
  local pair missing=()
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}"); done
  ((${#missing[@]})) || return 0
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    cake_die "missing: ${missing[*]} (install them: apt-get install -y ${missing[*]})"
  fi
  cake_log "installing ${missing[*]} with apt-get…"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; }; } \
    || cake_die "could not install ${missing[*]} (apt-get update && apt-get install -y ${missing[*]})"
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || cake_die "apt-get ran but ${pair%%:*} is still not on PATH"
  done
}
