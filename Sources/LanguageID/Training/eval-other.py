#!/usr/bin/env python3
"""How much text in languages census does not model is claimed by a language it does model.

usage: python3 eval-other.py DATA [--census BIN] [--model FILE] [--max-lines 500] [--langs "vi id ..."]
                             [--extra DIR] [--unseen "tl fil ..."]

DATA is the output of build-training-data.py: DATA/heldout/<lang>.txt for the languages of OTHER_LANGS
(held out from the pooled class `mis`; those named by --unseen, as given to build-training-data.py, never
trained it at all). --extra adds a
folder of <lang>.txt files (for example the out-of-model UDHR texts used for development). Each line is
identified by `census langid`; a line counts as claimed when the answer is a language code, not `und`.
Prints a TSV per language (lines, claimed share, the language that claims most and its share, whether the
language trained `mis`) and the totals: the share of all lines claimed by any in-model language, and the
largest share absorbed by one in-model language. Standard library only.
"""
import argparse, collections, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
ap = argparse.ArgumentParser()
ap.add_argument("data")
ap.add_argument("--census", default=os.path.join(here, "..", "..", "..", ".build", "release", "census"))
ap.add_argument("--model")
ap.add_argument("--max-lines", type=int, default=500)
ap.add_argument("--langs")
ap.add_argument("--extra")
ap.add_argument("--unseen", default="")
a = ap.parse_args()

import importlib.util
spec = importlib.util.spec_from_file_location("build", os.path.join(here, "build-training-data.py"))
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)
langs = a.langs.split() if a.langs else build.OTHER_LANGS
unseen = set(a.unseen.split())
files = [(l, os.path.join(a.data, "heldout", f"{l}.txt"), l not in unseen) for l in langs]
if a.extra:
    model_langs = set(build.MODEL_LANGS)
    for name in sorted(os.listdir(a.extra)):
        code = name[:-4] if name.endswith(".txt") else None
        if code and code.split("-")[0] not in model_langs:
            files.append((code, os.path.join(a.extra, name), False))

total = claimed_total = 0
absorbed = collections.Counter()
print("lang\tlines\tclaimed\ttop_claimer\ttop_share\ttrained_mis")
for lang, path, trained in files:
    if not os.path.exists(path):
        continue
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if l.strip()][: a.max_lines]
    if not lines:
        continue
    cmd = [a.census, "langid", "--format", "lines", "-"] + (["--model", a.model] if a.model else [])
    out = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True, check=True).stdout
    answers = [l.split("\t")[0] for l in out.split("\n") if l]
    counts = collections.Counter(x for x in answers if x != "und")
    claimed = sum(counts.values())
    top, top_n = (counts.most_common(1)[0] if counts else ("-", 0))
    print(f"{lang}\t{len(answers)}\t{claimed / len(answers):.3f}\t{top}\t{top_n / len(answers):.3f}\t{'yes' if trained else 'no'}")
    total += len(answers)
    claimed_total += claimed
    absorbed.update(counts)
if total:
    worst, worst_n = absorbed.most_common(1)[0] if absorbed else ("-", 0)
    print(f"# {total} lines: {claimed_total / total:.3f} claimed by in-model languages; "
          f"the most by {worst}: {worst_n / total:.3f}")
