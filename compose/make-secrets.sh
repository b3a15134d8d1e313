#!/usr/bin/env bash
# Writes the credentials docker compose mounts under /run/secrets (compose/secrets/, git-ignored).
# Existing files are kept, so running it again never changes a password PostgreSQL already has.
# Usage: compose/make-secrets.sh            (then: docker compose -f compose/docker-compose.yml up -d)
set -euo pipefail
dir="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/secrets"
umask 077
mkdir -p "$dir"
chmod 700 "$dir"
write() {   # name value: only when missing; 0644 because the app runs as uid 10001 inside its container
  if [[ ! -s $dir/$1 ]]; then
    printf '%s\n' "$2" >"$dir/$1"
    chmod 644 "$dir/$1"
    echo "wrote compose/secrets/$1"
  fi
}
random() { openssl rand -hex "$1"; }
write postgres_password "$(random 24)"
write jwt_secret "$(openssl rand -base64 48 | tr -d '\n')"
owner_password=$(tr -d '\n' <"$dir/postgres_password")
write database_url "postgresql://cake:$owner_password@postgres:5432/cake"
write db_api_password "$(random 24)"
write db_worker_password "$(random 24)"
write database_url_api "postgresql://cake_api:$(tr -d '\n' <"$dir/db_api_password")@postgres:5432/cake"
write database_url_worker "postgresql://cake_worker:$(tr -d '\n' <"$dir/db_worker_password")@postgres:5432/cake"
# A self-signed certificate for local runs (browsers warn); put a real one in place of these two files, or point
# TLS_CERT_FILE and TLS_KEY_FILE in compose/.env at it.
if [[ ! -s $dir/tls_cert.pem || ! -s $dir/tls_key.pem ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=${TLS_HOST:-localhost}" \
    -addext "subjectAltName=DNS:${TLS_HOST:-localhost},IP:127.0.0.1" \
    -keyout "$dir/tls_key.pem" -out "$dir/tls_cert.pem" 2>/dev/null
  chmod 644 "$dir/tls_cert.pem"
  chmod 600 "$dir/tls_key.pem"   # read by nginx's master process (root) only
  echo "wrote compose/secrets/tls_cert.pem and tls_key.pem (self-signed for ${TLS_HOST:-localhost})"
fi
