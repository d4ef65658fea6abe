#!/usr/bin/env python3
"""Builds Hugging Face tokenizer.json files for census's exactness tests (not committed):

    make-hf-tokenizers.py WHISPER_ASSETS CL100K_BASE.tiktoken OUTDIR

- gpt2.tokenizer.json, multilingual.tokenizer.json: GPT-2's and Whisper's vocab.json + merges.txt as
  openai-whisper 20230124 ships them (MIT), a ByteLevel pre-tokenizer, "<|endoftext|>" added, as Hugging
  Face's gpt2 tokenizer.json is made;
- llama3-style.tokenizer.json: cl100k_base's ranks turned into vocab + merges the way transformers converts a
  tiktoken file (each token's merge is the split tiktoken's BPE gives it from lower ranks), with Llama 3's
  pre-tokenizer (Split on its regex, then ByteLevel without regex), ignore_merges, and added special tokens.
The reference counts come from the `tokenizers` library itself (tiktoken-counts.py --hf).
"""
import base64, json, sys
from tokenizers import Tokenizer, models, pre_tokenizers, AddedToken

LLAMA3_REGEX = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""


def byte_characters():
    printable = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def main():
    assets, cl100k, out = sys.argv[1:4]
    for name in ["gpt2", "multilingual"]:
        tok = Tokenizer(models.BPE.from_file(f"{assets}/{name}/vocab.json", f"{assets}/{name}/merges.txt"))
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.add_special_tokens([AddedToken("<|endoftext|>", special=True)])
        tok.save(f"{out}/{name}.tokenizer.json")
    ranks = {}
    for line in open(cl100k, "rb"):
        if line.strip():
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    chars = byte_characters()
    text = lambda b: "".join(chars[x] for x in b)

    def split(token, limit):
        parts = [bytes([b]) for b in token]
        while True:
            best, at = None, None
            for i in range(len(parts) - 1):
                r = ranks.get(parts[i] + parts[i + 1])
                if r is not None and (best is None or r < best):
                    best, at = r, i
            if best is None or best >= limit:
                return parts
            parts = parts[:at] + [parts[at] + parts[at + 1]] + parts[at + 2:]

    merges = []
    for token, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
        if len(token) > 1:
            parts = split(token, rank)
            assert len(parts) == 2, (token, parts)
            merges.append([text(parts[0]), text(parts[1])])
    special = ["<|begin_of_text|>", "<|end_of_text|>"] + [f"<|reserved_special_token_{k}|>" for k in range(4)]
    data = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": len(ranks) + k, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for k, s in enumerate(special)],
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": LLAMA3_REGEX}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": None, "decoder": None,
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": True,
                  "vocab": {text(t): r for t, r in ranks.items()}, "merges": merges},
    }
    with open(f"{out}/llama3-style.tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    Tokenizer.from_file(f"{out}/llama3-style.tokenizer.json")   # it loads


if __name__ == "__main__":
    main()
