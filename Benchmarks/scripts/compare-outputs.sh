#!/usr/bin/env bash
# Byte-for-byte comparison of what two census binaries write: for refactorings that must not change outputs.
#
# usage: Benchmarks/scripts/compare-outputs.sh OLD_BIN NEW_BIN [CORPUS.jsonl.gz]
#   Runs, with each binary, on corpora-samples/: run --threads 2, stats, dedup (also --print-removed), a run in
#   3 slices + merge, slurm --tasks 3, langid, cat; and on CORPUS (e.g. a make-corpus.py corpus): run
#   --keep-removed and a run in 2 slices + merge. Then diff -r of everything (state files included).
#   Exit 0 when identical. Each binary is copied to the same temporary path, so paths in the outputs agree.
set -uo pipefail
cd "$(dirname "$0")/../.."
OLD=$1; NEW=$2; CORPUS=${3:-}
WORK=${TMPDIR:-/tmp}/census-compare
rm -rf "$WORK"; mkdir -p "$WORK"
S=$PWD/corpora-samples
capture() {   # capture NAME BIN
  local O=$WORK/out BIN=$WORK/census
  cp "$2" "$BIN"
  rm -rf "$O"; mkdir -p "$O"
  local samples=("$S/web-docs.jsonl.gz" "$S/crawl.warc.wet.gz" "$S/lines.txt.gz" "$S/help.paragraphs.txt")
  {
    "$BIN" run --quiet --threads 2 --out "$O/run" "${samples[@]}"; echo "run $?"
    "$BIN" stats --quiet --threads 2 --out "$O/stats" "${samples[@]:0:3}"; echo "stats $?"
    "$BIN" dedup --quiet --out "$O/dedup" "${samples[@]:0:2}" > "$O/dedup.stdout"; echo "dedup $?"
    "$BIN" dedup --quiet --print-removed --out "$O/dedup2" "$S/web-docs.jsonl.gz" > "$O/dedup2.stdout"; echo "dedup2 $?"
    for i in 0 1 2; do "$BIN" run --quiet --threads 2 --shard $i/3 --out "$O/merge" "${samples[@]}"; echo "slice$i $?"; done
    "$BIN" merge --quiet "$O/merge"; echo "merge $?"
    rm -rf "$O/merge/shards"
    "$BIN" slurm --out "$O/slurm" --tasks 3 --time 1:00:00 "$S/web-docs.jsonl.gz" --samples 5 > /dev/null; echo "slurm $?"
    "$BIN" langid "$S/lines.txt.gz" > "$O/langid.tsv"; echo "langid $?"
    "$BIN" cat "$S/web-docs.jsonl.gz" > "$O/cat.jsonl"; echo "cat $?"
    if [ -n "$CORPUS" ]; then
      "$BIN" run --quiet --keep-removed --out "$O/run-corpus" "$CORPUS"; echo "run-corpus $?"
      for i in 0 1; do "$BIN" run --quiet --shard $i/2 --out "$O/merge-corpus" "$CORPUS" "$S/web-docs.jsonl.gz"; echo "slice-corpus$i $?"; done
      "$BIN" merge --quiet "$O/merge-corpus"; echo "merge-corpus $?"
      rm -rf "$O/merge-corpus/shards"
    fi
  } > "$O/exit-codes" 2> "$O/stderr"
  rm -f "$O"/*/.lock
  mv "$O" "$WORK/$1"
}
capture old "$OLD"
capture new "$NEW"
if diff -r "$WORK/old" "$WORK/new"; then
  echo "identical: $(find "$WORK/new" -type f | wc -l) files, $(du -sh "$WORK/new" | cut -f1)"
else
  echo "outputs differ (see above; folders in $WORK)"
  exit 1
fi
