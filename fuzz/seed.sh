#!/usr/bin/env bash
# Fills fuzz/corpus/TARGET with a bounded sample of real inputs for each target: the
# fixtures in testdata/, the shared corpus (/work/shared/corpus, or $POLGEN_CORPUS) and the
# committed regressions/TARGET (crashes found, kept as seeds). corpus/ is not committed:
# run this once before fuzzing (fuzz/run-all.sh does).
#   fuzz/seed.sh [MAX_FILES_PER_TARGET]     default 400 files of at most 64 KiB each
set -euo pipefail
cd "$(dirname "$0")"
repo=..
shared=${POLGEN_CORPUS:-/work/shared/corpus}
max=${1:-400}
max_bytes=65536

# seed TARGET PREFIX FIND-ARGS...: copy matching files (small ones, deterministic order,
# evenly spread over the list up to $max) into corpus/TARGET, named by content hash.
seed() {
    local target=$1 prefix=$2
    shift 2
    mkdir -p "corpus/$target"
    local list
    list=$(find "$@" -type f -size -"${max_bytes}"c 2>/dev/null | LC_ALL=C sort || true)
    local total
    total=$(printf '%s\n' "$list" | grep -c . || true)
    [ "$total" -eq 0 ] && return 0
    local step=$(( (total + max - 1) / max ))
    printf '%s\n' "$list" | awk -v s="$step" 'NR % s == 0' | while read -r file; do
        local name
        name=$(sha1sum "$file" | cut -c1-16)
        if [ -n "$prefix" ]; then
            { printf '%b' "$prefix"; cat "$file"; } > "corpus/$target/$name"
        else
            cp "$file" "corpus/$target/$name"
        fi
    done
}

policies=("$repo/testdata/rules/aws" "$shared/aws-managed" "$shared/policy-examples" "$shared/trust" "$shared/peer-tests")
seed json_policy "" "${policies[@]}" -name '*.json'
seed cfn_template "" "$repo/testdata/rules/iac" "$shared/cloudformation" "$repo/examples/cloudformation" \
    \( -name '*.yaml' -o -name '*.yml' -o -name '*.template' -o -name '*.json' \)
seed terraform_hcl "" "$repo/testdata/rules/iac" "$shared/terraform" "$repo/examples/terraform" -name '*.tf'
seed terraform_plan "" "$shared/terraform" -name '*.json'
seed vault_policy "" "$repo/testdata/rules/vault" "$shared/vault" "$repo/examples/vault" \
    \( -name '*.hcl' -o -name '*.json' \)
seed cloudtrail_records "" "$repo/testdata/trail" "$shared/cloudtrail" \( -name '*.json' -o -name '*.gz' \)
seed usage_csv "" "$repo/testdata/usage" "$shared/cloudtrail" -name '*.csv'
seed config_toml "" "$repo/rulesets" -name '*.toml'
# lint_file: the first byte picks the extension (0 json, 1 yaml, 2 tf, 3 hcl; see
# fuzz_targets/lint_file.rs).
seed lint_file '\x00' "${policies[@]}" -name '*.json'
seed lint_file '\x01' "$repo/testdata/rules/iac" "$shared/cloudformation" \( -name '*.yaml' -o -name '*.yml' \)
seed lint_file '\x02' "$repo/testdata/rules/iac" "$shared/terraform" -name '*.tf'
seed lint_file '\x03' "$repo/testdata/rules/vault" "$shared/vault" -name '*.hcl'

for dir in regressions/*/; do
    target=$(basename "$dir")
    mkdir -p "corpus/$target"
    cp "$dir"* "corpus/$target/" 2>/dev/null || true
done
for dir in corpus/*/; do
    printf '%-20s %5d files %6d KiB\n' "$(basename "$dir")" "$(find "$dir" -type f | wc -l)" "$(du -sk "$dir" | cut -f1)"
done
