#!/usr/bin/env bash
# One image, every role: api | worker | migrate | admin <subcommand...>
# Attaches the OpenTelemetry agent when OTEL_EXPORTER_OTLP_ENDPOINT is set (or CAKE_OTEL=console, or CAKE_OTEL=observe:
# metrics for Prometheus on :9464 of this container, traces to the zipkin service).
set -euo pipefail
opts=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)   # CAKE_JVM_FLAGS of bin/lib.sh (why: there)
if [[ -n ${OTEL_EXPORTER_OTLP_ENDPOINT:-} || ${CAKE_OTEL:-} == console || ${CAKE_OTEL:-} == observe ]]; then
  opts+=(-javaagent:/app/otel/opentelemetry-javaagent.jar)
  if [[ ${CAKE_OTEL:-} == console ]]; then
    export OTEL_TRACES_EXPORTER=${OTEL_TRACES_EXPORTER:-logging} OTEL_METRICS_EXPORTER=${OTEL_METRICS_EXPORTER:-logging}
    export OTEL_LOGS_EXPORTER=${OTEL_LOGS_EXPORTER:-none}
  elif [[ ${CAKE_OTEL:-} == observe ]]; then
    export OTEL_TRACES_EXPORTER=${OTEL_TRACES_EXPORTER:-zipkin} OTEL_METRICS_EXPORTER=${OTEL_METRICS_EXPORTER:-prometheus}
    export OTEL_LOGS_EXPORTER=${OTEL_LOGS_EXPORTER:-none} OTEL_EXPORTER_PROMETHEUS_PORT=${OTEL_EXPORTER_PROMETHEUS_PORT:-9464}
    export OTEL_EXPORTER_ZIPKIN_ENDPOINT=${OTEL_EXPORTER_ZIPKIN_ENDPOINT:-http://zipkin:9411/api/v2/spans}
  fi
fi
role=${1:-api}
shift || true
case $role in
  api)     exec java "${opts[@]}" ${JAVA_OPTS:-} -jar /app/http/cake-http.jar "$@" ;;
  worker)  exec java "${opts[@]}" ${JAVA_OPTS:-} -jar /app/workers/cake-workers.jar "$@" ;;
  migrate) exec java "${opts[@]}" ${JAVA_OPTS:-} -cp /app/workers/cake-workers.jar dev.cake.workers.OpsMain migrate "$@" ;;
  admin)   exec java "${opts[@]}" ${JAVA_OPTS:-} -cp /app/workers/cake-workers.jar dev.cake.workers.OpsMain "$@" ;;
  *) echo "usage: api | worker | migrate | admin <subcommand> (got '$role')" >&2; exit 2 ;;
esac
