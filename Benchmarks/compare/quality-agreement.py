#!/usr/bin/env python3
"""Rule by rule, do census's quality rules decide as datatrove's own filters do, with the same thresholds?

usage: quality-agreement.py CENSUS_BIN OUT_DIR INPUT... [--max-docs N] [--python-only]

1. Runs `census run --quality annotate` over the inputs: every unique document is written with the rules it
   fails and its signals in metadata.quality (census's text after clean-up and NFC, which is what datatrove
   gets too).
2. Reads each language's thresholds from `census quality-thresholds`.
3. For every document and every rule, runs the datatrove filter that holds the rule with only that rule
   switched on (GopherRepetitionFilter, FineWebQualityFilter, GopherQualityFilter; datatrove's own word
   tokeniser for the language), and compares: a rule fails in datatrove when the filter returns its reason.
4. Prints per rule: documents compared, failures in census and in datatrove, agreement; writes the
   disagreements to OUT_DIR/disagreements.jsonl (rule, language, both decisions, census's signals, text).

Needs datatrove (`pip install "datatrove[processing]==0.10.1" spacy`); languages whose datatrove tokeniser is
not installed (Stanza: mt, cy, gl) are left out and listed. census's convention "0 switches a rule off" is
passed on as datatrove's way of switching each rule off.
"""
import argparse, collections, glob, gzip, json, os, subprocess, sys, warnings

warnings.filterwarnings("ignore")


def census_thresholds(census, languages):
    out = subprocess.run([census, "quality-thresholds", *languages], check=True, capture_output=True, text=True).stdout
    table = collections.defaultdict(dict)
    for line in out.splitlines()[1:]:
        lang, key, value, _ = line.split("\t")
        table[lang][key] = value
    return table


def number(v):
    return float(v)


def isolated_filters(t, language):
    """{rule name: datatrove filter with only that rule on}, for thresholds t (census keys)."""
    from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter

    f = {}
    off = dict(dup_line_frac=0, dup_para_frac=0, dup_line_char_frac=0, dup_para_char_frac=0, top_n_grams=(), dup_n_grams=())
    for rule, key in [("dup_para_frac", "dup_para_frac"), ("dup_para_char_frac", "dup_para_char_frac"),
                      ("dup_line_frac", "dup_line_frac"), ("dup_line_char_frac", "dup_line_char_frac")]:
        if number(t[key]) > 0:
            f[rule] = GopherRepetitionFilter(**{**off, key: number(t[key])}, language=language)
    for n in (2, 3, 4):
        v = number(t[f"top_{n}_gram"])
        if v > 0:
            f[f"top_{n}_gram"] = GopherRepetitionFilter(**{**off, "top_n_grams": ((n, v),)}, language=language)
    for n in range(5, 11):
        v = number(t[f"duplicated_{n}_n_grams"])
        if v > 0:
            f[f"duplicated_{n}_n_grams"] = GopherRepetitionFilter(**{**off, "dup_n_grams": ((n, v),)}, language=language)
    never = 1e18
    fw_off = dict(line_punct_thr=0, short_line_thr=never, char_duplicates_ratio=never, new_line_ratio=never,
                  short_line_length=int(t["short_line_length"]), language=language)
    for rule, key, param in [("line_punct_ratio", "line_punct_thr", "line_punct_thr"),
                             ("short_line_ratio", "short_line_thr", "short_line_thr"),
                             ("char_dup_ratio", "char_duplicates_ratio", "char_duplicates_ratio"),
                             ("list_ratio", "new_line_ratio", "new_line_ratio")]:
        if number(t[key]) > 0:
            f[rule] = FineWebQualityFilter(**{**fw_off, param: number(t[key])})
    f["empty"] = FineWebQualityFilter(**fw_off)
    g_off = dict(min_doc_words=0, max_doc_words=0, min_avg_word_length=0, max_avg_word_length=0, max_symbol_word_ratio=0,
                 max_bullet_lines_ratio=0, max_ellipsis_lines_ratio=0, max_non_alpha_words_ratio=0, min_stop_words=0,
                 stop_words=t["stopwords"].split(), language=language)
    for rules, key in [(("gopher_short_doc",), "min_doc_words"), (("gopher_long_doc",), "max_doc_words"),
                       (("gopher_below_avg_threshold",), "min_avg_word_length"),
                       (("gopher_above_avg_threshold",), "max_avg_word_length"),
                       (("gopher_too_many_hashes", "gopher_too_many_ellipsis"), "max_symbol_word_ratio"),
                       (("gopher_too_many_bullets",), "max_bullet_lines_ratio"),
                       (("gopher_too_many_end_ellipsis",), "max_ellipsis_lines_ratio"),
                       (("gopher_below_alpha_threshold",), "max_non_alpha_words_ratio"),
                       (("gopher_enough_stop_words",), "min_stop_words")]:
        v = number(t[key])
        if v > 0:
            value = int(v) if key in ("min_doc_words", "max_doc_words", "min_stop_words") else v
            flt = GopherQualityFilter(**{**g_off, key: value})
            for rule in rules:
                f[rule] = flt
    return f


def datatrove_fails(flt, rule, text):
    from datatrove.data import Document
    try:
        result = flt.filter(Document(text=text, id="x"))
    except ZeroDivisionError:
        return False, True   # datatrove divides by the token count; census counts such a document as passing
    return (isinstance(result, tuple) and result[1] == rule), False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("census")
    ap.add_argument("out")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--max-docs", type=int, default=25000)
    ap.add_argument("--threads", default="2")
    args = ap.parse_args()
    run = os.path.join(args.out, "run")
    subprocess.run([args.census, "run", "--quiet", "--force", "--quality", "annotate", "--samples", "0", "--threads", args.threads,
                    "--out", run, *args.inputs], check=True)
    docs = []
    for path in sorted(glob.glob(os.path.join(run, "data", "*", "part-*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                q = r["metadata"].get("quality")
                if q is not None:
                    docs.append((r["lang"], r["text"], q))
    # A deterministic spread over languages when there are more than --max-docs.
    if len(docs) > args.max_docs:
        step = len(docs) / args.max_docs
        docs = [docs[int(k * step)] for k in range(args.max_docs)]
    languages = sorted({d[0] for d in docs})
    thresholds = census_thresholds(args.census, languages)
    from datatrove.utils.word_tokenizers import load_word_tokenizer
    filters, skipped_languages = {}, {}
    for lang in languages:
        try:
            load_word_tokenizer(lang).word_tokenize("test")
            filters[lang] = isolated_filters(thresholds[lang], lang)
        except Exception as e:   # no tokeniser for the language in datatrove, or not installed (Stanza)
            skipped_languages[lang] = str(e).split("\n")[0][:80]
    counts = collections.defaultdict(lambda: [0, 0, 0, 0, 0])   # compared, census fails, datatrove fails, agree, zero-division
    out = open(os.path.join(args.out, "disagreements.jsonl"), "w", encoding="utf-8")
    compared = 0
    for lang, text, q in docs:
        if lang not in filters:
            continue
        compared += 1
        mine = set(q["rules"])
        for rule, flt in filters[lang].items():
            theirs, zero = datatrove_fails(flt, rule, text)
            c = counts[rule]
            c[0] += 1
            c[1] += rule in mine
            c[2] += theirs
            c[3] += (rule in mine) == theirs
            c[4] += zero
            if (rule in mine) != theirs:
                out.write(json.dumps({"rule": rule, "lang": lang, "census": rule in mine, "datatrove": theirs,
                                      "signals": q, "text": text[:3000]}, ensure_ascii=False) + "\n")
    out.close()
    print(f"{compared} documents compared ({len(docs)} read); languages left out: "
          + (", ".join(f"{k} ({v})" for k, v in skipped_languages.items()) or "none"))
    print("| rule | documents | census fails | datatrove fails | agreement |")
    print("|---|---:|---:|---:|---:|")
    worst = 1.0
    for rule, (n, a, b, agree, zero) in sorted(counts.items()):
        worst = min(worst, agree / n)
        print(f"| {rule} | {n} | {a} | {b} | {100 * agree / n:.2f} % |" + (f" ({zero} divide by zero in datatrove)" if zero else ""))
    print(f"\nlowest agreement: {100 * worst:.2f} %; disagreements in {os.path.join(args.out, 'disagreements.jsonl')}")


if __name__ == "__main__":
    main()
