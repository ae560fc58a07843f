#!/usr/bin/env bash
# Legacy Fitbit webhook ingest: packages the server, starts it in the local profile (embedded PostgreSQL, a fresh data
# directory) and drives signed notifications to /webhooks/fitbit/ and a no-op endpoint side by side with the JVM
# load driver. Usage (from the repository root):
#   modules/bench/fitbit-ingest.sh [concurrency] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
concurrency=${1:-16}
seconds=${2:-20}
[ -n "${OHE_BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -pl modules/server,modules/bench -am package -DskipTests
data=$(mktemp -d)
port=${OHE_BENCH_PORT:-8089}
# Rate limits are off: the seed's 1000/min per provider would cap the run long before the server does.
java -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dohe.rate-limit.enabled=false \
  -Dohe.local-postgres.data-dir="$data/pg" -Dohe.vault.local-key-file="$data/vault.key" \
  -Dquarkus.log.level=WARN ${OHE_BENCH_JAVA_OPTS:-} -jar modules/server/target/quarkus-app/quarkus-run.jar > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 90); do curl -fs "http://localhost:$port/api/metrics/ready/" >/dev/null 2>&1 && break; sleep 1; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp modules/bench/target/classes org.openhealthexchange.bench.FitbitIngestBench \
  "http://localhost:$port" sandbox-secret "$concurrency" "$seconds"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
