#!/usr/bin/env python3
"""Builds benchmark inputs from the real text in corpora-samples/ (deterministic from a seed).

Writes into OUT (default Benchmarks/data/):
  bench.jsonl        plain JSONL, about --mb megabytes: {"id", "text", "url"} per line
  bench.jsonl.gz     the same, gzip level 6 (one member)
  bench.warc.wet.gz  the same documents as WET conversion records, one gzip member per record

Documents are assembled from the sample texts to web-like lengths (log-normal, median about 2.5 KB),
with 5% exact and 5% near duplicates. Only the Python standard library is used.

usage: make-input.py [--mb 300] [--seed 1] [--out DIR] [--samples DIR]
"""
import argparse, gzip, io, json, math, os, random, sys, uuid, hashlib, base64

def sample_texts(folder):
    texts = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        opener = gzip.open if name.endswith(".gz") else open
        if ".jsonl" in name:
            with opener(path, "rb") as f:
                for line in f:
                    try:
                        t = json.loads(line).get("text")
                    except Exception:
                        continue
                    if isinstance(t, str) and len(t) > 20:
                        texts.append(t)
        elif ".wet" in name:
            data = opener(path, "rb").read()
            for block in data.split(b"WARC/1.0\r\n")[1:]:
                head, _, body = block.partition(b"\r\n\r\n")
                if b"WARC-Type: conversion" in head:
                    texts.append(body.rstrip(b"\r\n").decode("utf-8", "replace"))
        elif name.endswith((".txt", ".txt.gz")):
            with opener(path, "rb") as f:
                for line in f:
                    t = line.decode("utf-8", "replace").strip()
                    if len(t) > 20:
                        texts.append(t)
    return texts

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--mb", type=float, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(here, "..", "data"))
    ap.add_argument("--samples", default=os.path.join(here, "..", "..", "corpora-samples"))
    ap.add_argument("--no-wet", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts = sample_texts(args.samples)
    if not texts:
        sys.exit(f"make-input.py: no sample texts found in {args.samples}")
    os.makedirs(args.out, exist_ok=True)
    target = int(args.mb * 1e6)
    jsonl = open(os.path.join(args.out, "bench.jsonl"), "wb")
    gz = gzip.GzipFile(os.path.join(args.out, "bench.jsonl.gz"), "wb", compresslevel=6, mtime=0)
    wet = None if args.no_wet else open(os.path.join(args.out, "bench.warc.wet.gz"), "wb")
    written, n, recent = 0, 0, []
    while written < target:
        r = rng.random()
        if recent and r < 0.05:
            text = rng.choice(recent)                                  # exact duplicate
        elif recent and r < 0.10:
            words = rng.choice(recent).split(" ")                     # near duplicate: ~3% of words edited
            for _ in range(max(1, len(words) // 30)):
                words[rng.randrange(len(words))] = rng.choice(["und", "the", "la", "és", "ja", "i"])
            text = " ".join(words)
        else:
            want = int(math.exp(rng.gauss(math.log(2500), 0.8)))
            parts, size = [], 0
            start = rng.randrange(len(texts))
            while size < want:
                t = texts[(start + len(parts)) % len(texts)]
                parts.append(t)
                size += len(t.encode()) + 1
            text = "\n".join(parts)
        recent.append(text)
        if len(recent) > 1000:
            recent.pop(rng.randrange(len(recent)))
        url = f"https://www.example-{n % 97}.org/page/{n}"
        line = (json.dumps({"id": f"bench-{n:08d}", "text": text, "url": url}, ensure_ascii=False) + "\n").encode()
        jsonl.write(line)
        gz.write(line)
        if wet:
            block = text.encode() + b"\n"
            rid = uuid.UUID(int=rng.getrandbits(128))
            digest = base64.b32encode(hashlib.sha1(block).digest()).decode()
            head = (f"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: {url}\r\n"
                    f"WARC-Date: 2024-03-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
                    f"WARC-Block-Digest: sha1:{digest}\r\nContent-Type: text/plain\r\n"
                    f"Content-Length: {len(block)}\r\n\r\n").encode()
            wet.write(gzip.compress(head + block + b"\r\n\r\n", compresslevel=6, mtime=0))
        written += len(line)
        n += 1
    jsonl.close(); gz.close()
    if wet: wet.close()
    print(f"{n} documents, {written / 1e6:.1f} MB of JSONL in {os.path.abspath(args.out)}")

if __name__ == "__main__":
    main()
