#!/usr/bin/env bash
# Webhook ingest benchmark: packages the server, starts it in the local profile (embedded PostgreSQL, a fresh data
# directory) and drives /webhooks/withings/ and a no-op endpoint side by side. Usage (from the repository root):
#   modules/bench/webhook-ingest.sh [concurrency] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
concurrency=${1:-32}
seconds=${2:-20}
[ -n "${OHE_BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -pl modules/server,modules/bench -am package -DskipTests
data=$(mktemp -d)
# Rate limits are off: the seed's 1000/min per provider would cap the run long before the server does.
java -Dquarkus.profile=local -Dquarkus.http.port=8089 -Dohe.rate-limit.enabled=false \
  -Dohe.local-postgres.data-dir="$data/pg" -Dohe.vault.local-key-file="$data/vault.key" \
  -Dquarkus.log.level=WARN ${OHE_BENCH_JAVA_OPTS:-} -jar modules/server/target/quarkus-app/quarkus-run.jar > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -fs http://localhost:8089/api/metrics/ready/ >/dev/null 2>&1 && break; sleep 1; done
if command -v wrk >/dev/null 2>&1; then
  # wrk (Debian package "wrk") costs the 2 cores far less than a JVM load driver.
  wrk -t2 -c"$concurrency" -d5s http://localhost:8089/api/metrics/live/ >/dev/null      # warm-up
  wrk -t2 -c"$concurrency" -d5s -s modules/bench/withings-notify.lua \
    "http://localhost:8089/webhooks/withings/?token=local-sandbox-callback-token" >/dev/null
  echo "== no-op (POST /sandbox/noop, the same notification bodies)"
  wrk -t2 -c"$concurrency" -d"${seconds}s" --latency -s modules/bench/withings-notify.lua \
    http://localhost:8089/sandbox/noop
  echo "== webhook ingest (POST /webhooks/withings/, distinct notifications)"
  wrk -t2 -c"$concurrency" -d"${seconds}s" --latency -s modules/bench/withings-notify.lua \
    "http://localhost:8089/webhooks/withings/?token=local-sandbox-callback-token"
else
  java -cp modules/bench/target/classes org.openhealthexchange.bench.WebhookIngestBench \
    http://localhost:8089 local-sandbox-callback-token "$concurrency" "$seconds"
fi
