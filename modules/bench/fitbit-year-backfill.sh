#!/usr/bin/env bash
# A year of Fitbit data (minute heart rate and steps, daily weight/SpO2/HRV/sleep) for one user, backfilled from the
# Google Health API simulator into the sandbox EHR. Packages the server, starts it in the local profile (embedded
# PostgreSQL in a fresh directory) on port 8080 (the local profile's sandbox URLs), links one user, times the
# backfill. Usage (from the repository root):
#   modules/bench/fitbit-year-backfill.sh [days]
set -euo pipefail
cd "$(dirname "$0")/../.."
days=${1:-365}
[ -n "${OHE_BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -pl modules/server,modules/bench -am package -DskipTests
data=$(mktemp -d)
port=8080
if curl -s -o /dev/null "http://localhost:$port/"; then echo "port $port is in use" >&2; exit 1; fi
# The link's own backfill is kept to one day so the timed backfill starts from an empty EHR.
java -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dohe.rate-limit.enabled=false \
  -Dohe.local-postgres.data-dir="$data/pg" -Dohe.vault.local-key-file="$data/vault.key" \
  -Dohe.linking.backfill-days=1 \
  -Dquarkus.log.level=WARN ${OHE_BENCH_JAVA_OPTS:-} -jar modules/server/target/quarkus-app/quarkus-run.jar > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 90); do curl -fs "http://localhost:$port/api/metrics/ready/" >/dev/null 2>&1 && break; sleep 1; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp modules/bench/target/classes org.openhealthexchange.bench.FitbitYearBackfillBench \
  "http://localhost:$port" bench-year-1 "$days"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
