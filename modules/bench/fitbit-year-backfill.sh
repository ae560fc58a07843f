#!/usr/bin/env bash
# A year of Fitbit data (minute heart rate and steps, daily weight/SpO2/HRV/sleep) for one user, backfilled from the
# Google Health API simulator into the sandbox EHR. Packages the server, starts it in the local profile (embedded
# PostgreSQL in a fresh directory) on port 8080 (the local profile's sandbox URLs), links one user, times the
# backfill. Usage (from the repository root):
#   modules/bench/fitbit-year-backfill.sh [days]
set -euo pipefail
cd "$(dirname "$0")/../.."
days=${1:-365}
port=8080
if curl -s -o /dev/null "http://localhost:$port/"; then echo "port $port is in use" >&2; exit 1; fi
. modules/bench/server.sh
# The link's own backfill is kept to one day so the timed backfill starts from an empty EHR.
start_server -Dohe.linking.backfill-days=1
echo "load average before: $(load_average)"
java -cp modules/bench/target/classes org.openhealthexchange.bench.FitbitYearBackfillBench \
  "http://localhost:$port" bench-year-1 "$days"
echo "load average after: $(load_average)"
