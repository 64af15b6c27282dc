#!/usr/bin/env bash
# Puts the official CIFAR-100 binary version (train.bin, test.bin, fine/coarse label names) at
# data/cifar-100-binary, on request only (`make data-cifar100`; 161 MB, never part of `make setup`).
# CIFAR100_URL overrides the source (file:// works); a cifar-100-binary.tar.gz in data/ is used as is.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${SHEARS_DATA:-data}"
target="$data/cifar-100-binary"
url="${CIFAR100_URL:-https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz}"
files="train.bin test.bin fine_label_names.txt coarse_label_names.txt"
if [ -f "$target/test.bin" ]; then echo "data: $target is in place"; exit 0; fi
mkdir -p "$data"
archive="$data/cifar-100-binary.tar.gz"
if [ ! -f "$archive" ]; then
  echo "data: downloading CIFAR-100 (binary version, 161 MB) from $url"
  if ! curl -fL --retry 2 --connect-timeout 20 -o "$archive.tmp" "$url"; then
    rm -f "$archive.tmp"
    echo "error: could not download $url; place cifar-100-binary.tar.gz in $data/ or set CIFAR100_URL" >&2
    exit 1
  fi
  mv "$archive.tmp" "$archive"
fi
unpack="$data/.cifar-100-unpack.tmp"
rm -rf "$unpack" && mkdir -p "$unpack"
tar -xzf "$archive" -C "$unpack" || { echo "error: $archive: not a readable tar.gz archive" >&2; rm -rf "$unpack"; exit 1; }
for name in $files; do
  [ -f "$unpack/cifar-100-binary/$name" ] || {
    echo "error: $archive lacks cifar-100-binary/$name; expected the official CIFAR-100 binary version" >&2
    rm -rf "$unpack"; exit 1; }
done
mv "$unpack/cifar-100-binary" "$target" && rm -rf "$unpack"
echo "data: unpacked $archive at $target (use --dataset cifar100, or --data $target)"
