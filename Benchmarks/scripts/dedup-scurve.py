#!/usr/bin/env python3
"""Measures census's near-duplicate detection against exact Jaccard similarity.

Generates document pairs whose word 5-gram shingle sets have known exact Jaccard similarity spread over 0-1
(each pair has its own vocabulary, so pairs never interact), runs `census dedup` on all of them at once, and
prints, per Jaccard bucket, the share of pairs detected (one of the two removed) beside the LSH formula
1 - (1 - s^r)^b; then the recall of pairs with J >= 0.8 and the false-positive rate of pairs with J <= 0.5.
Deterministic from --seed. Python standard library only.

usage: dedup-scurve.py CENSUS [--pairs 10000] [--words 200] [--seed 7] [--bands 14 --rows 8] [--extra ARGS]
"""
import argparse, json, os, random, subprocess, sys, tempfile

def shingles(words, n=5):
    if len(words) < n:
        return {tuple(words)}
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("census")
    ap.add_argument("--pairs", type=int, default=10000)
    ap.add_argument("--words", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bands", type=int, default=14)
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--extra", default="", help="more census dedup options, e.g. '--verify-jaccard 0.7'")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="census-scurve-")
    path = os.path.join(tmp, "pairs.jsonl")
    truth = []
    letters = "abcdefghijklmnopqrstuvwxyz"
    with open(path, "w") as f:
        for p in range(args.pairs):
            def word(k):  # unique to this pair
                return "".join(rng.choice(letters) for _ in range(5)) + f"q{p}x{k}"
            a = [word(k) for k in range(args.words)]
            b = list(a)
            edits = int(rng.random() ** 2.5 * 0.5 * args.words)   # more pairs at high similarity
            for e in range(edits):
                b[rng.randrange(len(b))] = word(args.words + e)
            sa, sb = shingles(a), shingles(b)
            j = len(sa & sb) / len(sa | sb)
            truth.append((p, j))
            f.write(json.dumps({"id": f"p{p}a", "text": " ".join(a)}) + "\n")
            f.write(json.dumps({"id": f"p{p}b", "text": " ".join(b)}) + "\n")
    out = subprocess.run([args.census, "dedup", "--quiet", "--print-removed", "--bands", str(args.bands),
                          "--rows", str(args.rows), "--out", os.path.join(tmp, "out"), path] + args.extra.split(),
                         capture_output=True, text=True, check=True).stdout.split()
    removed = set(out)
    buckets = {}
    for p, j in truth:
        hit = (f"p{p}a" in removed) != (f"p{p}b" in removed)
        k = min(int(j * 10), 9)
        buckets.setdefault(k, [0, 0])
        buckets[k][0] += hit
        buckets[k][1] += 1
    print(f"{args.pairs} pairs of {args.words} words, {args.bands} bands x {args.rows} rows {args.extra}")
    print("| Jaccard | pairs | detected | formula at bucket middle |")
    print("|---|---:|---:|---:|")
    for k in sorted(buckets):
        hit, n = buckets[k]
        s = (k + 0.5) / 10
        formula = 1 - (1 - s ** args.rows) ** args.bands
        print(f"| {k / 10:.1f}-{(k + 1) / 10:.1f} | {n} | {hit / n:.3f} | {formula:.3f} |")
    high = [(p, j) for p, j in truth if j >= 0.8]
    low = [(p, j) for p, j in truth if j <= 0.5]
    rec = sum((f"p{p}a" in removed) != (f"p{p}b" in removed) for p, _ in high) / max(1, len(high))
    fp = sum((f"p{p}a" in removed) or (f"p{p}b" in removed) for p, _ in low) / max(1, len(low))
    print(f"\nrecall of pairs with J >= 0.8: {rec:.4f} ({len(high)} pairs); "
          f"false-positive rate of pairs with J <= 0.5: {fp:.4f} ({len(low)} pairs)")

if __name__ == "__main__":
    main()
