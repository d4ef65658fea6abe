#!/usr/bin/env bash
# Checks the Python wheel (scripts/build-wheel.py over the static release): installed with pip into a fresh venv
# without network, it puts a working `census` on the venv's PATH; `census run corpora-samples/` from there writes
# the same report.json and shards as the normal build; the thin module finds the executable and reads the report.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/release-paths.sh
wheel=$(python3 scripts/build-wheel.py --binary "$static")
case $(basename "$wheel") in
  corpus_census-"$version"-py3-none-manylinux_2_*_"$(uname -m)".whl) ;;
  *) echo "wheel-check: unexpected wheel name $wheel" >&2; exit 1 ;;
esac
# auditwheel (PyPA's own checker, when installed) must find the wheel consistent with the tag it carries.
if command -v auditwheel >/dev/null 2>&1; then
  tag=$(basename "$wheel" .whl | sed 's/.*-py3-none-//')
  auditwheel show "$wheel" | tr '\n' ' ' | grep -q "consistent with the following platform tag: \"$tag\"" \
    || { auditwheel show "$wheel" >&2; echo "wheel-check: auditwheel disagrees with $tag" >&2; exit 1; }
fi
work=$(mktemp -d /tmp/census-wheel-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --no-index "$wheel"
# The venv's bin/ first on PATH, as `source venv/bin/activate` does; the toolchain's folders stay, which is
# fine: the static executable links no Swift library (ci/static-check.sh runs it with them hidden).
PATH="$work/venv/bin:$PATH"
[ "$(command -v census)" = "$work/venv/bin/census" ] || { echo "wheel-check: census is not the venv's" >&2; exit 1; }
[ "$(census --version)" = "$version" ]
census run --quiet --out "$work/wheel" corpora-samples
"$dynamic" run --quiet --out "$work/dynamic" corpora-samples
cmp "$work/dynamic/report/report.json" "$work/wheel/report/report.json"
diff -r "$work/dynamic/data" "$work/wheel/data" >/dev/null
"$work/venv/bin/python" - "$work/wheel" "$work/venv" "$version" <<'PY'
import os, sys
import corpus_census
out, venv, version = sys.argv[1:]
assert corpus_census.executable() == os.path.join(venv, "bin", "census"), corpus_census.executable()
assert corpus_census.__version__ == version
report = corpus_census.read_report(out)
assert report["records_read"] > 0 and report["accounting_holds"] is True, report.get("records_read")
done = corpus_census.run(["--version"], capture_output=True, text=True)
assert done.stdout.strip() == version
PY
[ "$("$work/venv/bin/python" -m corpus_census --version)" = "$version" ]
"$work/venv/bin/python" -m pip uninstall -q -y corpus-census
[ ! -e "$work/venv/bin/census" ] || { echo "wheel-check: pip uninstall left bin/census" >&2; exit 1; }
echo "wheel-check: $(basename "$wheel") ($(du -h "$wheel" | cut -f1)) installed into a fresh venv with pip --no-index: census --version, census run corpora-samples/ (same report.json and shards as $dynamic), python -m corpus_census, corpus_census.read_report; pip uninstall removes it" >&2
echo "1 passed, 0 failed"
