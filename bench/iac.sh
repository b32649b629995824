#!/usr/bin/env bash
# Whole-process timings of `polgen lint` on the infrastructure-as-code corpora, optionally
# side by side with cfn-lint. Results are recorded by hand in bench/iac.md.
#
#   bench/iac.sh                  # polgen on ../shared/corpus/{cloudformation,terraform}, 5 runs each
#   bench/iac.sh --with-cfn-lint  # also cfn-lint (pip install cfn-lint) on the same 455 templates, 1 run
#
# Needs target/release/polgen (cargo build --release -p polgen) and GNU time (/usr/bin/time).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${POLGEN_CORPUS:-$ROOT/../shared/corpus}"
POLGEN="$ROOT/target/release/polgen"
RUNS="${RUNS:-5}"
TIMES="$(mktemp)"
trap 'rm -f "$TIMES"' EXIT

measure() { # name, command...
  local name="$1"; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    local t
    # polgen exits 1 when it has findings: not a failure here.
    /usr/bin/time -o "$TIMES" -f "%e %U %S" "$@" >/dev/null 2>&1 || true
    t=$(tail -1 "$TIMES")
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | awk -v name="$name" -v runs="$RUNS" \
    '{w+=$1; c+=$2+$3; if (min=="" || $1<min) min=$1} END {printf "%s: mean %.2f s wall, min %.2f s, %.2f s CPU (user+sys), %d runs\n", name, w/NR, min, c/NR, runs}'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "polgen cloudformation (455 templates)" "$POLGEN" lint --no-config --format json "$CORPUS/cloudformation"
measure "polgen terraform (191 .tf, 31 plans, 35 templates)" "$POLGEN" lint --no-config --format json "$CORPUS/terraform"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "${1:-}" == "--with-cfn-lint" ]]; then
  cd "$CORPUS/cloudformation"
  mapfile -t files < <(find . -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) -print0 \
    | xargs -0 grep -l -E 'AWSTemplateFormatVersion|AWS::')
  RUNS=1 measure "cfn-lint $(cfn-lint --version | cut -d' ' -f2) (${#files[@]} templates)" cfn-lint --format parseable "${files[@]}"
fi
