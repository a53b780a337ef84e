#!/usr/bin/env bash
# Tally side by side with quantulum3, Recognizers-Text (Python port) and Duckling: throughput on
# the ~1 MB text of peers.sh and accuracy on the external specs in testdata/external/ (plus
# NewsQuant when ../shared/external has it), every tool scored by the same rule per spec.
# Prints one table and saves it to target/peers/side_by_side.{txt,json}. See scripts/README.md.
# Knobs (environment):
#   SIDE_VENV      scratch venv for the peers, pinned by scripts/peers_side_by_side.requirements.txt
#                  (default: target/peers-side-venv)
#   PEERS_BYTES    size of the benchmark text (default: 1000000)
#   PEER_BUDGET    seconds of parsing per peer configuration; a peer stopped by it reports the
#                  bytes it got through (throughput is per byte) (default: 120)
#   TALLY_BIN      the tally binary (default: target/release/tally, built when missing)
#   TALLY_RUNS     timed runs of tally; the median is reported (default: 3)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/target/peers"
ITEMS="$OUT/side"
VENV="${SIDE_VENV:-$ROOT/target/peers-side-venv}"
BYTES="${PEERS_BYTES:-1000000}"
BUDGET="${PEER_BUDGET:-120}"
TALLY_BIN="${TALLY_BIN:-$ROOT/target/release/tally}"
TALLY_RUNS="${TALLY_RUNS:-3}"
PEERS="$ROOT/scripts/peers.py"
SIDE="$ROOT/scripts/peers_side_by_side.py"
mkdir -p "$OUT" "$ITEMS"
RESULTS="$OUT/side_by_side_speed.jsonl"
: >"$RESULTS"
rm -f "$ITEMS"/*.json

# shellcheck source=scripts/peers-lib.sh
. "$ROOT/scripts/peers-lib.sh"
HARD=$((${BUDGET%.*} + 180))

LOAD_START=$(load_average)
echo "load average at start: $LOAD_START on $(nproc) cores (other jobs running skew the timings)"

python3 "$PEERS" text "$OUT/text.txt" "$BYTES" || exit 1
TEXT="$OUT/text.txt"
: >"$OUT/empty.txt"

PY=""
if ensure_venv "$VENV" && pip_into "$VENV" side-by-side -r "$ROOT/scripts/peers_side_by_side.requirements.txt"; then
    PY="$VENV/bin/python"
fi

# --- throughput, each pinned to one core ---------------------------------------------------------
if ensure_tally "$TALLY_BIN"; then
    echo "== tally extract --json on $(wc -c <"$TEXT") bytes, then on an empty file, ${TALLY_RUNS} runs each"
    run_json "tally (CLI, --json)" tally "$HARD" python3 "$PEERS" tally "$TALLY_BIN" "$TEXT" "$TALLY_RUNS"
    run_json "tally (CLI, empty file)" tally-empty "$HARD" \
        python3 "$PEERS" tally "$TALLY_BIN" "$OUT/empty.txt" "$TALLY_RUNS" "tally (CLI, empty file)"
else
    note_error "tally (CLI, --json)" "no binary at $TALLY_BIN"
fi

peer_speed() { # label errname command...
    if [ -z "$PY" ]; then
        note_error "$1" "peers not installed (see $OUT/pip-side-by-side.log)"
        return
    fi
    echo "== $1 (budget ${BUDGET}s)"
    run_json "$@"
}
peer_speed "quantulum3" side-quantulum "$HARD" "$PY" "$PEERS" quantulum "$TEXT" "$BUDGET"
peer_speed "recognizers-text (7 models)" side-recognizers "$HARD" "$PY" "$SIDE" speed-recognizers "$TEXT" "$BUDGET"
peer_speed "recognizers-text (NumberModel)" side-recognizers-number "$HARD" "$PY" "$SIDE" speed-recognizers "$TEXT" "$BUDGET" numbers
peer_speed "duckling (all dims)" side-duckling "$HARD" "$PY" "$PEERS" duckling "$TEXT" "$BUDGET"
peer_speed "duckling (number)" side-duckling-number "$HARD" "$PY" "$PEERS" duckling-number "$TEXT" "$BUDGET"

# --- accuracy: every tool on the spec inputs (pinned, not timed) ---------------------------------
for tool in tally quantulum3 recognizers duckling; do
    echo "== $tool on the specs"
    if [ "$tool" = tally ]; then
        cmd=(python3 "$SIDE" extract tally "$ITEMS/tally.json" --tally "$TALLY_BIN")
    elif [ -n "$PY" ]; then
        cmd=("$PY" "$SIDE" extract "$tool" "$ITEMS/$tool.json")
    else
        continue
    fi
    "${PIN[@]}" "${cmd[@]}" >/dev/null 2>"$OUT/side-extract-$tool.err" \
        || echo "!! $tool failed on the specs (see $OUT/side-extract-$tool.err)"
done

echo
python3 "$SIDE" report "$RESULTS" "$ITEMS" "$OUT/side_by_side"
echo
echo "load average at start $LOAD_START, at end $(load_average) on $(nproc) cores:" \
     "above ~0.5 other jobs shared the machine and the timings are noisy."
echo "Saved: $OUT/side_by_side.txt, $OUT/side_by_side.json; failing cases per tool and spec:" \
     "$OUT/side_by_side_failures.txt"
