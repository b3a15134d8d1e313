#!/bin/sh
# Patroni's post_bootstrap: the application's role and database, once, on the first primary.
set -eu
psql -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE cake LOGIN PASSWORD '${CAKE_DB_PASSWORD:?}'" \
  -c "CREATE DATABASE cake OWNER cake"
