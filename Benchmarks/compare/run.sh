#!/usr/bin/env bash
# Benchmarks/compare/run.sh: census beside the peer tools, one core each, on one corpus.
#
#   bash Benchmarks/compare/run.sh                 # MB=100: ~15 min on a 2-core machine
#
# Does everything on a fresh Debian 12 machine with Swift 6 (as root, or with sudo for apt-get):
#   1. setup.sh: pigz/ICU headers from Debian, the pinned peers from PyPI into Benchmarks/compare/.venv
#   2. builds census in release mode if .build/release/census is missing or older than the sources
#   3. the corpus: Benchmarks/scripts/make-corpus.py --mb $MB from the language-ID training text
#      (built first with Sources/LanguageID/Training/build-training-data.py if $LID_DATA/train is
#      missing: ~5 min, ~1 GB of .debs from Debian), and a small one from its held-out text
#   4. compare.py: every comparison, each measured process under `taskset -c $CORE`; writes
#      $OUT/table.md (printed at the end), $OUT/results.json and $OUT/raw/
#
# Environment: MB (100), RUNS (1; 3 gives medians), CORE (1), OUT (Benchmarks/compare/results),
#   DATATROVE_DOCS (30000: datatrove reads at most the first N documents; 0 = all),
#   DATATROVE_RUNS (1), HELDOUT_MB (4), LID_DATA (/tmp/census-lid-data), VENV (Benchmarks/compare/.venv),
#   SECTIONS (reading,lid,lid-heldout,dedup,tokenize,e2e).
set -euo pipefail
start=$(date +%s)
cd "$(dirname "$0")/../.."
root=$PWD
MB=${MB:-100}
RUNS=${RUNS:-1}
CORE=${CORE:-1}
OUT=${OUT:-$root/Benchmarks/compare/results}
LID_DATA=${LID_DATA:-/tmp/census-lid-data}
HELDOUT_MB=${HELDOUT_MB:-4}
export VENV=${VENV:-$root/Benchmarks/compare/.venv}
pin=(taskset -c "$CORE")   # everything here stays on one core; the other is left to other work

echo "== setup (venv: $VENV)"
"${pin[@]}" bash Benchmarks/compare/setup.sh

census=$root/.build/release/census
if [[ ! -x $census ]] || [[ -n $(find Sources Package.swift Package.resolved -newer "$census" -type f 2>/dev/null | head -1) ]]; then
  echo "== swift build -c release (census missing or older than its sources)"
  # SwiftPM waits by itself while another build holds .build; retry a few times if it gives up
  for try in 1 2 3 4 5; do
    if "${pin[@]}" swift build -c release; then break; fi
    [[ $try == 5 ]] && { echo "swift build failed" >&2; exit 1; }
    echo "build failed (locked?); retrying in 60 s" >&2; sleep 60
  done
fi
"$census" --version

if [[ ! -d $LID_DATA/train || ! -d $LID_DATA/heldout ]]; then
  echo "== language-ID training text -> $LID_DATA (~5 min, ~1 GB from Debian)"
  "${pin[@]}" python3 Sources/LanguageID/Training/build-training-data.py "$LID_DATA"
fi
data=Benchmarks/data/compare-$MB
if [[ ! -f $data/manifest.json ]]; then
  echo "== corpus: $MB MB of text -> $data"
  "${pin[@]}" python3 Benchmarks/scripts/make-corpus.py --mb "$MB" --formats jsonl --text "$LID_DATA/train" --out "$data"
fi
heldout=Benchmarks/data/compare-heldout-$HELDOUT_MB
if [[ ! -f $heldout/manifest.json ]]; then
  echo "== held-out corpus: $HELDOUT_MB MB of text -> $heldout"
  "${pin[@]}" python3 Benchmarks/scripts/make-corpus.py --mb "$HELDOUT_MB" --zipf 0 --exact-rate 0 --near-rate 0 \
    --formats jsonl --text "$LID_DATA/heldout" --out "$heldout"
fi

echo "== comparisons (one core: $CORE) -> $OUT"
"${pin[@]}" "$VENV/bin/python" Benchmarks/compare/compare.py --corpus "$data" --heldout "$heldout" \
  --census "$census" --out "$OUT" --runs "$RUNS" --core "$CORE" \
  --datatrove-docs "${DATATROVE_DOCS:-30000}" --datatrove-runs "${DATATROVE_RUNS:-1}" \
  --sections "${SECTIONS:-reading,lid,lid-heldout,dedup,tokenize,e2e}" --started "$start"
echo "run.sh: done in $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s; table: $OUT/table.md"
