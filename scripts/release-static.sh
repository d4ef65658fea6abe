#!/usr/bin/env bash
# Builds dist/census-<version>-linux-x86_64.tar.gz: one statically linked `census` (Swift runtime and
# Foundation with --static-swift-stdlib; ICU, zlib, libdeflate, libzstd and libstdc++ from their .a files) with the
# language model appended to the executable, so it runs on a Linux x86_64 machine without Swift or libicu
# (for example an HPC login node). Only the C library, libm and libgcc_s stay dynamic, and they are bound at
# glibc 2.28 or older: the link is made against a Debian 11 root (glibc 2.31, scripts/make-sysroot.sh, kept in
# .build-static/sysroot-bullseye or CENSUS_SYSROOT), and the few symbols newer than 2.28 that the Swift runtime,
# Foundation and libstdc++ ask for are provided by Sources/Static/GlibcCompat/glibc_compat.c. So the executable
# runs on glibc >= 2.28: RHEL/Rocky/Alma 8 and 9, Debian 11+, Ubuntu 20.04+, SLES 15 SP3+.
#
# usage: scripts/release-static.sh        (as root or with sudo for missing Debian packages; debootstrap once)
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh g++   # g++: libstdc++.a for the static link
version=$(sed -n 's/.*let censusVersion = "\(.*\)".*/\1/p' Sources/CorpusPipeline/Version.swift)
arch=$(uname -m)
libdir=/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo "$arch-linux-gnu")
# A folder holding only the static archives, searched first: every -l finds the .a there (also the -lstdc++
# that the Swift driver adds itself), so nothing but the C library is linked dynamically.
static=.build-static/static-libs
mkdir -p "$static"
for lib in libicuuc.a libicudata.a libz.a libdeflate.a libzstd.a; do
  [ -f "$libdir/$lib" ] || { echo "release-static: $libdir/$lib missing (libicu-dev, zlib1g-dev, libdeflate-dev, libzstd-dev)" >&2; exit 1; }
  ln -sf "$libdir/$lib" "$static/$lib"
done
ln -sf "$(gcc -print-file-name=libstdc++.a)" "$static/libstdc++.a"
floor=2.28
sysroot=${CENSUS_SYSROOT:-$PWD/.build-static/sysroot-bullseye}
bash scripts/make-sysroot.sh "$sysroot"
gcc -O2 -fPIC -fno-builtin -Wall -Werror -c Sources/Static/GlibcCompat/glibc_compat.c -o .build-static/glibc_compat.o
rm -f .build-static/release/census   # relink every time: SwiftPM does not see glibc_compat.o change
CENSUS_STATIC=1 swift build -c release --static-swift-stdlib --build-path .build-static \
  -Xswiftc -Xclang-linker -Xswiftc --sysroot="$sysroot" -Xswiftc -Xclang-linker -Xswiftc -no-pie \
  -Xlinker -L"$PWD/$static" -Xlinker -licuuc -Xlinker -licudata -Xlinker -ldeflate -Xlinker -lzstd -Xlinker -lz \
  -Xlinker "$PWD/.build-static/glibc_compat.o" >&2
newest=$(bash scripts/glibc-floor.sh .build-static/release/census "$floor")

name=census-$version-linux-$arch
stage=dist/$name
rm -rf "$stage" && mkdir -p "$stage"
cp .build-static/release/census "$stage/census"
strip "$stage/census"
# The model, then a trailer: "CENSUSLM", the model's offset and its length (u64 little-endian).
python3 - "$stage/census" Sources/LanguageID/Resources/langid.model <<'PY'
import os, struct, sys
exe, model = sys.argv[1], sys.argv[2]
offset = os.path.getsize(exe)
data = open(model, "rb").read()
with open(exe, "ab") as f:
    f.write(data)
    f.write(b"CENSUSLM" + struct.pack("<QQ", offset, len(data)))
PY
if ldd "$stage/census" | grep -Eq 'libicu|libswift|libFoundation|libz\.|libdeflate|libzstd|libstdc\+\+'; then
  echo "release-static: the executable is not static enough:" >&2; ldd "$stage/census" >&2; exit 1
fi
cat > "$stage/INSTALL.txt" <<TXT
census $version for Linux $arch: one executable, no Swift or ICU needed (it links only libc, libm, libgcc_s),
for glibc $floor or newer (its newest symbol version: GLIBC_$newest): RHEL/Rocky/Alma 8 and 9, Debian 11+,
Ubuntu 20.04+, SLES 15 SP3+.

  tar -xzf $name.tar.gz
  mkdir -p ~/bin && cp $name/census ~/bin/     # or any folder on PATH, e.g. a project folder on the shared file system
  census --version
  census run /path/to/shards --out /path/to/out
  census slurm /path/to/shards --out /path/to/out --tasks 64 --partition P --time 4:00:00 --submit

The language model is inside the executable (do not strip it). Source and documentation:
the corpus-census repository, README.md.
TXT
tar -czf "dist/$name.tar.gz" -C dist "$name"
echo "dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1)); newest glibc symbol version GLIBC_$newest; ldd:" >&2
ldd "$stage/census" >&2
