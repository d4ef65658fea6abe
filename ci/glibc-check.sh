#!/usr/bin/env bash
# Checks that the static release (scripts/release-static.sh) runs on an older glibc than this machine's:
#  1. `objdump -T`: no GLIBC_ symbol version newer than 2.28 (the floor; RHEL 8), and nothing needed at run time
#     but libc, libm, libpthread, libdl, libutil and libgcc_s;
#  2. in a Debian 11 root (glibc 2.31, made by debootstrap: scripts/make-sysroot.sh), with nothing of Swift or
#     ICU in it, `census run` on corpora-samples/ writes the same shards and report.json as the normal build
#     here, and `census count` counts the same documents in a .jsonl.zst;
#  3. the start-up time of `census --version` (mean of 50 runs, hyperfine when installed) is reported; the target,
#     <= 10 ms, is measured on a quiet machine (README); this check fails only on a gross regression (> 50 ms),
#     since a timed check on a shared CI machine must not flake.
# Needs root (chroot, unshare, mount).
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/release-paths.sh
sysroot=${CENSUS_SYSROOT:-$PWD/.build-static/sysroot-bullseye}
floor=2.28
dynamic=$(realpath "$dynamic")
bash scripts/make-sysroot.sh "$sysroot"

newest=$(bash scripts/glibc-floor.sh "$static" "$floor")
needed=$(objdump -p "$static" | awk '/NEEDED/ {print $2}' | sort | tr '\n' ' ')
for lib in $needed; do
  case $lib in libc.so.6|libm.so.6|libpthread.so.0|libdl.so.2|libutil.so.1|librt.so.1|libgcc_s.so.1|ld-linux-*) ;;
    *) echo "glibc-check: $static needs $lib at run time" >&2; exit 1 ;;
  esac
done

work=$(mktemp -d /tmp/census-glibc-check.XXXXXX)
inside=$(mktemp -d "$sysroot/tmp/census-check.XXXXXX")
trap 'rm -rf "$work" "$inside"' EXIT
"$dynamic" run --quiet --out "$work/dynamic" corpora-samples
bash .ci/install-deps.sh zstd
gzip -dc corpora-samples/web-docs.jsonl.gz | zstd -q -19 -o "$inside/web-docs.jsonl.zst"
(cd "$inside" && "$dynamic" count --quiet web-docs.jsonl.zst) > "$work/dynamic-count.tsv"   # the same path as inside
cp "$static" "$inside/census"
cp -r corpora-samples "$inside/corpora-samples"
at=/tmp/$(basename "$inside")
# A private mount and PID namespace: the root's /proc is this census's own, and nothing stays mounted after.
unshare --mount --pid --fork --propagation private bash -euo pipefail -c '
  sysroot=$1 at=$2
  mount -t proc proc "$sysroot/proc"
  chroot "$sysroot" /bin/sh -ec "
    if [ -e /opt/swift ] || ls /usr/lib/*/libicuuc.so* >/dev/null 2>&1; then echo glibc-check: the root has Swift or ICU >&2; exit 1; fi
    ldd --version | head -1
    cd $at && ./census --version
    ./census run --quiet --out out corpora-samples
    ./census count --quiet web-docs.jsonl.zst > count.tsv"
' _ "$sysroot" "$at"
diff -r "$work/dynamic/data" "$inside/out/data" >/dev/null
cmp "$work/dynamic/report/report.json" "$inside/out/report/report.json"
cmp "$work/dynamic-count.tsv" "$inside/count.tsv"

# Start-up time of `census --version` (the model is read lazily; this is the executable's own start).
if command -v hyperfine >/dev/null 2>&1; then
  mean_ms=$(hyperfine -N -w 5 -r 50 --export-json "$work/startup.json" "$static --version" >/dev/null 2>&1 &&
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000))' "$work/startup.json")
else
  mean_ms=$(python3 - "$static" <<'PY'
import subprocess, sys, time
for _ in range(5): subprocess.run([sys.argv[1], "--version"], stdout=subprocess.DEVNULL)
t = time.perf_counter()
for _ in range(50): subprocess.run([sys.argv[1], "--version"], stdout=subprocess.DEVNULL)
print("%.2f" % ((time.perf_counter() - t) / 50 * 1000))
PY
)
fi
if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 50 else 1)' "$mean_ms"; then :; else
  echo "glibc-check: census --version took $mean_ms ms (> 50 ms)" >&2; exit 1
fi
echo "glibc-check: newest glibc symbol version GLIBC_$newest (floor $floor); needs $needed; in a Debian 11 root (glibc 2.31) census run on corpora-samples/ wrote the same shards and report.json as $dynamic here and census count the same counts; census --version in $mean_ms ms" >&2
echo "1 passed, 0 failed"
