#!/usr/bin/env bash
# Puts the CIFAR-10 subset the bundled baseline and the README figures use (the first 1,017
# records of each official batch file: 6,102 images) at data/cifar-10-batches-bin, and checks
# every file against the SHA-256 values in tools/cifar10-subset.sha256. Sources, in order:
#   1. data/cifar-10-batches-bin already in place (only verified);
#   2. ../shared/data/cifar10-subset (linked);
#   3. the official archive (cifar-10-binary.tar.gz: placed in data/ or the cache, else downloaded
#      from $CIFAR10_URL), unpacked whole at data/cifar-10-full for real runs, the subset cut from it.
# Overrides (tests, CI, mirrors): CIFAR10_URL (file:// works), SHEARS_DATA, SHEARS_SHARED_SUBSET,
# SHEARS_CACHE, CIFAR10_SUBSET_SHA256.
set -euo pipefail
cd "$(dirname "$0")/.."
records=1017
record_size=3073
data="${SHEARS_DATA:-data}"
target="$data/cifar-10-batches-bin"
full="$data/cifar-10-full"
shared="${SHEARS_SHARED_SUBSET-../shared/data/cifar10-subset/cifar-10-batches-bin}"
url="${CIFAR10_URL:-https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz}"
cache="${SHEARS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shears}"
manifest="${CIFAR10_SUBSET_SHA256:-tools/cifar10-subset.sha256}"
files="data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin batches.meta.txt"

# verify DIR: every file of the manifest has its recorded SHA-256; names the first that does not.
verify() {
  local dir=$1 expected name actual
  while read -r expected name; do
    [ -n "$name" ] || continue
    if [ ! -f "$dir/$name" ]; then
      echo "error: $dir/$name is missing (expected the CIFAR-10 subset listed in $manifest)" >&2
      return 1
    fi
    actual=$(sha256sum "$dir/$name" | cut -d' ' -f1)
    if [ "$actual" != "$expected" ]; then
      echo "error: $dir/$name: SHA-256 $actual, expected $expected ($manifest): not the CIFAR-10 subset" >&2
      return 1
    fi
  done < "$manifest"
}

mkdir -p "$data"
if [ -e "$target/test_batch.bin" ]; then
  if ! verify "$target"; then
    echo "hint: the baseline and README figures need the 6,102-image subset; move this folder away (the full" >&2
    echo "      data set belongs at $full) and run 'make data' again." >&2
    exit 1
  fi
  echo "data: $target holds the CIFAR-10 subset (6,102 images, SHA-256 verified against $manifest)"
  exit 0
fi

if [ -n "$shared" ] && [ -d "$shared" ]; then
  ln -sfn "$(cd "$shared" && pwd)" "$target"
  verify "$target" || { rm -f "$target"; exit 1; }
  echo "data: linked $target -> $shared (source: the bundled subset; SHA-256 verified)"
  exit 0
fi

# The official archive: already unpacked, placed beside the data, cached, or downloaded.
archive=""
if [ ! -f "$full/test_batch.bin" ]; then
  for candidate in "$data/cifar-10-binary.tar.gz" "$cache/cifar-10-binary.tar.gz"; do
    if [ -f "$candidate" ]; then archive=$candidate; break; fi
  done
  if [ -z "$archive" ]; then
    mkdir -p "$cache"
    echo "data: ${shared:-the bundled subset} is absent; downloading CIFAR-10 (binary version, 162 MB) from $url"
    if ! curl -fL --retry 2 --connect-timeout 20 -o "$cache/cifar-10-binary.tar.gz.tmp" "$url"; then
      rm -f "$cache/cifar-10-binary.tar.gz.tmp"
      echo "error: no CIFAR-10 data: ${shared:-the bundled subset} is absent and $url could not be downloaded." >&2
      echo "hint: place cifar-10-binary.tar.gz (the official binary version) in $data/ or set CIFAR10_URL, or" >&2
      echo "      link the subset folder (cifar-10-batches-bin) at $target; then run 'make data'." >&2
      exit 1
    fi
    mv "$cache/cifar-10-binary.tar.gz.tmp" "$cache/cifar-10-binary.tar.gz"
    archive="$cache/cifar-10-binary.tar.gz"
  fi
  unpack="$data/.cifar-10-unpack.tmp"
  rm -rf "$unpack" && mkdir -p "$unpack"
  tar -xzf "$archive" -C "$unpack" || { echo "error: $archive: not a readable tar.gz archive" >&2; rm -rf "$unpack"; exit 1; }
  for name in $files; do
    [ -f "$unpack/cifar-10-batches-bin/$name" ] || {
      echo "error: $archive lacks cifar-10-batches-bin/$name; expected the official CIFAR-10 binary version" >&2
      rm -rf "$unpack"; exit 1; }
  done
  rm -rf "$full" && mv "$unpack/cifar-10-batches-bin" "$full" && rm -rf "$unpack"
  echo "data: unpacked $archive at $full (the full data set, for real runs: --data $full)"
fi

# The subset: the first $records records of each file, the class names without blank lines.
building="$data/.cifar-10-subset.tmp"
rm -rf "$building" && mkdir -p "$building"
for name in $files; do
  case "$name" in
    *.bin) head -c $((records * record_size)) "$full/$name" > "$building/$name" ;;
    *) grep -v '^[[:space:]]*$' "$full/$name" > "$building/$name" ;;
  esac
done
verify "$building" || { rm -rf "$building"; exit 1; }
rm -rf "$target" && mv "$building" "$target"
echo "data: built $target from the official archive: the first $records records of each file (6,102 images),"
echo "      SHA-256 verified against $manifest; the full data set is at $full"
