#!/usr/bin/env bash
# Token counting speed beside tiktoken, one core, same text (Benchmarks/README.md, "LLM token counting").
#   Benchmarks/scripts/token-speed.sh [CORPUS.jsonl.gz] [TOKENIZERS_DIR]
# CORPUS defaults to a 100 MB make-token-corpus.py corpus (made if absent); the tokenizer files come from
# scripts/fetch-tokenizers.sh. TokenCount is compiled with -O -wmo into a small executable with
# token-count-main.swift; tiktoken's time covers encode_ordinary only (not reading).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-/tmp/census-token-corpus.jsonl.gz}
tokenizers=${2:-$root/.build/tokenizers}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$corpus" ] || python3 "$root/Benchmarks/scripts/make-token-corpus.py" "$corpus" --mb 100
python3 - "$corpus" "$work/texts.bin" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f, open(sys.argv[2], "wb") as o:
    for line in f:
        o.write(json.loads(line)["text"].encode("utf-8") + b"\0")
PY
cp "$root/Benchmarks/scripts/token-count-main.swift" "$work/main.swift"   # top-level code must be main.swift
swiftc -O -wmo "$root"/Sources/TokenCount/*.swift "$work/main.swift" -o "$work/token-count"
for spec in cl100k_base.tiktoken:cl100k gpt2.tiktoken:gpt2; do
    file=${spec%%:*} pattern=${spec##*:}
    echo "$file census: $(taskset -c 0 "$work/token-count" "$tokenizers/$file" "$work/texts.bin")"
    echo "$file tiktoken: $(taskset -c 0 python3 "$root/scripts/tiktoken-counts.py" --ranks "$tokenizers/$file" --pattern "$pattern" --time "$corpus")"
done
file=tekken_240911.json
echo "$file census: $(taskset -c 0 "$work/token-count" "$tokenizers/$file" "$work/texts.bin")"
echo "$file mistral-common: $(taskset -c 0 python3 "$root/scripts/tiktoken-counts.py" --tekken "$tokenizers/$file" --time "$corpus")"
for file in gpt2.tokenizer.json llama3-style.tokenizer.json; do
    echo "$file census: $(taskset -c 0 "$work/token-count" "$tokenizers/$file" "$work/texts.bin")"
    echo "$file tokenizers: $(taskset -c 0 python3 "$root/scripts/tiktoken-counts.py" --hf "$tokenizers/$file" --time "$corpus")"
done
