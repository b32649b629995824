#!/usr/bin/env bash
# Whole-process timings of `polgen suggest` on generated CloudTrail logs (S3 layout, gzip), beside
# the in-process read bound (gunzip + borrowed parse only, same files, same threads).
#
#   bench/trail/run.sh [--no-build] [--with-duckdb] [--files N] [--events-per-file N]
#
# Data: bench/trail/gen.py (seeded) into $POLGEN_TRAIL_BENCH (default /tmp/polgen-trail-bench);
# regenerated only when absent. Nothing generated is committed. Needs GNU time (/usr/bin/time).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${POLGEN_TRAIL_BENCH:-/tmp/polgen-trail-bench}"
CORPUS="${POLGEN_CORPUS:-$ROOT/../shared/corpus}/cloudtrail"
build=1 duckdb=0 files=300 per_file=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --with-duckdb) duckdb=1 ;;
    --files) files="$2"; shift ;;
    --events-per-file) per_file="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  esac
  shift
done
if [ "$build" = 1 ]; then
  cargo build --release -p polgen --bin polgen --manifest-path "$ROOT/Cargo.toml"
  cargo build --release -p polgen_trail --example read_bound --manifest-path "$ROOT/Cargo.toml"
fi
if [ ! -d "$DATA/AWSLogs" ]; then
  python3 "$ROOT/bench/trail/gen.py" "$DATA" --files "$files" --events-per-file "$per_file"
fi
POLGEN="$ROOT/target/release/polgen"
BOUND="$ROOT/target/release/examples/read_bound"
echo "data: $(find "$DATA" -name '*.json.gz' | wc -l) files, $(du -sh "$DATA" | cut -f1) gzip; nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"
measure() {
  local label="$1"; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@" >/dev/null 2>/tmp/polgen-trail-bench.err || true
  grep -F -e "  read " -e "$label:" /tmp/polgen-trail-bench.err || tail -n 3 /tmp/polgen-trail-bench.err
}
for run in 1 2 3; do
  echo "--- run $run"
  /usr/bin/time -f "read_bound: %e s wall, %U s user, %S s sys, %M KB peak RSS" "$BOUND" "$DATA"
  measure "suggest --role (one role of 200)" "$POLGEN" suggest --role arn:aws:iam::111122223333:role/role-7 --cloudtrail "$DATA"
  measure "suggest (every caller merged)" "$POLGEN" suggest --cloudtrail "$DATA"
done
if [ "$duckdb" = 1 ]; then
  echo "--- DuckDB (pip install duckdb), the same aggregation, 2 threads"
  /usr/bin/time -f "duckdb: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
    python3 "$ROOT/bench/trail/duckdb_usage.py" "$DATA" arn:aws:iam::111122223333:role/role-7 2
fi
if [ -d "$CORPUS" ]; then
  echo "--- the shared corpus (../shared/corpus/cloudtrail)"
  measure "suggest corpus" "$POLGEN" suggest --cloudtrail "$CORPUS"
fi
