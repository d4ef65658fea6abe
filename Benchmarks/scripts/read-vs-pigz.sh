#!/usr/bin/env bash
# Reading throughput of `census count` beside `pigz -p1 -dc` on the same gzip'd JSONL file (one gzip
# stream: zlib inflates it) and WET file (one gzip member per record, as Common Crawl's: libdeflate decodes
# whole members) and the JSONL compressed with `zstd -3` beside `zstd -dc`, one core, and census's peak memory
# on a 1 GB input.
#   Benchmarks/scripts/read-vs-pigz.sh [MB]     (default 300 MB for throughput; memory uses 1000 MB)
# Needs: pigz (installed if missing), python3. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${1:-300}
bash .ci/install-deps.sh pigz time zstd
swift build -c release >/dev/null
CENSUS=.build/release/census
DATA=Benchmarks/data
python3 Benchmarks/scripts/make-input.py --mb "$MB" --out "$DATA" >/dev/null
FILE=$DATA/bench.jsonl.gz
WET=$DATA/bench.warc.wet.gz
BYTES=$(stat -c %s "$DATA/bench.jsonl")
WET_BYTES=$(pigz -dc "$WET" | wc -c)
ZST=$DATA/bench.jsonl.zst
zstd -q -3 -f "$DATA/bench.jsonl" -o "$ZST"
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT
best() {  # best wall time of 5 runs of a command, in seconds
  local best=999999
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f %e -o "$TIMES" "$@" >/dev/null 2>&1
    best=$(python3 -c "print(min($best, $(tail -1 "$TIMES")))")
  done
  echo "$best"
}
pigz_s=$(best taskset -c 0 pigz -p1 -dc "$FILE")
census_s=$(best taskset -c 0 "$CENSUS" count --quiet "$FILE")
pigz_wet_s=$(best taskset -c 0 pigz -p1 -dc "$WET")
census_wet_s=$(best taskset -c 0 "$CENSUS" count --quiet "$WET")
zstd_s=$(best taskset -c 0 zstd -dc "$ZST")
census_zst_s=$(best taskset -c 0 "$CENSUS" count --quiet "$ZST")
python3 - "$BYTES" "$pigz_s" "$census_s" "$WET_BYTES" "$pigz_wet_s" "$census_wet_s" "$zstd_s" "$census_zst_s" <<'PY'
import sys
b, p, c, wb, wp, wc = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
zs, zc = float(sys.argv[7]), float(sys.argv[8])
print(f"| input | tool (one core) | seconds | MB/s decompressed |")
print(f"|---|---|---|---|")
print(f"| JSONL, one gzip stream | pigz -p1 -dc > /dev/null | {p:.2f} | {b/1e6/p:.0f} |")
print(f"| JSONL, one gzip stream | census count | {c:.2f} | {b/1e6/c:.0f} |")
print(f"| WET, a gzip member per record | pigz -p1 -dc > /dev/null | {wp:.2f} | {wb/1e6/wp:.0f} |")
print(f"| WET, a gzip member per record | census count | {wc:.2f} | {wb/1e6/wc:.0f} |")
print(f"| JSONL, zstd -3 | zstd -dc > /dev/null | {zs:.2f} | {b/1e6/zs:.0f} |")
print(f"| JSONL, zstd -3 | census count | {zc:.2f} | {b/1e6/zc:.0f} |")
print(f"\ncensus / pigz = {p/c:.2f}x on JSONL ({b/1e6:.0f} MB), {wp/wc:.2f}x on WET ({wb/1e6:.0f} MB); census / zstd = {zs/zc:.2f}x")
PY
python3 Benchmarks/scripts/make-input.py --mb 1000 --out "$DATA/stats-1000" --no-wet >/dev/null
/usr/bin/time -v -o "$TIMES" "$CENSUS" count --quiet "$DATA/stats-1000/bench.jsonl.gz" >/dev/null
rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$TIMES")
echo "peak RSS of census count on $(stat -c %s "$DATA/stats-1000/bench.jsonl" | awk '{printf "%.0f", $1/1e6}') MB of JSONL (gzip): $((rss / 1024)) MB"
