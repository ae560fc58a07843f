#!/usr/bin/env bash
# Legacy Fitbit webhook ingest: packages the server, starts it in the local profile (embedded PostgreSQL, a fresh data
# directory) and drives signed notifications to /webhooks/fitbit/ and a no-op endpoint side by side with the JVM
# load driver. Usage (from the repository root):
#   modules/bench/fitbit-ingest.sh [concurrency] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
concurrency=${1:-16}
seconds=${2:-20}
port=${OHE_BENCH_PORT:-8089}
. modules/bench/server.sh
start_server
echo "load average before: $(load_average)"
java -cp modules/bench/target/classes org.openhealthexchange.bench.FitbitIngestBench \
  "http://localhost:$port" sandbox-secret "$concurrency" "$seconds"
echo "load average after: $(load_average)"
