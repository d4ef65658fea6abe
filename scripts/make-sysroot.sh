#!/usr/bin/env bash
# Makes a Debian 11 (bullseye, glibc 2.31) root in DIR with debootstrap, for two uses:
#  - scripts/release-static.sh links the static census against its C library (--sysroot), so no glibc symbol
#    version newer than 2.31 is bound into the executable;
#  - ci/glibc-check.sh runs that executable inside it (chroot), on a system whose glibc is 2.31.
# The root holds libc6-dev, libgcc-10-dev and libstdc++-10-dev (crt files, libc_nonshared.a, libgcc) and nothing
# of Swift or ICU. Its absolute symbolic links (libpthread.so -> /lib/...) are made relative, so that seen from
# outside they point into the root, not at this machine's newer libraries.
#
# usage: scripts/make-sysroot.sh DIR        (root; about 1 minute, ~310 MB; does nothing when DIR is complete)
set -euo pipefail
dir=${1:?usage: scripts/make-sysroot.sh DIR}
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
if [ -f "$dir/.census-sysroot" ]; then exit 0; fi
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh debootstrap
# The Debian mirror this machine's apt uses (deb822 or one-line sources), else the public one.
mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\?\(http[^ ]*\/debian\)\/* .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
echo "make-sysroot: debootstrap bullseye into $dir from $mirror" >&2
debootstrap --variant=minbase --include=libc6-dev,libgcc-10-dev,libstdc++-10-dev bullseye "$dir" "$mirror" >"$dir.log" 2>&1 \
  || { tail -20 "$dir.log" >&2; echo "make-sysroot: debootstrap failed (log: $dir.log)" >&2; exit 1; }
root=$(cd "$dir" && pwd)
find "$root" -xdev -type l -lname '/*' | while read -r link; do
  target=$(readlink "$link")
  ln -sfn "$(realpath -m -s --relative-to="$(dirname "$link")" "$root$target")" "$link"
done
[ -f "$root/usr/lib/$multiarch/libc_nonshared.a" ] || { echo "make-sysroot: $dir has no libc_nonshared.a" >&2; exit 1; }
echo "bullseye $(date -u +%Y-%m-%d)" > "$dir/.census-sysroot"
rm -f "$dir.log"
