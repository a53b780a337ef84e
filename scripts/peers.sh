#!/usr/bin/env bash
# Throughput of Tally against two peer extractors, Duckling (pyduckling-native-phihos) and
# quantulum3, on the seed corpus repeated to ~1 MB. Everything runs pinned to one core.
# See scripts/README.md. Knobs (environment):
#   PEERS_VENV          scratch venv for the peers        (default: target/peers-venv)
#   PEERS_BYTES         size of the benchmark text        (default: 1000000)
#   PEER_SAMPLE_BYTES   bytes of it given to the peers    (default: same as PEERS_BYTES)
#   PEER_BUDGET         seconds of parsing per peer, after which it stops and reports what it
#                       got through (throughput is per byte, so this stays fair) (default: 120)
#   TALLY_BIN           the tally binary                  (default: target/release/tally,
#                       built with `cargo build --release -p tally-server` when missing)
#   TALLY_RUNS          timed runs of tally; the median is reported (default: 3)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/peers"
VENV="${PEERS_VENV:-$ROOT/target/peers-venv}"
BYTES="${PEERS_BYTES:-1000000}"
SAMPLE_BYTES="${PEER_SAMPLE_BYTES:-$BYTES}"
BUDGET="${PEER_BUDGET:-120}"
TALLY_BIN="${TALLY_BIN:-$ROOT/target/release/tally}"
TALLY_RUNS="${TALLY_RUNS:-3}"
HELPER="$ROOT/scripts/peers.py"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"

# shellcheck source=scripts/peers-lib.sh
. "$ROOT/scripts/peers-lib.sh"
# A hard stop per peer: its budget, plus time to load, plus slack.
HARD=$((${BUDGET%.*} + 180))
# Worst case: three peer runs of BUDGET seconds each, plus loading (~10 s) and Tally (~seconds).

LOAD_START=$(load_average)
echo "load average at start: $LOAD_START on $(nproc) cores (other jobs running skew the timings)"

# --- the text ---------------------------------------------------------------------------------
python3 "$HELPER" text "$OUT/text.txt" "$BYTES" || exit 1
if [ "$SAMPLE_BYTES" -lt "$BYTES" ]; then
    python3 "$HELPER" sample "$OUT/text.txt" "$OUT/sample.txt" "$SAMPLE_BYTES" || exit 1
    PEER_TEXT="$OUT/sample.txt"
else
    PEER_TEXT="$OUT/text.txt"
fi

# --- the peers' venv --------------------------------------------------------------------------
HAVE_VENV=0
ensure_venv "$VENV" && HAVE_VENV=1
declare -A INSTALLED
for pkg in pyduckling-native-phihos quantulum3; do
    INSTALLED[$pkg]=0
    [ "$HAVE_VENV" = 1 ] || continue
    if "$VENV/bin/pip" show -q "$pkg" >/dev/null 2>&1 || pip_into "$VENV" "$pkg" "$pkg"; then
        INSTALLED[$pkg]=1
    fi
done

run_peer() { # package subcommand label
    local pkg=$1 sub=$2 label=$3
    if [ "${INSTALLED[$pkg]}" != 1 ]; then
        note_error "$label" "not installed ($pkg)"
        return
    fi
    echo "== $label on $(wc -c <"$PEER_TEXT") bytes (budget ${BUDGET}s)"
    run_json "$label" "$sub" "$HARD" "$VENV/bin/python" "$HELPER" "$sub" "$PEER_TEXT" "$BUDGET"
}

# --- tally ------------------------------------------------------------------------------------
if ensure_tally "$TALLY_BIN"; then
    echo "== tally extract --json on $(wc -c <"$OUT/text.txt") bytes, ${TALLY_RUNS} runs"
    run_json "tally (CLI, --json)" tally "$HARD" python3 "$HELPER" tally "$TALLY_BIN" "$OUT/text.txt" "$TALLY_RUNS"
else
    note_error "tally (CLI, --json)" "no binary at $TALLY_BIN"
fi

run_peer pyduckling-native-phihos duckling "duckling"
run_peer pyduckling-native-phihos duckling-number "duckling (number only)"
run_peer quantulum3 quantulum "quantulum3"

echo
python3 "$HELPER" table "$RESULTS" | tee "$OUT/table.txt"
echo "load average at start $LOAD_START, at end $(load_average)" \
    "on $(nproc) cores: above ~0.5 other jobs shared the machine and the timings are noisy."
echo
echo "Tally's time is the wall clock of the whole process (startup, reading, JSON output" \
     "included, nothing subtracted). Peers are timed in-process over their parse calls," \
     "after import and one warm-up call. quantulum3 runs without its optional classifier" \
     "extra. Results: $RESULTS, table: $OUT/table.txt"
