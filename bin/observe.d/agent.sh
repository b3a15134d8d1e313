# shellcheck shell=bash
# CAKE_OTEL=observe: the agent settings for bin/observe's Prometheus and Zipkin. Sourced by cake_otel_setup
# (bin/lib.sh) in bin/server and bin/worker, just before they exec java (so $$ is the JVM's pid).
#
# Traces go to Zipkin; metrics are served for Prometheus on a port of this process's own (a port shared by two
# processes makes the second one's whole agent fail, traces included). The port is the first free one from
# CAKE_OBSERVE_AGENT_PORT (9464) up, unless OTEL_EXPORTER_PROMETHEUS_PORT is set. The process announces itself in
# $CAKE_OBSERVE_DIR/targets/<port>.json, which Prometheus reads (file_sd_configs); bin/observe removes the files
# of processes that have exited.
cake_observe_agent() {
  local service=$1 dir port lock file pid
  dir=${CAKE_OBSERVE_DIR:-$(cake_root)/target/observe}
  mkdir -p "$dir/targets"
  export OTEL_TRACES_EXPORTER=${OTEL_TRACES_EXPORTER:-zipkin} OTEL_METRICS_EXPORTER=${OTEL_METRICS_EXPORTER:-prometheus}
  export OTEL_LOGS_EXPORTER=${OTEL_LOGS_EXPORTER:-none}
  export OTEL_EXPORTER_ZIPKIN_ENDPOINT=${OTEL_EXPORTER_ZIPKIN_ENDPOINT:-http://127.0.0.1:${CAKE_ZIPKIN_PORT:-9411}/api/v2/spans}
  export OTEL_EXPORTER_PROMETHEUS_HOST=${OTEL_EXPORTER_PROMETHEUS_HOST:-127.0.0.1}
  exec {lock}>"$dir/targets.lock"
  flock "$lock"   # two processes starting together must not pick the same port
  if [[ -z ${OTEL_EXPORTER_PROMETHEUS_PORT:-} ]]; then
    for ((port = ${CAKE_OBSERVE_AGENT_PORT:-9464}; port < ${CAKE_OBSERVE_AGENT_PORT:-9464} + 100; port++)); do
      file="$dir/targets/$port.json"
      if [[ -f $file ]]; then
        pid=$(sed -n 's/.*"pid": *"\([0-9]*\)".*/\1/p' "$file")
        [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && continue   # claimed by a live process
      fi
      cake_tcp_open 127.0.0.1 "$port" && continue
      export OTEL_EXPORTER_PROMETHEUS_PORT=$port
      break
    done
    [[ -n ${OTEL_EXPORTER_PROMETHEUS_PORT:-} ]] || cake_die "no free agent metrics port from ${CAKE_OBSERVE_AGENT_PORT:-9464}"
  fi
  printf '[{"targets": ["%s:%s"], "labels": {"service": "%s", "pid": "%s"}}]\n' "$OTEL_EXPORTER_PROMETHEUS_HOST" \
    "$OTEL_EXPORTER_PROMETHEUS_PORT" "$service" "$$" >"$dir/targets/$OTEL_EXPORTER_PROMETHEUS_PORT.json"
  exec {lock}>&-
  cake_log "observe: $service metrics on :$OTEL_EXPORTER_PROMETHEUS_PORT for Prometheus, traces to $OTEL_EXPORTER_ZIPKIN_ENDPOINT"
}
