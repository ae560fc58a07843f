#!/usr/bin/env bash
# A year of Fitbit data for one user backfilled from the Google Health API simulator into a stock HAPI FHIR JPA server
# (modules/ehr-hapi: no placeholder targets, referential integrity on, PostgreSQL), beside the same backfill into the
# sandbox EHR in the same run (after it, on a fresh server). Needs PostgreSQL on 127.0.0.1:5432 (user postgres, no password; the database
# ohe_bench_hapi is dropped and created) and ports 8080/8090 free. Usage (from the repository root):
#   modules/bench/fitbit-year-backfill-hapi.sh [days]
set -euo pipefail
cd "$(dirname "$0")/../.."
days=${1:-365}
port=8080
hapi_port=${OHE_BENCH_HAPI_PORT:-8090}
for p in $port $hapi_port; do
  if curl -s -o /dev/null "http://localhost:$p/"; then echo "port $p is in use" >&2; exit 1; fi
done
[ -n "${OHE_BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -pl modules/ehr-hapi package -DskipTests
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ohe_bench_hapi" -c "CREATE DATABASE ohe_bench_hapi"
hapi_log=$(mktemp)
java -Xmx1g -jar modules/ehr-hapi/target/ohe-ehr-hapi-*-exec.jar --server.address=127.0.0.1 \
  --server.port="$hapi_port" --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/ohe_bench_hapi \
  --spring.datasource.username=postgres > "$hapi_log" 2>&1 &
hapi=$!
trap 'kill $hapi 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$hapi_port/fhir/metadata" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$hapi_port/fhir/metadata" >/dev/null || { echo "HAPI did not start; see $hapi_log" >&2; exit 1; }
. modules/bench/server.sh
start_server -Dohe.linking.backfill-days=1 -Dohe.sink.fhir.base-url="http://127.0.0.1:$hapi_port/fhir"
trap 'kill $server $hapi 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
echo "load average before: $(load_average)"
java -cp modules/bench/target/classes org.openhealthexchange.bench.FitbitYearBackfillBench \
  "http://localhost:$port" bench-year-hapi "$days" "http://127.0.0.1:$hapi_port/fhir"
echo "load average after: $(load_average)"
kill $server; wait $server 2>/dev/null || true
echo "--- baseline in the same run: the same backfill into the sandbox EHR"
OHE_BENCH_SKIP_BUILD=1 modules/bench/fitbit-year-backfill.sh "$days"
