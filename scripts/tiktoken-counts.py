#!/usr/bin/env python3
"""Token counts from tiktoken (the reference) for census's exactness tests and benchmark.

    tiktoken-counts.py --ranks FILE --pattern cl100k|gpt2|o200k [--time] INPUT... > counts.jsonl
    tiktoken-counts.py --tekken FILE [--time] INPUT... > counts.jsonl
    tiktoken-counts.py --hf tokenizer.json [--time] INPUT... > counts.jsonl

--tekken counts with mistral-common's own Tekkenizer (encode without BOS/EOS), the reference for Tekken files;
--hf with Hugging Face's tokenizers library (encode with add_special_tokens=False).

Each INPUT (.gz allowed) gives texts: a JSONL file its records' "text", a WET file its records' bodies,
anything else its lines. Writes one {"text": ..., "tokens": N} per text (encode_ordinary), or with --time
only the total tokens, bytes and seconds of encoding.
"""
import argparse, gzip, json, sys, time

PATTERNS = {
    "cl100k": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+""",
    "gpt2": r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""",
    # tiktoken's o200k_base (tiktoken_ext/openai_public.py); Tekken's is read from its file.
    "o200k": "|".join([
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]),
}


def texts(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as handle:
        data = handle.read()
    name = path[:-3] if path.endswith(".gz") else path
    if name.endswith(".jsonl"):
        for line in data.split("\n"):
            try:
                record = json.loads(line) if line.strip() else None
            except ValueError:
                record = None   # a malformed line: census rejects it too
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                yield record["text"]
    elif name.endswith(".wet"):
        for record in data.split("WARC/1.0\r\n")[1:]:
            head, _, body = record.partition("\r\n\r\n")
            yield body.rstrip("\r\n")
    else:
        yield from data.split("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ranks")
    parser.add_argument("--pattern", choices=sorted(PATTERNS))
    parser.add_argument("--tekken")
    parser.add_argument("--hf")
    parser.add_argument("--time", action="store_true")
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()
    if args.hf:
        from tokenizers import Tokenizer
        hf = Tokenizer.from_file(args.hf)
        count = lambda text: len(hf.encode(text, add_special_tokens=False).ids)
    elif args.tekken:
        from mistral_common.tokens.tokenizers.tekken import Tekkenizer
        tekkenizer = Tekkenizer.from_file(args.tekken)
        count = lambda text: len(tekkenizer.encode(text, bos=False, eos=False))
    else:
        if not (args.ranks and args.pattern):
            parser.error("--ranks and --pattern, or --tekken")
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe
        encoding = tiktoken.Encoding("census-check", pat_str=PATTERNS[args.pattern],
                                     mergeable_ranks=load_tiktoken_bpe(args.ranks), special_tokens={})
        count = lambda text: len(encoding.encode_ordinary(text))
    all_texts = [text for path in args.inputs for text in texts(path)]
    if args.time:
        size = sum(len(text.encode("utf-8")) for text in all_texts)
        start = time.perf_counter()
        tokens = sum(count(text) for text in all_texts)
        seconds = time.perf_counter() - start
        print(json.dumps({"tokens": tokens, "bytes": size, "seconds": seconds, "mb_per_s": size / seconds / 1e6}))
        return
    out = sys.stdout
    for text in all_texts:
        out.write(json.dumps({"text": text, "tokens": count(text)}) + "\n")   # ASCII escapes: a leading BOM survives JSON readers


if __name__ == "__main__":
    main()
