#!/usr/bin/env python3
"""Picks deterministic samples of the held-out lines: for the repository's tests, and the evaluation sets.

usage: sample-heldout.py DATA_DIR OUT.tsv.gz [--per-lang 100] [--langs "vi id ..."]
                         [--documents N] [--pairs] [--seed S]

DATA_DIR is the output of build-training-data.py; OUT gets CODE<TAB>TEXT lines (gzip, mtime 0), at most
--per-lang per language, in language order. `census eval-langid OUT` scores them. --langs picks those
languages only (default: every held-out file).

* default: held-out lines spread evenly over each held-out file;
* --documents N: "documents" of N held-out lines drawn at random (without replacement within a document)
  and joined by a space (EVALUATION.md: N = 8, --per-lang 300, --seed 3);
* --pairs: two adjacent words of a random held-out line that has at least two (EVALUATION.md: --per-lang
  300, --seed 11).

Python standard library only; the same inputs and options give the same bytes.
"""
import argparse, gzip, os, random

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--per-lang", type=int, default=100)
    ap.add_argument("--langs")
    ap.add_argument("--documents", type=int, default=0, metavar="N")
    ap.add_argument("--pairs", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    only = set(args.langs.split()) if args.langs else None
    heldout = os.path.join(args.data, "heldout")
    rows = []
    for name in sorted(os.listdir(heldout)):
        if not name.endswith(".txt"):
            continue
        code = name[:-4]
        if only is not None and code not in only:
            continue
        lines = [l.rstrip("\n") for l in open(os.path.join(heldout, name), encoding="utf-8") if l.strip()]
        lines = [l for l in lines if "\t" not in l]
        if not lines:
            continue
        rng = random.Random(f"{args.seed}:{code}")
        if args.documents:
            if len(lines) < args.documents:
                continue
            picked = [" ".join(rng.sample(lines, args.documents)) for _ in range(args.per_lang)]
        elif args.pairs:
            multi = [l.split() for l in lines if len(l.split()) >= 2]
            picked = []
            for _ in range(args.per_lang if multi else 0):
                words = rng.choice(multi)
                k = rng.randrange(len(words) - 1)
                picked.append(words[k] + " " + words[k + 1])
        else:
            step = max(1, len(lines) // args.per_lang)
            picked = lines[::step][: args.per_lang]
        rows += [f"{code}\t{l}\n" for l in picked]
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write("".join(rows).encode("utf-8"))
    print(f"{len(rows)} lines -> {args.out}")

if __name__ == "__main__":
    main()
