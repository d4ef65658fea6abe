#!/usr/bin/env bash
# Checks the static release (scripts/release-static.sh) in a clean environment: a private mount namespace
# where libicu, zlib, libdeflate, libzstd and the whole Swift toolchain (/opt/swift, or wherever swift lives) are
# hidden and LD_LIBRARY_PATH points nowhere. There the dynamic build must fail to start (proof that the
# hiding works) and the static executable must run `census run` on corpora-samples/ and write the same
# shards and report.json as the dynamic build does outside, and count the same documents in a zstd file.
# Needs root (unshare, mount).
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/release-paths.sh
work=$(mktemp -d /tmp/census-static-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$dynamic" run --quiet --out "$work/dynamic" corpora-samples
bash .ci/install-deps.sh zstd
gzip -dc corpora-samples/web-docs.jsonl.gz | zstd -q -19 -o "$work/web-docs.jsonl.zst"
"$dynamic" count --quiet "$work/web-docs.jsonl.zst" > "$work/dynamic-count.tsv"
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")   # e.g. /opt/swift/usr
libdir=/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
unshare --mount --propagation private bash -euo pipefail -c '
  static=$1 dynamic=$2 work=$3 toolchain=$4 libdir=$5
  for f in "$libdir"/libicu* "$libdir"/libz.so* "$libdir"/libdeflate.so* "$libdir"/libzstd.so*; do mount --bind /dev/null "$f"; done
  mount -t tmpfs tmpfs "$toolchain"
  export LD_LIBRARY_PATH=/nonexistent
  if "$dynamic" --version >/dev/null 2>&1; then echo "static-check: the dynamic build still runs: nothing is hidden" >&2; exit 1; fi
  "$static" --version
  "$static" run --quiet --out "$work/static" corpora-samples
  "$static" count --quiet "$work/web-docs.jsonl.zst" > "$work/static-count.tsv"
' _ "$static" "$dynamic" "$work" "$toolchain" "$libdir"
diff -r "$work/dynamic/data" "$work/static/data" >/dev/null
cmp "$work/dynamic/report/report.json" "$work/static/report/report.json"
cmp "$work/dynamic-count.tsv" "$work/static-count.tsv"
grep -q "zstd" "$work/static-count.tsv"
echo "static-check: $(ldd "$static" | wc -l) dynamic entries ($(ldd "$static" | awk '{print $1}' | tr '\n' ' ')); with libicu, zlib, libdeflate, libzstd and $toolchain hidden the static census ran census run on corpora-samples/ (same shards and report.json) and census count on a .jsonl.zst (same counts)" >&2
echo "1 passed, 0 failed"
