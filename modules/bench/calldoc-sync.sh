#!/usr/bin/env bash
# CallDoc → SQLHK benchmark: packages the server, starts it in the local profile (embedded PostgreSQL, CallDoc
# sandbox, SQLHK on H2, all in fresh directories) and times a full-day sync and single-patient syncs through the
# seed's task API. Usage (from the repository root):
#   modules/bench/calldoc-sync.sh [appointments-per-day] [single-patient-runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
per_day=${1:-1000}
runs=${2:-100}
[ -n "${OHE_BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -pl modules/server,modules/bench -am package -DskipTests
data=$(mktemp -d)
port=${OHE_BENCH_PORT:-8089}
java -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dohe.rate-limit.enabled=false \
  -Dohe.local-postgres.data-dir="$data/pg" -Dohe.vault.local-key-file="$data/vault.key" \
  -Dquarkus.datasource.sqlhk-h2.jdbc.url="jdbc:h2:file:$data/sqlhk;MODE=MSSQLServer" \
  -Dohe.provider.calldoc.base-url="http://localhost:$port/sandbox/calldoc" \
  -Dquarkus.log.level=WARN ${OHE_BENCH_JAVA_OPTS:-} -jar modules/server/target/quarkus-app/quarkus-run.jar > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 90); do curl -fs "http://localhost:$port/api/metrics/ready/" >/dev/null 2>&1 && break; sleep 1; done
java -cp modules/bench/target/classes org.openhealthexchange.bench.CallDocSyncBench \
  "http://localhost:$port" "$per_day" "$runs"
