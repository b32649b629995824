#!/usr/bin/env bash
# The table of a fuzz run from its libFuzzer logs (fuzz/run-all.sh writes them):
#   fuzz/summary.sh [LOG_DIR]      default fuzz/logs
# executions and exec/s from libFuzzer's final stats, coverage (edges, features) and corpus
# size from its last status line, crashes from the artifacts the run left.
set -euo pipefail
cd "$(dirname "$0")"
log_dir=${1:-logs}
echo "| target | executions | time | exec/s | coverage (edges) | features | corpus | peak RSS | crashes |"
echo "|---|---|---|---|---|---|---|---|---|"
for log in "$log_dir"/*.log; do
    target=$(basename "$log" .log)
    stat() { grep -o "stat::$1: *[0-9]*" "$log" | tail -n 1 | grep -o '[0-9]*$' || echo "?"; }
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    field() { echo "$last" | grep -o "$1: [0-9]*[a-zA-Z]*" | head -n 1 | cut -d' ' -f2; }
    execs=$(stat number_of_executed_units)
    [ "$execs" = "?" ] && execs="$(echo "$last" | grep -o '^#[0-9]*' | tr -d '#') (running)"
    seconds=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | cut -d' ' -f2 || true)
    [ -z "$seconds" ] && seconds="?"
    crashes=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
    echo "| $target | $execs | ${seconds} s | $(stat average_exec_per_sec) | $(field cov) | $(field ft) | $(field corp) | $(stat peak_rss_mb) MB | $crashes |"
done
