#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from corpora-samples/ and the bad-input cases of the tests.

usage: make-seeds.py OUT      (writes OUT/<Target>/seed-NNN; standard library, and the zstd command
for FuzzZstd's seeds when it is installed)

Decoder targets (FuzzGzip, FuzzZstd, FuzzJSONL, FuzzWET, FuzzLines) take one leading byte (the piece size of the split
decoding) and then the file's bytes; the text targets take text (FuzzNormalizer: one leading byte, the form).
Seeds are kept small (at most 16 KB) so the fuzzer runs fast.
"""
import gzip, json, os, shutil, subprocess, sys, zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpora-samples")
out = sys.argv[1]

def gz(data, level=6):
    return gzip.compress(data, compresslevel=level, mtime=0)

def write(target, seeds):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    for k, s in enumerate(seeds):
        with open(os.path.join(d, "seed-%03d" % k), "wb") as f:
            f.write(s[:16384])

jsonl = gzip.open(os.path.join(root, "web-docs.jsonl.gz")).read().split(b"\n")
wet = gzip.open(os.path.join(root, "crawl.warc.wet.gz")).read()
records = [b"WARC/1.0\r\n" + r for r in wet.split(b"WARC/1.0\r\n")[1:]]
lines = gzip.open(os.path.join(root, "lines.txt.gz")).read().split(b"\n")
texts = []
for l in jsonl[:600]:
    try:
        t = json.loads(l).get("text")
        if isinstance(t, str):
            texts.append(t.encode())
    except Exception:
        pass

bad_jsonl = [b'{"text":"ok"}\n{"text": oops}\n{"id":"no-text"}\n', b'{"text":"\\ud83d\\ude00 \\u0000 \\"q\\""}\n',
             b'{"a":{"b":[1,{"c":"d"}]},"text":"nested"}\n', b'[' * 64 + b'\n', b'{"text":"unterminated\n',
             b'{"text":"x"} trailing\n', b'\xef\xbb\xbf{"text":"bom"}\r\n', b'{"text":"bad \xc3\x28 utf8"}\n']
good = b"".join(jsonl[k] + b"\n" for k in range(0, 40))
gzipped = gz(good)
corrupt = bytearray(gzipped); corrupt[20:40] = bytes(b ^ 0xA5 for b in corrupt[20:40])
write("FuzzGzip", [b"\x07" + s for s in [gzipped, gz(good[:2000]) + gz(good[2000:4000]), gzipped[: len(gzipped) // 2],
                                        gzipped + b"not gzip at all\n", bytes(corrupt), zlib.compress(good[:3000]),
                                        gz(b""), gz(b"".join(bad_jsonl))]])
def zst(data, *options):
    return subprocess.run(["zstd", "-q", "-c", *options], input=data, stdout=subprocess.PIPE, check=True).stdout

if shutil.which("zstd"):
    zstded = zst(good[:6000])
    small_window = zst(good[:9000], "--no-check", "--zstd=wlog=10", "--no-content-size")
    broken = bytearray(small_window); broken[900:920] = bytes(b ^ 0xA5 for b in broken[900:920])
    skippable = b"\x50\x2a\x4d\x18\x03\x00\x00\x00abc"
    write("FuzzZstd", [b"\x07" + s for s in [zstded, zst(good[:2000]) + zst(good[2000:4000]), zstded[: len(zstded) // 2],
                                            zstded + b"not zstd at all\n", small_window, bytes(broken), skippable + zstded,
                                            zst(b""), zst(b"".join(bad_jsonl))]])
write("FuzzJSONL", [b"\x07" + b"".join(jsonl[k] + b"\n" for k in range(i, i + 5)) for i in range(0, 200, 10)]
      + [b"\x03" + s for s in bad_jsonl])
write("FuzzWET", [b"\x07" + b"".join(records[i:i + 3]) for i in range(0, 60, 3)]
      + [b"\x05WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 5000\r\n\r\nshort",
         b"\x05garbage\r\n" + records[1], b"\x05WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n" + records[2]])
write("FuzzLines", [b"\x07" + b"\n".join(lines[i:i + 20]) for i in range(0, 400, 20)]
      + [b"\x02gut\n\x62\xc3\x28\xff\n", b"\x02a\x00b\nc\r\nd\r"])
write("FuzzUTF8", texts[:20] + [b"\x62\xc3\x28\xff", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xc0\xaf"])
write("FuzzTokenizer", texts[:40] + [b"e-mail: a.b@c.de 3,14 l'homme can't \xe5\xa4\xa7\xe5\xad\xa6 \xd9\x85\xd8\xb1"])
write("FuzzFolding", texts[:40] + ["STRASSE ẞtraße \u212Aelvin Ⱥb 2024 ÉCOLE ΣΊΣΥΦΟΣ 12345678901234567 abc1".encode()])
write("FuzzNormalizer", [bytes([k]) + t for k, t in enumerate(texts[:40])]
      + [b"\x01\xef\xac\x81 \xe2\x84\xab \xc3\x85 A\xcc\x8a \t\t x\r\ny\xc2\x85z\xe2\x80\xa8"])
print("seeds written to", out)
