#!/usr/bin/env bash
# CallDoc → SQLHK benchmark: packages the server, starts it in the local profile (embedded PostgreSQL, CallDoc
# sandbox, SQLHK on H2, all in fresh directories) and times a full-day sync and single-patient syncs through the
# seed's task API. Usage (from the repository root):
#   modules/bench/calldoc-sync.sh [appointments-per-day] [single-patient-runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
per_day=${1:-1000}
runs=${2:-100}
port=${OHE_BENCH_PORT:-8089}
data=$(mktemp -d)
. modules/bench/server.sh
start_server -Dquarkus.datasource.sqlhk-h2.jdbc.url="jdbc:h2:file:$data/sqlhk;MODE=MSSQLServer" \
  -Dohe.provider.calldoc.base-url="http://localhost:$port/sandbox/calldoc"
java -cp modules/bench/target/classes org.openhealthexchange.bench.CallDocSyncBench \
  "http://localhost:$port" "$per_day" "$runs"
