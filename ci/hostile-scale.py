#!/usr/bin/env python3
"""Scale cases of hostile input, with a release census (CENSUS_BIN, default .build/release/census):

1. 10 million tiny documents (one to three words each, all different): the run completes, every record is
   accounted for, and peak RSS stays under the bound given by --max-rss-mb (default 1024).
2. One 1 GB JSONL line in a plain file (not compressed): rejected as too_long without being held; the next
   line is kept; peak RSS under 200 MB.
3. 100,000 distinct --lang-field values (one document each), under `ulimit -n 1024`: completes, every record
   accounted for, peak RSS under 300 MB (statistics rows beyond --max-languages share `_other`; writers keep
   no file open between members).
4. 1,000,000 documents from 1,000,000 distinct hosts (200 texts, so the duplicate keys stay small and the
   hosts are what is measured), under `ulimit -n 1024`: peak RSS under 300 MB (hosts per language are a
   bounded summary, exact up to 500).

Prints one line per case with the figures; exits 1 when a case fails. Standard library only.
"""
import argparse, gzip, json, os, shutil, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--documents", type=int, default=10_000_000)
ap.add_argument("--max-rss-mb", type=int, default=1024)
ap.add_argument("--threads", type=int, default=2)
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
census = os.environ.get("CENSUS_BIN", os.path.join(root, ".build/release/census"))
work = tempfile.mkdtemp(prefix="census-hostile-")
failed = False

def run(arguments, max_files=None):
    """Runs census; returns (status, stderr, seconds, peak RSS in MB of that process)."""
    start = time.time()
    def limit():
        if max_files:
            import resource
            resource.setrlimit(resource.RLIMIT_NOFILE, (max_files, max_files))
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen([census] + arguments, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    return p.returncode, message, time.time() - start, usage.ru_maxrss / 1024

def report(out):
    return json.load(open(os.path.join(out, "report", "report.json")))

try:
    # 1. Ten million tiny documents: words of letters only (digits would fold to 0 and make duplicates).
    letters = "abcdefghijklmnopqrstuvwxyz"
    def word(n):
        s = ""
        while True:
            s += letters[n % 26]; n //= 26
            if n == 0: return s
    path = os.path.join(work, "tiny.txt.gz")
    with gzip.open(path, "wt", compresslevel=1, encoding="utf-8") as f:
        chunk = []
        for n in range(args.documents):
            chunk.append("x" + word(n) + (" y" * (n % 3)))
            if len(chunk) == 100_000:
                f.write("\n".join(chunk) + "\n"); chunk = []
        if chunk: f.write("\n".join(chunk) + "\n")
    out = os.path.join(work, "out-tiny")
    status, err, seconds, rss = run(["run", "--quiet", "--threads", str(args.threads), "--out", out, path])
    r = report(out) if status == 0 else {}
    ok = (status == 0 and r.get("records_read") == args.documents and r.get("accounting_holds")
          and rss <= args.max_rss_mb)
    print(f"{'ok' if ok else 'FAILED'}: {args.documents:,} tiny documents: status {status}, "
          f"{r.get('records_read', 0):,} read = {r.get('kept', 0):,} kept + {r.get('exact_duplicates', 0):,} exact "
          f"+ {r.get('near_duplicates', 0):,} near, {seconds:.1f} s, peak RSS {rss:.0f} MB (bound {args.max_rss_mb} MB)")
    if not ok:
        failed = True
        sys.stderr.write(err)
    shutil.rmtree(out, ignore_errors=True)
    os.remove(path)

    # 2. A 1 GB line in a plain JSONL file.
    path = os.path.join(work, "huge.jsonl")
    with open(path, "wb") as f:
        f.write(b'{"text":"')
        block = b"a" * (1 << 20)
        for _ in range(1024):
            f.write(block)
        f.write(b'"}\n{"text":"after the huge line"}\n')
    out = os.path.join(work, "out-huge")
    # (--quality off: the line after the huge one is 4 words, which Gopher's rules would remove; this is about reading.)
    status, err, seconds, rss = run(["run", "--quiet", "--quality", "off", "--threads", str(args.threads), "--out", out, path])
    r = report(out) if status == 0 else {}
    ok = status == 0 and r.get("rejected", {}).get("too_long") == 1 and r.get("kept") == 1 and rss <= 200
    print(f"{'ok' if ok else 'FAILED'}: 1 GB line: status {status}, rejected {r.get('rejected')}, kept {r.get('kept')}, "
          f"{seconds:.1f} s, peak RSS {rss:.0f} MB (bound 200 MB)")
    if not ok:
        failed = True
        sys.stderr.write(err)
    os.remove(path)
    shutil.rmtree(out, ignore_errors=True)

    def bounded_case(name, path, extra, documents):
        """Runs census on `path` under ulimit -n 1024; checks the accounting and 300 MB peak RSS."""
        global failed
        out = os.path.join(work, "out-bounded")
        status, err, seconds, rss = run(["run", "--quiet", "--threads", str(args.threads), "--out", out, path] + extra, max_files=1024)
        r = report(out) if status == 0 else {}
        ok = status == 0 and r.get("records_read") == documents and r.get("accounting_holds") and rss <= 300
        print(f"{'ok' if ok else 'FAILED'}: {name} (ulimit -n 1024): status {status}, {len(r.get('accounting', []))} rows, "
              f"{seconds:.1f} s, peak RSS {rss:.0f} MB (bound 300 MB)")
        if not ok:
            failed = True
            sys.stderr.write(err)
        os.remove(path)
        shutil.rmtree(out, ignore_errors=True)

    # 3. 100,000 distinct language values.
    path = os.path.join(work, "languages.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for n in range(100_000):
            f.write(json.dumps({"lang": "v" + word(n), "text": "Dokument " + word(n * 7919) + " mit Text"}) + "\n")
    bounded_case("100,000 language values", path, ["--lang-field", "lang"], 100_000)

    # 4. 1,000,000 distinct hosts.
    path = os.path.join(work, "hosts.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for n in range(1_000_000):
            f.write(json.dumps({"url": f"https://h{n}.example.org/page", "text": "Ein Satz auf Deutsch über " + word(n % 200) + "."}) + "\n")
    bounded_case("1,000,000 hosts", path, [], 1_000_000)
finally:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failed else 0)
