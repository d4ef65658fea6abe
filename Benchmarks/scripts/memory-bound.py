#!/usr/bin/env python3
"""Issue 20's bounded-memory acceptance: N distinct short documents (default 20 million, 12 words each, one per
line, gzip) through `census run` twice: without --memory (duplicate keys in memory, given room) and with
--memory 1G (keys sorted on disk when they do not fit). Prints each run's time and peak RSS and whether the
outputs (data/, removed/, samples/, report/, errors.log) are the same bytes; exits 1 when they differ or the
bounded run's peak RSS exceeds --max-rss-mb (default 1229, 1.2 GB).

usage: memory-bound.py [--documents 20000000] [--memory 1G] [--threads 2] [--keep]
(CENSUS_BIN, default .build/release/census.) Standard library only.
"""
import argparse, filecmp, gzip, os, random, shutil, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--documents", type=int, default=20_000_000)
ap.add_argument("--memory", default="1G")
ap.add_argument("--max-rss-mb", type=int, default=1229)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--work", default=None, help="folder for the input and outputs (default: a temporary one)")
ap.add_argument("--keep", action="store_true", help="keep the input and outputs")
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
census = os.environ.get("CENSUS_BIN", os.path.join(root, ".build/release/census"))
work = args.work or tempfile.mkdtemp(prefix="census-memory-")
os.makedirs(work, exist_ok=True)

# Distinct documents: 12 words drawn from 60,000 letter-only pseudo-words (digits would fold to 0).
path = os.path.join(work, f"short-{args.documents}.txt.gz")
if not os.path.exists(path):
    rng = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(60_000)]
    with gzip.open(path + ".tmp", "wt", compresslevel=1, encoding="utf-8") as f:
        chunk = []
        for n in range(args.documents):
            chunk.append(" ".join(rng.choices(vocabulary, k=12)))
            if len(chunk) == 100_000:
                f.write("\n".join(chunk) + "\n"); chunk = []
        if chunk: f.write("\n".join(chunk) + "\n")
    os.rename(path + ".tmp", path)

def run(out, extra):
    start = time.time()
    p = subprocess.Popen([census, "run", "--quiet", "--quality", "off", "--force", "--threads", str(args.threads),
                          "--out", out] + extra + [path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode("utf-8", "replace")
    return os.waitstatus_to_exitcode(status), time.time() - start, usage.ru_maxrss / 1024, err

def same(a, b):
    """Relative paths whose bytes differ or that exist on one side only (state/ is each run's own)."""
    def files(d):
        out = {}
        for base, _, names in os.walk(d):
            for n in names:
                rel = os.path.relpath(os.path.join(base, n), d)
                if not rel.startswith("state" + os.sep):
                    out[rel] = os.path.join(base, n)
        return out
    fa, fb = files(a), files(b)
    bad = sorted(set(fa) ^ set(fb))
    bad += [r for r in sorted(set(fa) & set(fb)) if not filecmp.cmp(fa[r], fb[r], shallow=False)]
    return bad

failed = False
free = os.path.join(work, "out-free")
status, seconds, rss, err = run(free, [])
print(f"without --memory: status {status}, {seconds:.1f} s, peak RSS {rss:.0f} MB")
if status != 0: sys.stderr.write(err); failed = True
bounded = os.path.join(work, "out-bounded")
status, seconds, rss2, err = run(bounded, ["--memory", args.memory])
print(f"--memory {args.memory}: status {status}, {seconds:.1f} s, peak RSS {rss2:.0f} MB (bound {args.max_rss_mb} MB)")
if status != 0 or rss2 > args.max_rss_mb: sys.stderr.write(err); failed = True
differ = same(free, bounded)
print("outputs: " + ("the same bytes" if not differ else "DIFFER: " + ", ".join(differ[:10])))
failed = failed or bool(differ) or os.path.exists(os.path.join(bounded, "shards"))
if not args.keep:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failed else 0)
