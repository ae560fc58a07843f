# Sourced by the benchmark scripts: packages the server (unless OHE_BENCH_SKIP_BUILD is set) and starts it in the
# local profile (embedded PostgreSQL and the sandbox, fresh data directory, rate limits off, WARN logs) on $port,
# with any extra JVM options given as arguments and in OHE_BENCH_JAVA_OPTS; stops it and removes the data on exit.
# Uses $data as the data directory when the script set one (a fresh temporary one otherwise); sets $server (the PID).
start_server() {
  [ -n "${OHE_BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q -pl modules/server,modules/bench -am package -DskipTests
  data=${data:-$(mktemp -d)}
  # Rate limits are off: the seed's per-provider and per-IP limits would cap a run long before the server does.
  java -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dohe.rate-limit.enabled=false \
    -Dohe.local-postgres.data-dir="$data/pg" -Dohe.vault.local-key-file="$data/vault.key" \
    -Dquarkus.log.level=WARN "$@" ${OHE_BENCH_JAVA_OPTS:-} \
    -jar modules/server/target/quarkus-app/quarkus-run.jar > "$data/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
  for _ in $(seq 1 90); do curl -fs "http://localhost:$port/api/metrics/ready/" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "the server did not become ready; see $data/server.log" >&2
  return 1
}

load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}
