#!/usr/bin/env bash
# Prints the newest GLIBC_ symbol version BINARY needs (from `objdump -T`), e.g. 2.27. With FLOOR, fails (exit 1,
# naming the symbols) when that version is newer than FLOOR. Used by scripts/release-static.sh and ci/glibc-check.sh.
#
# usage: scripts/glibc-floor.sh BINARY [FLOOR]
set -euo pipefail
binary=${1:?usage: scripts/glibc-floor.sh BINARY [FLOOR]}
floor=${2:-}
newest=$(objdump -T "$binary" | grep -oE 'GLIBC_[0-9]+\.[0-9]+' | sed 's/GLIBC_//' | sort -V | tail -1)
[ -n "$newest" ] || { echo "glibc-floor: $binary has no GLIBC symbol versions" >&2; exit 1; }
if [ -n "$floor" ] && [ "$(printf '%s\n%s\n' "$newest" "$floor" | sort -V | tail -1)" != "$floor" ]; then
  echo "glibc-floor: $binary needs GLIBC_$newest, newer than the floor $floor:" >&2
  objdump -T "$binary" | grep -E "GLIBC_$newest\b" >&2
  exit 1
fi
echo "$newest"
