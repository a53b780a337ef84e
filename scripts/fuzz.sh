#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ one after another, each for SECONDS.
#
#   scripts/fuzz.sh SECONDS [TARGET...]     (default: every target)
#
# Seeds fuzz/corpus/<target> from the project's data when it is missing (scripts/fuzz-seeds.py),
# builds every target once, then prints per target the executions run, executions per second,
# the corpus size and whether it found anything. Exits 1 when any target crashed, took over
# FUZZ_TIMEOUT seconds (default 2) on one input of up to 64 KB, or ran out of memory; the input
# is in fuzz/artifacts/<target>/ and the log in fuzz/logs/<target>.log.
# Needs the nightly toolchain; installs cargo-fuzz 0.13.2 when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(extract check check_body corpus_load)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz 0.13.2"
    nice cargo install cargo-fuzz --version 0.13.2 --locked
fi

# Inputs up to 64 KB, and one that takes longer than FUZZ_TIMEOUT seconds (default 2) is a finding:
# work is linear (issue 9), so 64 KB takes milliseconds; a quadratic path takes seconds.
timeout=${FUZZ_TIMEOUT:-2}

# No sanitizer: tally forbids unsafe code, so AddressSanitizer would mostly halve the speed.
# Debug assertions and overflow checks stay on.
flags=(--fuzz-dir fuzz --sanitizer none --debug-assertions)

for t in "${targets[@]}"; do
    if [[ ! -d fuzz/corpus/$t ]] || [[ -z $(ls -A "fuzz/corpus/$t") ]]; then
        python3 scripts/fuzz-seeds.py fuzz/corpus "$t"
    fi
done

echo "== building the fuzz targets"
nice cargo +nightly fuzz build "${flags[@]}"

mkdir -p fuzz/logs
failed=()
for t in "${targets[@]}"; do
    log=fuzz/logs/$t.log
    echo "== fuzzing $t for ${seconds} s (log: $log)"
    status=0
    nice cargo +nightly fuzz run "${flags[@]}" "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout="$timeout" -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    size=$(find "fuzz/corpus/$t" -type f | wc -l)
    if [[ $status -eq 0 ]]; then
        found="nothing found"
    else
        failed+=("$t")
        found="FOUND: $(grep -m1 -E '^(==[0-9]+== ERROR|thread .* panicked|ALARM|SUMMARY)' "$log" || echo "exit status $status")"
        artifact=$(grep -m1 -o 'Test unit written to [^ ]*' "$log" || true)
        [[ -n $artifact ]] && found+="; ${artifact}"
    fi
    echo "$t: ${execs:-?} executions, ${rate:-?} exec/s, corpus ${size} inputs, ${found}"
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz: findings in ${failed[*]}" >&2
    exit 1
fi
