#!/usr/bin/env bash
# Installs redis-server (Debian/Ubuntu package) for the distributed-sweep tests and agents,
# unless one is already on PATH. Idempotent; says what to do when apt cannot be used.
set -euo pipefail

need="6.2"   # BLMOVE
version_ok() {
    local v
    v=$(redis-server --version | sed -n 's/.*v=\([0-9][0-9.]*\).*/\1/p')
    [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$need" "$v" | sort -V | head -1)" = "$need" ]
}

if command -v redis-server >/dev/null 2>&1; then
    version_ok && exit 0
    echo "error: $(redis-server --version | cut -d' ' -f1-3) is older than $need (Shears needs BLMOVE); upgrade redis-server" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: redis-server not found and apt-get is unavailable; install Redis $need or newer" \
         "(e.g. 'brew install redis', 'dnf install redis') and put redis-server on PATH" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: installing redis-server needs root: run 'apt-get install redis-server' as root" >&2; exit 1; }
    sudo="sudo"
fi
echo "installing redis-server with apt-get" >&2
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server; } >&2; then
    echo "error: apt-get could not install redis-server (is the package index reachable?); install it by hand" >&2
    exit 1
fi
version_ok || { echo "error: the packaged redis-server is older than $need; install a newer Redis" >&2; exit 1; }
