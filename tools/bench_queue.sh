#!/usr/bin/env bash
# Measures the Redis queue's overhead per sweep trial (`shears bench queue`, no-op agents) and
# prints a Markdown fragment for BENCHMARKS.md. Uses $SHEARS_BENCH_REDIS when set; otherwise
# starts a private redis-server on a free loopback port in a temp directory and stops it after.
# Usage: tools/bench_queue.sh [output.md]   (default: stdout)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.build/release/shears
TRIALS=${BENCH_QUEUE_TRIALS:-200}
[ -x "$BIN" ] || { echo "error: $BIN not found; run 'make build' first" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

url=${SHEARS_BENCH_REDIS:-}
if [ -z "$url" ]; then
    command -v redis-server >/dev/null || { echo "error: redis-server not found; run 'make setup' (Debian: apt-get install redis-server)" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no \
        --daemonize no --logfile "$work/redis.log" &
    pid=$!
    for _ in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
    url="redis://127.0.0.1:$port/0"
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$BIN" bench queue --redis "$url" --trials "$TRIALS" > "$work/model.md"
"$BIN" bench queue --redis "$url" --trials "$TRIALS" --model-bytes 0 > "$work/empty.md"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "## Distributed sweep: queue overhead per trial"
    echo
    echo "\`shears bench queue\`: one train and one bench agent whose jobs return at once; each trial is"
    echo "dispatched as \`shears sweep --redis\` does it (train job, bench job with the model and the"
    echo "baseline, results marked consumed). Target: under 50 ms per trial."
    echo "Loopback Redis, $(nproc) cores, load $load_before → $load_after, $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    cat "$work/model.md"
    tail -n 1 "$work/empty.md" | sed 's/^| \([0-9]* trials\)/| \1, no model/'
    echo
} > "$work/fragment.md"

if [ $# -ge 1 ]; then mv "$work/fragment.md" "$1"; echo "wrote $1" >&2; else cat "$work/fragment.md"; fi
