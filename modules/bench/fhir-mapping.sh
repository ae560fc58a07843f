#!/usr/bin/env bash
# FHIR mapping throughput: a year of minute heart rate for one user (Fitbit, hour and day windows) through
# FhirMapper.mapAll → transaction Bundles → JSON, against plain HAPI serialisation of the same Observations.
# In-process, no server. Usage (from the repository root; arguments go to FhirMappingBench):
#   modules/bench/fhir-mapping.sh [warmup=5] [rounds=10] [batch=100] [values=integer|tenths]
#     [windows=both|hour|day]
# OHE_BENCH_JAVA_OPTS adds JVM options (e.g. a JFR recording); the heap is fixed at 1 GiB.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -n "${OHE_BENCH_SKIP_BUILD:-}" ] || ./mvnw -B -q ${OHE_BENCH_MAVEN_OPTS:-} -pl modules/core,modules/bench -am \
  -P bench-jar package -DskipTests
jar=$(ls modules/bench/target/ohe-bench-*-all.jar)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xms1g -Xmx1g ${OHE_BENCH_JAVA_OPTS:-} -cp "$jar" org.openhealthexchange.bench.FhirMappingBench "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
