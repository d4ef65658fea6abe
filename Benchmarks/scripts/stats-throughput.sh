#!/usr/bin/env bash
# Throughput of `census stats` (the whole analysis, no documents written) on one input, release build.
#
# usage: Benchmarks/scripts/stats-throughput.sh [MB] [THREADS...]
#   MB       megabytes of the input (default 1000: the issue's 1 GB), built by make-input.py unless present
#   THREADS  thread counts to measure (default: 1 2)
#
# Measures `census stats --threads N --quiet` on the plain JSONL and on its gzip'd copy, best and worst of
# RUNS (default 3) per case under /usr/bin/time, and prints MB/s of input text (the plain file's size):
# language ID, clean-up + NFC, tokenising, vocabulary and top-word sketches, MinHash + exact keys, streaming
# deduplication and the report are all on. If Benchmarks/data/run-1500/corpus.jsonl.gz exists (the corpus of
# run-throughput.sh: Debian text in 38 languages), it is measured too, one thread.
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${1:-1000}
shift || true
THREADS=("$@")
[ ${#THREADS[@]} -eq 0 ] && THREADS=(1 2)
RUNS=${RUNS:-3}
DATA=Benchmarks/data/stats-$MB
OUT=${TMPDIR:-/tmp}/census-stats-bench
if [ ! -f "$DATA/bench.jsonl" ]; then
  python3 Benchmarks/scripts/make-input.py --mb "$MB" --no-wet --out "$DATA" >&2
fi
swift build -c release --product census >&2
BIN=.build/release/census

# measure FILE THREADS -> "wall rss_kb"
measure() {
  rm -rf "$OUT"
  /usr/bin/time -f "TIME %e %M" "$BIN" stats --threads "$2" --quiet --out "$OUT" "$1" 2> "$OUT.log" || { cat "$OUT.log" >&2; exit 1; }
  sed -n 's/^TIME //p' "$OUT.log"
}

# row LABEL FILE TEXT_MB THREADS
row() {
  local walls="" rss=0
  for _ in $(seq "$RUNS"); do
    read -r wall kb <<< "$(measure "$2" "$4")"
    walls="$walls $wall"
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$walls" | awk -v label="$1" -v mb="$3" -v t="$4" -v rss="$rss" '{
    lo = $1; hi = $1; for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i }
    printf "| %s | %d | %.2f–%.2f | %.0f–%.0f | %.0f–%.0f | %d |\n", label, t, lo, hi, mb / hi, mb / lo, mb / hi / t, mb / lo / t, rss / 1024 }'
}

text_mb=$(awk -v b="$(stat -c %s "$DATA/bench.jsonl")" 'BEGIN{print b / 1e6}')
echo "| input | threads | wall s (${RUNS} runs) | MB/s | MB/s per thread | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|"
for t in "${THREADS[@]}"; do
  row "make-input.py ${MB} MB, plain JSONL" "$DATA/bench.jsonl" "$text_mb" "$t"
done
row "the same, gzip'd" "$DATA/bench.jsonl.gz" "$text_mb" 1
CORPUS=Benchmarks/data/run-1500/corpus.jsonl.gz
if [ -f "$CORPUS" ]; then
  corpus_mb=$(gzip -dc "$CORPUS" | wc -c | awk '{print $1 / 1e6}')
  row "make-corpus.py 1500 MB (38 languages), gzip'd" "$CORPUS" "$corpus_mb" 1
fi
rm -rf "$OUT" "$OUT.log"
