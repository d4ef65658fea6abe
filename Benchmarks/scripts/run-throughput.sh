#!/usr/bin/env bash
# Throughput and peak memory of the whole job, `census run`, on the benchmark corpus (release build).
#
# usage: Benchmarks/scripts/run-throughput.sh [MB] [THREADS...]
#   MB       megabytes of document text in the corpus (default 1500: about 550 MB of gzip'd JSONL)
#   THREADS  thread counts to measure (default: 1 2)
#
# Builds the corpus with make-corpus.py (real text from Debian packages, log-normal document lengths,
# 5 % exact and 5 % near duplicates; it needs /tmp/census-lid-data, see that script) unless it exists,
# then runs `census run --threads N` on it, best of RUNS (default 2) per thread count, and prints MB/s of
# uncompressed text (wall clock and per CPU second), documents/s, peak RSS and the key memory of the
# deduplicator. A second corpus of MB/3 gives RSS growth per million unique documents.
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${1:-1500}
shift || true
THREADS=("$@")
[ ${#THREADS[@]} -eq 0 ] && THREADS=(1 2)
RUNS=${RUNS:-2}
DATA=Benchmarks/data/run-$MB
SMALL_MB=$((MB / 3))
SMALL=Benchmarks/data/run-$SMALL_MB
OUT=${TMPDIR:-/tmp}/census-run-bench

for pair in "$MB:$DATA" "$SMALL_MB:$SMALL"; do
  size=${pair%%:*}; dir=${pair#*:}
  if [ ! -f "$dir/corpus.jsonl.gz" ]; then
    python3 Benchmarks/scripts/make-corpus.py --mb "$size" --formats jsonl --out "$dir" >&2
  fi
done
swift build -c release >&2
BIN=.build/release/census

# run FILE THREADS -> "wall cpu rss_kb text_mb documents kept"
measure() {
  rm -rf "$OUT"
  /usr/bin/time -f "TIME %e %U %S %M" "$BIN" run --threads "$2" --out "$OUT" "$1" 2> "$OUT.log" || { cat "$OUT.log" >&2; exit 1; }
  python3 - "$OUT.log" <<'PY'
import re, sys
log = open(sys.argv[1]).read()
t = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", log)
r = re.search(r"run: (\d+) records = (\d+) kept .*?([\d.]+) MB of text", log)
print(t.group(1), float(t.group(2)) + float(t.group(3)), t.group(4), r.group(3), r.group(1), r.group(2))
PY
}

echo "| input | threads | wall s | CPU s | MB/s (wall) | MB/s per CPU s | documents/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
declare -A best
for t in "${THREADS[@]}"; do
  line=""
  for _ in $(seq "$RUNS"); do
    m=$(measure "$DATA/corpus.jsonl.gz" "$t")
    if [ -z "$line" ] || awk -v a="$m" -v b="$line" 'BEGIN{split(a,x," ");split(b,y," ");exit !(x[1]<y[1])}'; then line=$m; fi
  done
  read -r wall cpu rss mb docs kept <<< "$line"
  best[$t]=$wall
  awk -v f="$(du -m "$DATA/corpus.jsonl.gz" | cut -f1)" -v t="$t" -v w="$wall" -v c="$cpu" -v r="$rss" -v mb="$mb" -v d="$docs" \
    'BEGIN{printf "| %s MB text (%d MB gz) | %d | %.2f | %.2f | %.1f | %.1f | %d | %d |\n", mb, f, t, w, c, mb/w, mb/c, d/w, r/1024}'
done
if [ -n "${best[1]:-}" ] && [ -n "${best[2]:-}" ]; then
  awk -v a="${best[1]}" -v b="${best[2]}" 'BEGIN{printf "\n2 threads / 1 thread: %.2fx\n", a/b}'
fi

# Memory growth: peak RSS of the large and the small corpus (one thread), per million kept documents.
read -r _ _ rss_big _ _ kept_big <<< "$(measure "$DATA/corpus.jsonl.gz" 1)"
read -r _ _ rss_small _ _ kept_small <<< "$(measure "$SMALL/corpus.jsonl.gz" 1)"
awk -v a="$rss_big" -v b="$rss_small" -v x="$kept_big" -v y="$kept_small" \
  'BEGIN{printf "peak RSS %d MB at %d kept documents, %d MB at %d: %.0f MB per extra million unique documents\n", a/1024, x, b/1024, y, (a-b)/1024/((x-y)/1e6)}'
rm -rf "$OUT" "$OUT.log"
