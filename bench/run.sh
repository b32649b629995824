#!/usr/bin/env bash
# polgen whole-process benchmarks against Parliament. Writes bench/results/*.json (hyperfine)
# and regenerates bench/README.md. See bench/README.md for what is measured.
#
#   bench/run.sh                    # build, then measure polgen (small policy + 1,644 managed policies)
#   bench/run.sh --with-parliament  # also re-measure Parliament (slow: ~2 runs x 1-2 min)
#   bench/run.sh --with-divan       # also run the in-process benchmarks (cargo bench -p polgen_bench)
#   bench/run.sh --no-build         # reuse target/release/polgen as is
#
# Needs: hyperfine (apt-get install -y hyperfine), cargo, python3; for --with-parliament:
# pip install parliament==1.6.4. The corpus must be at ../shared/corpus relative to the repo
# root (override with POLGEN_CORPUS=/path/to/corpus).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="$BENCH/results"
CORPUS="${POLGEN_CORPUS:-$ROOT/../shared/corpus}"
MANAGED="$CORPUS/aws-managed"
# The "small policy" (267 bytes, one statement, 5 wildcard actions): the editor / pre-commit case.
SMALL="${POLGEN_SMALL_POLICY:-$MANAGED/AmazonS3ReadOnlyAccess.json}"
POLGEN="$ROOT/target/release/polgen"

with_parliament=0 with_divan=0 build=1
for arg in "$@"; do
  case "$arg" in
    --with-parliament) with_parliament=1 ;;
    --with-divan) with_divan=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "error: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "error: $*" >&2; exit 2; }

[[ -d "$MANAGED" ]] || die "benchmark corpus not found: expected $MANAGED
  (the shared corpus lives at ../shared/corpus relative to the repository root; set POLGEN_CORPUS to override)"
[[ -f "$SMALL" ]] || die "small benchmark policy not found: $SMALL (set POLGEN_SMALL_POLICY)"
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install -y hyperfine)"
n_managed=$(find "$MANAGED" -maxdepth 1 -name '*.json' -type f | wc -l)

cd "$ROOT"
if (( build )); then
  echo "== cargo build --release -p polgen"
  cargo build --release -p polgen
fi
[[ -x "$POLGEN" ]] || die "$POLGEN not found: build it with cargo build --release -p polgen"

# Sanity: polgen must lint (exit 0 = clean, 1 = findings), not fail (2 = usage / I/O error),
# and must really lint every managed policy.
check() {
  local rc=0
  "$@" >/tmp/polgen-bench-check.json 2>/tmp/polgen-bench-check.err || rc=$?
  (( rc <= 1 )) || { cat /tmp/polgen-bench-check.err >&2; die "'$*' exited with $rc"; }
}
check "$POLGEN" lint --no-config --format json "$SMALL"
check "$POLGEN" lint --no-config --format json "$MANAGED"

mkdir -p "$RESULTS"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== a) one small policy (includes process start and catalog loading)"
hyperfine -N -i --warmup 5 --runs 50 \
  --export-json "$RESULTS/polgen-small.json" \
  -n "polgen lint (1 small policy)" \
  "$POLGEN lint --no-config --format json $SMALL"

echo "== b) $n_managed AWS managed policies, one process"
hyperfine -N -i --warmup 2 --runs 10 \
  --export-json "$RESULTS/polgen-aws-managed.json" \
  -n "polgen lint ($n_managed managed policies)" \
  "$POLGEN lint --no-config --format json $MANAGED"

# The floor: the same run with every rule category switched off (discovery, reading, JSON
# parsing, the policy model and the report, no rule): no linter of these files can be faster
# than its own parser.
categories=$("$POLGEN" rules | awk 'NR > 1 { print $2 }' | sort -u | paste -sd, -)
echo "== d) the same $n_managed policies with every rule off ($categories): the parse floor"
hyperfine -N -i --warmup 2 --runs 10 \
  --export-json "$RESULTS/polgen-aws-managed-no-rules.json" \
  -n "polgen lint ($n_managed managed policies, no rule)" \
  "$POLGEN lint --no-config --format json --ignore $categories $MANAGED"

if (( with_parliament )); then
  python3 -c "import parliament" 2>/dev/null || die "parliament not importable (pip install parliament==1.6.4)"
  echo "== c) Parliament on the same $n_managed files (slow)"
  # Not `parliament --directory`: Parliament 1.6.4's CLI has no per-file error handling and
  # dies on the first policy whose condition type it does not know ("Unknown data format:
  # ArrayOfARN", 2 managed policies), after about 730 of the 1,644 files, with exit code 1
  # (the same code as "has findings"). bench/parliament_corpus.py makes the same
  # analyze_policy_string call per file in one process and survives those 2 crashes.
  hyperfine --warmup 0 --runs 2 \
    --export-json "$RESULTS/parliament-aws-managed.json" \
    -n "parliament 1.6.4 (bench/parliament_corpus.py, $n_managed managed policies)" \
    "python3 $BENCH/parliament_corpus.py $MANAGED"
fi

if (( with_divan )); then
  echo "== in-process benchmarks (divan)"
  POLGEN_CORPUS="$CORPUS" cargo bench -p polgen_bench 2>&1 | tee "$RESULTS/divan.txt"
fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$BENCH/report.py" --load "$load_before -> $load_after" --files "$n_managed" \
  --small "$SMALL" --polgen "$POLGEN"
echo "== wrote $BENCH/README.md and $RESULTS/"
