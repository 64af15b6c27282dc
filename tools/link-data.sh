#!/usr/bin/env bash
# Puts CIFAR-10 (binary layout) at data/cifar-10-batches-bin: a link to the bundled
# subset beside the project when present, else the official archive, downloaded once.
set -euo pipefail
cd "$(dirname "$0")/.."
target=data/cifar-10-batches-bin
shared=../shared/data/cifar10-subset/cifar-10-batches-bin
mkdir -p data
if [ -e "$target/test_batch.bin" ]; then exit 0; fi
if [ -d "$shared" ]; then
  ln -sfn "$(cd "$shared" && pwd)" "$target"
  echo "linked $target -> $shared"
  exit 0
fi
url=https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz
cache="${XDG_CACHE_HOME:-$HOME/.cache}/shears"
mkdir -p "$cache"
if [ ! -f "$cache/cifar-10-batches-bin/test_batch.bin" ]; then
  echo "downloading CIFAR-10 (binary version, 162 MB) from $url"
  if ! curl -fL --retry 2 -o "$cache/cifar-10-binary.tar.gz.tmp" "$url"; then
    echo "error: no CIFAR-10 data: $shared is absent and $url could not be downloaded." >&2
    echo "hint: place the official binary batches in $target (data_batch_1..5.bin, test_batch.bin)." >&2
    exit 1
  fi
  mv "$cache/cifar-10-binary.tar.gz.tmp" "$cache/cifar-10-binary.tar.gz"
  tar -xzf "$cache/cifar-10-binary.tar.gz" -C "$cache"
fi
ln -sfn "$cache/cifar-10-batches-bin" "$target"
echo "linked $target -> $cache/cifar-10-batches-bin"
