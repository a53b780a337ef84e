#!/usr/bin/env bash
# Checks the running server against its own OpenAPI document with Schemathesis, a client we did
# not write: it generates valid and invalid requests from /openapi.json, sends undeclared methods,
# and fails on any 5xx, any status, content type, header or body the document does not declare,
# any valid request refused and any invalid one accepted.
#
# Needs the debug binary (`cargo build -p tally-server`; scripts/test.sh builds it first).
# Installs Schemathesis from PyPI into target/schemathesis-venv on first use and reuses it.
# Usage: scripts/schemathesis.sh [EXAMPLES]  (test cases per operation and phase, default 100)
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned: checks and their names change between releases. 4.32.5 runs on Python 3.9 and later.
SCHEMATHESIS_VERSION=4.32.5
EXAMPLES=${1:-100}
TARGET=$(realpath -m "${CARGO_TARGET_DIR:-target}")
TALLY=$TARGET/debug/tally
VENV=$TARGET/schemathesis-venv
REPORTS=$TARGET/schemathesis

if [[ ! -x $TALLY ]]; then
    echo "schemathesis: $TALLY is missing; build it with: cargo build -p tally-server" >&2
    exit 2
fi

if [[ ! -x $VENV/bin/schemathesis ]] ||
    [[ $("$VENV/bin/schemathesis" --version 2>/dev/null) != *" $SCHEMATHESIS_VERSION" ]]; then
    echo "== installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        "schemathesis==$SCHEMATHESIS_VERSION"
fi

# Port 0: the server takes a free port and reports it on its "serving ... on http://ADDR/" line,
# as the Rust tests read it, so two runs on one machine never collide.
mkdir -p "$REPORTS"
LOG=$REPORTS/server.log
# RUST_LOG=info: the serving line is logged at info, and a quieter level around us would hide it.
# A fresh store of its own, and writes on with a token Schemathesis is not given: every write it
# generates must be refused with 401 (its ignored_auth check); the write API's validation is
# tested by server/tests/corpus_store.rs.
rm -rf "$REPORTS/data"
TALLY_ADMIN_TOKENS="schemathesis-is-not-told-this-token" RUST_LOG=info \
    "$TALLY" serve --bind 127.0.0.1:0 --data-dir "$REPORTS/data" </dev/null >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

ADDR=
for _ in $(seq 1 600); do
    ADDR=$(sed -n 's|.*serving .* on http://\([0-9.:]*\)/.*|\1|p' "$LOG" | head -n 1)
    [[ -n $ADDR ]] && break
    if ! kill -0 "$SERVER" 2>/dev/null; then
        echo "schemathesis: tally serve exited before serving:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ -z $ADDR ]]; then
    echo "schemathesis: tally serve did not report its address within 60 s" >&2
    exit 1
fi
for _ in $(seq 1 100); do
    python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=5)" \
        "http://$ADDR/healthz" 2>/dev/null && break
    sleep 0.1
done

echo "== schemathesis $SCHEMATHESIS_VERSION against http://$ADDR/openapi.json ($EXAMPLES examples per operation)"
# Deterministic generation (Hypothesis derandomized, no example database kept between runs; a
# seed is then not used) and one worker: the same build gets the same requests every time. No
# response-time check, so a slow machine does not fail the run.
# Run from the reports folder: Schemathesis and Hypothesis keep caches in ./.schemathesis and
# ./.hypothesis, which stay out of the source tree there and are cleared so that no run replays
# an earlier one's failures.
rm -rf "$REPORTS/.schemathesis" "$REPORTS/.hypothesis" "$REPORTS"/junit*.xml
cd "$REPORTS"
"$VENV/bin/schemathesis" run "http://$ADDR/openapi.json" \
    --checks all \
    --max-examples "$EXAMPLES" \
    --generation-deterministic \
    --workers 1 \
    --no-color \
    --report junit \
    --report-junit-path junit.xml \
    --report-dir .
