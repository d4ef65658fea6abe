#!/usr/bin/env python3
"""Picks a small, deterministic sample of the held-out lines for the repository's tests.

usage: sample-heldout.py DATA_DIR OUT.tsv.gz [--per-lang 100] [--langs "vi id ..."]

DATA_DIR is the output of build-training-data.py; OUT gets CODE<TAB>TEXT lines (gzip, mtime 0), at most
--per-lang per language, spread evenly over each held-out file, in language order. `census eval-langid OUT`
scores them. --langs picks those languages only (default: every held-out file). Python standard library only.
"""
import argparse, gzip, os

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--per-lang", type=int, default=100)
    ap.add_argument("--langs")
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
        step = max(1, len(lines) // args.per_lang)
        picked = [l for l in lines[::step] if "\t" not in l][: args.per_lang]
        rows += [f"{code}\t{l}\n" for l in picked]
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write("".join(rows).encode("utf-8"))
    print(f"{len(rows)} lines -> {args.out}")

if __name__ == "__main__":
    main()
