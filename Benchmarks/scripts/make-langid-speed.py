#!/usr/bin/env python3
"""Inputs for timing `census langid` (issue 16's speed targets), built from the UDHR texts.

  python3 Benchmarks/scripts/make-langid-speed.py [UDHR_DIR] [--out /tmp/lidspeed]

writes OUT/docs.jsonl (150,000 documents of about 1 KB: consecutive paragraphs of one file until 1,000 bytes,
the files taken in turn) and OUT/lines.txt (400,000 paragraphs of at most 120 characters, the files in turn).
UDHR_DIR defaults to ../shared/data/udhr beside the checkout (not shipped with the project). Deterministic.
Time with: census langid --format jsonl OUT/docs.jsonl > /dev/null; census langid OUT/lines.txt > /dev/null
"""
import argparse
import json
import os
import sys


def paragraphs(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "data", "udhr"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("udhr", nargs="?", default=default)
    parser.add_argument("--out", default="/tmp/lidspeed")
    parser.add_argument("--documents", type=int, default=150_000)
    parser.add_argument("--lines", type=int, default=400_000)
    args = parser.parse_args()
    names = sorted(n for n in os.listdir(args.udhr) if n.endswith(".txt"))
    if not names:
        sys.exit(f"make-langid-speed.py: no .txt files in {args.udhr}")
    texts = [paragraphs(os.path.join(args.udhr, n)) for n in names]
    os.makedirs(args.out, exist_ok=True)

    cursor = [0] * len(texts)
    with open(os.path.join(args.out, "docs.jsonl"), "w", encoding="utf-8") as out:
        for k in range(args.documents):
            i = k % len(texts)
            lines, parts, size = texts[i], [], 0
            while size < 1000:
                line = lines[cursor[i] % len(lines)]
                cursor[i] += 1
                parts.append(line)
                size += len(line.encode("utf-8")) + 1
            out.write(json.dumps({"text": "\n".join(parts)}, ensure_ascii=False) + "\n")

    short = [[line for line in t if len(line) <= 120] or [t[0][:120]] for t in texts]
    cursor = [0] * len(short)
    with open(os.path.join(args.out, "lines.txt"), "w", encoding="utf-8") as out:
        for k in range(args.lines):
            i = k % len(short)
            out.write(short[i][cursor[i] % len(short[i])] + "\n")
            cursor[i] += 1


if __name__ == "__main__":
    main()
