# Shell helpers shared by peers.sh and peers_side_by_side.sh; source it after setting
# ROOT (the repo), OUT (the output folder) and RESULTS (a JSON-lines file of results).

PIN=()
if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c 0); else echo "note: no taskset, not pinned to one core"; fi

load_average() {
    cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"
}

note_error() { # tool message
    python3 -c 'import json,sys; print(json.dumps({"tool": sys.argv[1], "error": sys.argv[2]}))' "$1" "$2" >>"$RESULTS"
}

ensure_venv() { # venv: creates it when missing; fails when python3 -m venv does
    [ -x "$1/bin/python" ] && return 0
    echo "== creating venv $1"
    python3 -m venv "$1" || { echo "!! python3 -m venv failed: peers skipped"; return 1; }
}

pip_into() { # venv name args...: pip install args (10 minutes at most), logged to $OUT/pip-name.log
    local venv=$1 name=$2
    shift 2
    echo "== pip install $*"
    timeout 600 "$venv/bin/pip" install -q "$@" >"$OUT/pip-$name.log" 2>&1 && return 0
    echo "!! pip install $* failed (see $OUT/pip-$name.log); going on without it"
    return 1
}

ensure_tally() { # binary: builds target/release/tally when missing (never timed)
    [ -x "$1" ] && return 0
    echo "== $1 missing: cargo build --release -p tally-server (not counted in any timing)"
    cargo build --release -p tally-server || echo "!! cargo build failed"
    [ -x "$1" ]
}

run_json() { # label errname hard_seconds command...: runs the command pinned to one core and
    # stopped after hard_seconds; appends its last stdout line (a JSON object) to $RESULTS, or
    # notes the failure with the last line of $OUT/errname.err.
    local label=$1 err="$OUT/$2.err" hard=$3 line
    shift 3
    if line=$(timeout "$hard" "${PIN[@]}" "$@" 2>"$err" | tail -n 1) && [ "${line:0:1}" = "{" ]; then
        echo "$line" >>"$RESULTS"
    else
        echo "!! $label failed (see $err)"
        note_error "$label" "failed: $(tail -n 1 "$err" | cut -c1-80)"
    fi
}
