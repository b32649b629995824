#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) until it has done RUNS executions or SECONDS
# seconds, whichever comes first, JOBS targets at a time, under `nice -n 19` so builds keep
# priority. Logs go to LOG_DIR/TARGET.log; a crash stops its target and leaves the input in
# artifacts/TARGET/. Then fuzz/summary.sh LOG_DIR prints the table for README.md.
#   fuzz/run-all.sh [TARGET...]
#   RUNS=10000000 SECONDS_PER_TARGET=1800 JOBS=2 LOG_DIR=fuzz/logs   (the defaults)
# A short smoke run: RUNS=100000 SECONDS_PER_TARGET=60 fuzz/run-all.sh
set -euo pipefail
cd "$(dirname "$0")"
runs=${RUNS:-10000000}
seconds=${SECONDS_PER_TARGET:-1800}
jobs=${JOBS:-2}
log_dir=${LOG_DIR:-logs}
mkdir -p "$log_dir"

all=(json_policy cfn_template terraform_hcl terraform_plan vault_policy cloudtrail_records
    config_toml usage_csv lint_file)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

dict_of() {
    case $1 in
        json_policy | terraform_plan) echo dict/json.dict ;;
        cfn_template) echo dict/yaml.dict ;;
        terraform_hcl) echo dict/hcl.dict ;;
        vault_policy) echo dict/vault.dict ;;
        cloudtrail_records) echo dict/cloudtrail.dict ;;
        config_toml) echo dict/toml.dict ;;
        usage_csv) echo dict/csv.dict ;;
        # Every front-end's tokens: the first byte of the input picks the front-end.
        lint_file) cat dict/json.dict dict/yaml.dict dict/hcl.dict dict/vault.dict > dict/.lint_file.dict
            echo dict/.lint_file.dict ;;
    esac
}

# Safe Rust: no sanitizer (ASan finds nothing `forbid(unsafe_code)` allows and costs 2-3x
# speed); debug assertions on, so integer overflow panics instead of wrapping.
build=(cargo +nightly fuzz build --sanitizer none --debug-assertions)
if [ -e /tmp/polgen-cargo.lock ]; then
    flock /tmp/polgen-cargo.lock "${build[@]}"
else
    "${build[@]}"
fi
[ -d corpus ] || ./seed.sh
# The runs use a copy of the binaries: a rebuild while they run does not touch them.
bin=$log_dir/bin
mkdir -p "$bin"
for target in "${all[@]}"; do
    cp target/x86_64-unknown-linux-gnu/release/"$target" "$bin/"
done
git -C .. rev-parse --short HEAD > "$log_dir/commit"

run_one() {
    local target=$1
    mkdir -p "corpus/$target" "artifacts/$target"
    nice -n 19 "$bin/$target" "corpus/$target" \
        -dict="$(dict_of "$target")" -runs="$runs" -max_total_time="$seconds" \
        -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" > "$log_dir/$target.log" 2>&1 || true
    echo "$target finished: $(tail -n 1 "$log_dir/$target.log")"
}

running=0
for target in "${targets[@]}"; do
    run_one "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
./summary.sh "$log_dir"
