# Sourced by the checks of the static release (static-check, glibc-check, wheel-check), from the repository's
# root: the version, the static executable ($static, built by scripts/release-static.sh when missing) and the
# normal build it is compared with ($dynamic: CENSUS_BIN, else the release build, built when missing).
version=$(sed -n 's/.*let censusVersion = "\(.*\)".*/\1/p' Sources/CorpusPipeline/Version.swift)
static=dist/census-$version-linux-$(uname -m)/census
dynamic=${CENSUS_BIN:-.build/release/census}
[ -x "$static" ] || bash scripts/release-static.sh
[ -x "$dynamic" ] || swift build -c release >&2
