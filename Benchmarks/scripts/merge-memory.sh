#!/usr/bin/env bash
# Merge memory: a sharded run over >= 2 million short documents, merged with --memory 256M and with --memory 8G.
# Prints peak RSS and time of both merges and checks that their outputs are identical.
#
# usage: Benchmarks/scripts/merge-memory.sh [DOCUMENTS=2200000] [SHARDS=4]
# Needs the language-ID training text (/tmp/census-lid-data/train, see make-corpus.py) for the documents.
set -euo pipefail
cd "$(dirname "$0")/../.."
DOCS=${1:-2200000}
SHARDS=${2:-4}
TEXT=${TEXT:-/tmp/census-lid-data/train}
DATA=Benchmarks/data/short-$DOCS
WORK=${TMPDIR:-/tmp}/census-merge-bench
[ -d "$TEXT" ] || { echo "merge-memory: $TEXT missing: python3 Sources/LanguageID/Training/build-training-data.py /tmp/census-lid-data" >&2; exit 2; }
if [ ! -f "$DATA/done" ]; then
  mkdir -p "$DATA"
  # Short documents: 1 to 3 random lines of one EU language; 5 % exact copies of an earlier document.
  python3 - "$TEXT" "$DATA" "$DOCS" <<'PY'
import gzip, json, os, random, sys
text, out, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
langs = [l for l in "en de fr es it nl pl pt sv cs ro hu el da fi sk bg hr lt sl lv et ga mt".split()
         if os.path.exists(f"{text}/{l}.txt")]
pools = {l: [s for s in open(f"{text}/{l}.txt", encoding="utf-8").read().split("\n") if len(s) > 20] for l in langs}
weights = [1 / (k + 1) ** 1.2 for k in range(len(langs))]
r = random.Random(1)
files = [gzip.GzipFile(f"{out}/short-{k}.jsonl.gz", "wb", compresslevel=1, mtime=0) for k in range(8)]
recent = []
for n in range(total):
    if recent and r.random() < 0.05:
        t = r.choice(recent)
    else:
        l = r.choices(langs, weights)[0]
        t = "\n".join(r.choice(pools[l]) for _ in range(r.randint(1, 3)))
        recent.append(t)
        if len(recent) > 10000: recent.pop(0)
    files[n * 8 // total].write((json.dumps({"id": f"s{n}", "text": t}, ensure_ascii=False) + "\n").encode())
for f in files: f.close()
PY
  touch "$DATA/done"
fi
swift build -c release >&2
BIN=.build/release/census
rm -rf "$WORK" && mkdir -p "$WORK"
for ((i = 0; i < SHARDS; i++)); do
  "$BIN" run --quiet --shard "$i/$SHARDS" --out "$WORK/a" "$DATA"
done
mkdir -p "$WORK/b" && cp -r "$WORK/a/shards" "$WORK/b/"
for m in 256M 8G; do
  dir=$WORK/a; [ "$m" = 8G ] && dir=$WORK/b
  /usr/bin/time -f "%e %M" "$BIN" merge --memory "$m" "$dir" 2> "$WORK/merge-$m.log"
  read -r secs rss < <(tail -1 "$WORK/merge-$m.log")
  echo "merge --memory $m: $(grep -o 'merge: .*records = [0-9]* kept' "$WORK/merge-$m.log"), ${secs} s, peak RSS $((rss / 1024)) MB"
done
diff -r "$WORK/a/data" "$WORK/b/data" >/dev/null && cmp "$WORK/a/report/report.json" "$WORK/b/report/report.json" \
  && echo "outputs of --memory 256M and --memory 8G: identical"
rm -rf "$WORK"
