#!/usr/bin/env bash
# Webhook ingest benchmark: packages the server, starts it in the local profile (embedded PostgreSQL, a fresh data
# directory) and drives /webhooks/withings/ and a no-op endpoint side by side. Usage (from the repository root):
#   modules/bench/webhook-ingest.sh [concurrency] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
concurrency=${1:-32}
seconds=${2:-20}
port=${OHE_BENCH_PORT:-8089}
. modules/bench/server.sh
start_server
if command -v wrk >/dev/null 2>&1; then
  # wrk (Debian package "wrk") costs the 2 cores far less than a JVM load driver.
  wrk -t2 -c"$concurrency" -d5s http://localhost:$port/api/metrics/live/ >/dev/null      # warm-up
  wrk -t2 -c"$concurrency" -d5s -s modules/bench/withings-notify.lua \
    "http://localhost:$port/webhooks/withings/?token=local-sandbox-callback-token" >/dev/null
  echo "== no-op (POST /sandbox/noop, the same notification bodies)"
  wrk -t2 -c"$concurrency" -d"${seconds}s" --latency -s modules/bench/withings-notify.lua \
    http://localhost:$port/sandbox/noop
  echo "== webhook ingest (POST /webhooks/withings/, distinct notifications)"
  wrk -t2 -c"$concurrency" -d"${seconds}s" --latency -s modules/bench/withings-notify.lua \
    "http://localhost:$port/webhooks/withings/?token=local-sandbox-callback-token"
else
  java -cp modules/bench/target/classes org.openhealthexchange.bench.WebhookIngestBench \
    http://localhost:$port local-sandbox-callback-token "$concurrency" "$seconds"
fi
