#!/usr/bin/env python3
"""Builds a multilingual benchmark corpus with known duplicates (deterministic from --seed).

The text is the language-identification training text from Debian packages (TEXT/<lang>.txt, one
sentence or paragraph per line), built by
    python3 Sources/LanguageID/Training/build-training-data.py /tmp/census-lid-data
Only the EU languages present are used, in this web-like order (official ones first, regional at the
tail): en de fr es it nl pl pt sv cs ro hu el da fi sk bg hr lt ca sl lv et gl eu ga cy mt lb br oc fy gd
co sc hsb dsb se. The k-th language present (k = 0, 1, ...) has weight 1/(k+1)^ZIPF (--zipf 1.2).

Each original document is one language: lines drawn at random (with replacement) from that language,
joined with "\\n", until a log-normal target length (median 2.5 KB, sigma 0.9, clipped to 200 B-100 KB)
is reached. A line longer than a quarter of the target is redrawn (unless it is among the language's
shortest quarter), so no line dominates a document: unrelated documents share no long runs of words.
Duplicates are injected: --exact-rate of the documents are exact copies and --near-rate near copies
(a share of the words, uniform in --near-edit-min..--near-edit-max, each replaced by a word of the same
language, deleted, or preceded by an inserted word) of an original picked uniformly from the last
--reservoir originals. Every copy gets its own id and URL. URLs use 200 made-up hosts per language
(country TLD, some .eu/.com/.org/.net), drawn Zipf-like.

Writes into OUT (default Benchmarks/data/corpus/):
  NAME.jsonl.gz        {"id", "text", "url", "lang_hint"} per line, gzip (--level 6), one member
  NAME.warc.wet.gz     the same documents as WARC/1.0 conversion records after one warcinfo record,
                       one gzip member per record (as Common Crawl); body = the text's UTF-8 bytes;
                       WARC-Record-ID = <urn:uuid:UUID(bytes=md5(id).digest(), version=3)>
                       (with --shards K > 1: NAME-00000.jsonl.gz ... NAME-0000{K-1}.warc.wet.gz,
                       consecutive, so duplicates cross files)
  truth.tsv            header, then per document: id, lang, kind (original/exact/near), source_id, edit_rate
  manifest.json        arguments, counts (per kind, per language), source files and sha256 of the outputs

--mb counts UTF-8 bytes of document text (not JSON, not gzip). Streams: memory stays a few hundred MB
for any size. Only the Python standard library is used.

usage: make-corpus.py [--mb 100] [--seed 1] [--out DIR] [--name corpus] [--text DIR]
                      [--formats jsonl,wet] [--shards 1] [--level 6] [--exact-rate 0.05] [--near-rate 0.05]
                      [--near-edit-min 0.01] [--near-edit-max 0.10] [--reservoir 50000]
                      [--zipf 1.2] [--langs en,de,...]
"""
import argparse, array, base64, hashlib, json, math, os, random, re, sys, time, unicodedata, uuid, zlib
from bisect import bisect_right

# Web-like order (roughly Common Crawl presence): official EU languages, regional ones at the tail.
LANG_ORDER = ("en de fr es it nl pl pt sv cs ro hu el da fi sk bg hr lt ca sl lv et gl eu ga cy mt "
              "lb br oc fy gd co sc hsb dsb se").split()

# Country TLDs per language (the first is the most common); some hosts get a generic TLD instead.
TLDS = {
    "en": ["com", "co.uk", "org", "net", "ie", "info"], "de": ["de", "at", "ch"], "fr": ["fr", "be", "ch", "lu"],
    "es": ["es"], "it": ["it"], "nl": ["nl", "be"], "pl": ["pl", "com.pl"], "pt": ["pt", "com.pt"],
    "sv": ["se"], "cs": ["cz"], "ro": ["ro"], "hu": ["hu"], "el": ["gr", "com.cy"], "da": ["dk"],
    "fi": ["fi"], "sk": ["sk"], "bg": ["bg"], "hr": ["hr"], "lt": ["lt"], "ca": ["cat", "es", "ad"],
    "sl": ["si"], "lv": ["lv"], "et": ["ee"], "gl": ["gal", "es"], "eu": ["eus", "es"], "ga": ["ie"],
    "cy": ["cymru", "wales", "co.uk"], "mt": ["mt", "com.mt"], "lb": ["lu"], "br": ["bzh", "fr"],
    "oc": ["fr", "org"], "fy": ["frl", "nl"], "gd": ["scot", "co.uk"], "co": ["corsica", "fr"],
    "sc": ["it"], "hsb": ["de"], "dsb": ["de"], "se": ["no", "se", "fi"],
}
GENERIC_TLDS = ["eu", "com", "org", "net"]
# ISO 639-3 codes for WARC-Identified-Content-Language, as Common Crawl writes it.
ISO3 = {
    "bg": "bul", "cs": "ces", "da": "dan", "de": "deu", "el": "ell", "en": "eng", "es": "spa", "et": "est",
    "fi": "fin", "fr": "fra", "ga": "gle", "hr": "hrv", "hu": "hun", "it": "ita", "lt": "lit", "lv": "lav",
    "mt": "mlt", "nl": "nld", "pl": "pol", "pt": "por", "ro": "ron", "sk": "slk", "sl": "slv", "sv": "swe",
    "ca": "cat", "eu": "eus", "gl": "glg", "cy": "cym", "lb": "ltz", "br": "bre", "gd": "gla", "fy": "fry",
    "oc": "oci", "co": "cos", "sc": "srd", "se": "sme", "hsb": "hsb", "dsb": "dsb",
}
HOSTS_PER_LANG = 200
HOST_ZIPF = 0.8
MAX_LINE_SHARE = 0.25   # no line longer than this share of its document's target length...
LINE_FLOOR_QUANTILE = 0.25  # ...unless shorter than this quantile of the language's line sizes
LEN_MU, LEN_SIGMA, LEN_MIN, LEN_MAX = math.log(2500), 0.9, 200, 100_000
WARC_DATE = "2024-01-01T00:00:00Z"
CHUNK = 1 << 20
WORD = re.compile(r"[^\W\d_]{2,}")
SPACE = re.compile(r"(\s+)")

def fail(message):
    print(f"make-corpus.py: {message}", file=sys.stderr)
    sys.exit(2)

class HashedFile:
    """A binary output file that keeps the sha256 and size of what was written."""
    def __init__(self, path):
        self.path, self.file, self.sha, self.size = path, open(path, "wb"), hashlib.sha256(), 0
    def write(self, data):
        self.sha.update(data)
        self.size += len(data)
        self.file.write(data)
    def close(self):
        self.file.close()
        return {"bytes": self.size, "sha256": self.sha.hexdigest()}

class Pool:
    """The lines of one language, their UTF-8 sizes, a word list (for edits) and its hosts."""
    def __init__(self, lang, path, seed):
        with open(path, "rb") as f:
            data = f.read()
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.lines = [l for l in data.decode("utf-8").split("\n") if l.strip()]
        self.sizes = array.array("I", (len(l.encode("utf-8")) for l in self.lines))
        self.bytes = sum(self.sizes)
        self.short = sorted(self.sizes)[int(len(self.sizes) * LINE_FLOOR_QUANTILE)]
        side = random.Random(f"make-corpus/{seed}/{lang}")      # never touches the main stream
        sample = side.sample(self.lines, min(len(self.lines), 5000))
        self.words = WORD.findall("\n".join(sample)) or ["x"]   # with repeats: frequency-weighted draws
        folded = sorted({ascii_fold(w) for w in set(self.words)})   # ASCII-only words, for hosts and paths
        self.hosts = make_hosts(lang, [a for a in folded if 4 <= len(a) <= 9], side)
        self.host_cum = list(accumulate_weights([1 / (r + 1) ** HOST_ZIPF for r in range(len(self.hosts))]))
        latin = [a for a in folded if 3 <= len(a) <= 10]
        self.slug_words = latin if len(latin) >= 200 else syllable_words(side, 400)

def accumulate_weights(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total

def ascii_fold(word):
    folded = unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()
    return folded if folded.isalpha() and folded.isascii() else ""

def syllable_words(rng, count):
    cons, vows = "bcdfghklmnprstvz", "aeiou"
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(cons) + rng.choice(vows) for _ in range(rng.randint(2, 4))))
    return sorted(words)

def make_hosts(lang, latin, rng):
    """HOSTS_PER_LANG plausible host names, most popular first (fixed for a language and seed)."""
    names = latin if len(latin) >= 300 else syllable_words(rng, 600)
    tlds = TLDS.get(lang, ["eu"])
    hosts, seen = [], set()
    while len(hosts) < HOSTS_PER_LANG:
        a, b = rng.choice(names), rng.choice(names)
        r = rng.random()
        tld = rng.choice(GENERIC_TLDS) if r < 0.15 else (tlds[0] if r < 0.75 or len(tlds) == 1 else rng.choice(tlds))
        form = rng.randrange(8)
        label = (f"www.{a}", a, f"www.{a}-{b}", f"{a}{b}", f"{a}{rng.randint(1, 999)}",
                 f"blog.{a}", f"forum.{a}-{b}", f"news.{a}")[form]
        host = f"{label}.{tld}"
        if host not in seen:
            seen.add(host)
            hosts.append(host)
    return hosts

SECTIONS = ["", "news", "blog", "article", "wiki", "forum/thread", "p", "docs", "2023/05", "2023/11",
            "2024/01", "category/misc", "help", "products", "about"]

def make_url(pool, rng, n):
    rand = rng.random
    host = pool.hosts[bisect_right(pool.host_cum, rand() * pool.host_cum[-1])]
    section = SECTIONS[int(rand() * len(SECTIONS))]
    slug = "-".join(pool.slug_words[int(rand() * len(pool.slug_words))] for _ in range(2 + int(rand() * 3)))
    tail = ".html" if rand() < 0.3 else ""
    return f"https://{host}/{section + '/' if section else ''}{slug}-{n}{tail}"

def near_copy(text, pool, rng, rate):
    """Edits round(rate * words) distinct words (at least one): replace, delete or insert before it."""
    parts = SPACE.split(text)             # word, space, word, space, ..., word
    words = len(parts) // 2 + 1
    k = max(1, round(rate * words))
    rand, vocab = rng.random, pool.words
    for p in rng.sample(range(words), k):
        i, op = 2 * p, int(rand() * 3)
        if op == 0:
            parts[i] = vocab[int(rand() * len(vocab))]
        elif op == 1:
            parts[i] = ""
            if i + 1 < len(parts):
                parts[i + 1] = ""
            elif i > 0:
                parts[i - 1] = ""
        else:
            parts[i] = vocab[int(rand() * len(vocab))] + " " + parts[i]
    return "".join(parts).strip()

def warc_record(headers, body, level):
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + f"Content-Length: {len(body)}\r\n\r\n"
    return zlib.compress(head.encode() + body + b"\r\n\r\n", level, 31)

def record_uuid(key):
    return uuid.UUID(bytes=hashlib.md5(key.encode()).digest(), version=3)

class Shard:
    def __init__(self, out, base, formats, description, level):
        self.files, self.jsonl, self.wet, self.buf, self.wbuf, self.size = {}, None, None, [], [], 0
        if "jsonl" in formats:
            self.jsonl = HashedFile(os.path.join(out, base + ".jsonl.gz"))
            self.z = zlib.compressobj(level, zlib.DEFLATED, 31)
        if "wet" in formats:
            name = base + ".warc.wet.gz"
            self.wet = HashedFile(os.path.join(out, name))
            info = (f"software: census Benchmarks/scripts/make-corpus.py\r\nformat: WARC File Format 1.0\r\n"
                    f"description: {description}\r\n").encode()
            self.wet.write(warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", WARC_DATE), ("WARC-Filename", name),
                                        ("WARC-Record-ID", f"<urn:uuid:{record_uuid('warcinfo/' + name)}>"),
                                        ("Content-Type", "application/warc-fields")], info, level))

    def add(self, line, record):
        if self.jsonl:
            self.buf.append(line)
        if self.wet:
            self.wbuf.append(record)
        self.size += len(line)
        if self.size >= CHUNK:
            self.flush()

    def flush(self):
        if self.buf:
            self.jsonl.write(self.z.compress(b"".join(self.buf)))
        if self.wbuf:
            self.wet.write(b"".join(self.wbuf))
        self.buf, self.wbuf, self.size = [], [], 0

    def close(self):
        self.flush()
        if self.jsonl:
            self.jsonl.write(self.z.flush())
            self.files[os.path.basename(self.jsonl.path)] = self.jsonl.close()
        if self.wet:
            self.files[os.path.basename(self.wet.path)] = self.wet.close()
        return self.files

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=100, help="megabytes (10^6) of document text, default 100")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.normpath(os.path.join(here, "..", "data", "corpus")))
    ap.add_argument("--name", default="corpus", help="prefix of the corpus files and of the ids")
    ap.add_argument("--text", default="/tmp/census-lid-data/train", help="folder of <lang>.txt")
    ap.add_argument("--formats", default="jsonl,wet", help="comma list of jsonl, wet")
    ap.add_argument("--shards", type=int, default=1)
    ap.add_argument("--level", type=int, default=6, help="gzip level of both formats, default 6")
    ap.add_argument("--exact-rate", type=float, default=0.05)
    ap.add_argument("--near-rate", type=float, default=0.05)
    ap.add_argument("--near-edit-min", type=float, default=0.01)
    ap.add_argument("--near-edit-max", type=float, default=0.10)
    ap.add_argument("--reservoir", type=int, default=50000, help="recent originals duplicates are drawn from")
    ap.add_argument("--zipf", type=float, default=1.2, help="language weight 1/(rank+1)^ZIPF")
    ap.add_argument("--langs", default=",".join(LANG_ORDER), help="languages in rank order (those present are used)")
    args = ap.parse_args()

    formats = sorted(set(f.strip() for f in args.formats.split(",") if f.strip()))
    if not formats or any(f not in ("jsonl", "wet") for f in formats):
        ap.error("--formats takes jsonl, wet or jsonl,wet")
    if args.mb <= 0 or args.shards < 1 or args.reservoir < 1 or not 0 <= args.level <= 9:
        ap.error("--mb, --shards and --reservoir must be positive, --level 0-9")
    if not (0 <= args.exact_rate and 0 <= args.near_rate and args.exact_rate + args.near_rate <= 1):
        ap.error("--exact-rate and --near-rate must be >= 0 and sum to at most 1")
    if not (0 <= args.near_edit_min <= args.near_edit_max <= 1):
        ap.error("need 0 <= --near-edit-min <= --near-edit-max <= 1")
    if not os.path.isdir(args.text):
        parent = os.path.dirname(os.path.normpath(args.text)) if os.path.basename(os.path.normpath(args.text)) == "train" else "OUT"
        fail(f"no text folder {args.text}; build it first: "
             f"python3 Sources/LanguageID/Training/build-training-data.py {parent}")
    order = [l for l in dict.fromkeys(args.langs.split(",")) if l]
    langs = [l for l in order if os.path.isfile(os.path.join(args.text, l + ".txt"))]
    if not langs:
        fail(f"none of the languages {' '.join(order)} has a .txt file in {args.text}")

    started = time.monotonic()
    pools = {l: Pool(l, os.path.join(args.text, l + ".txt"), args.seed) for l in langs}
    weights = [1 / (k + 1) ** args.zipf for k in range(len(langs))]
    shares = {l: w / sum(weights) for l, w in zip(langs, weights)}
    lang_cum = list(accumulate_weights(weights))
    print(f"make-corpus.py: {len(langs)} languages, {sum(len(p.lines) for p in pools.values()):,} lines "
          f"({sum(p.bytes for p in pools.values()) / 1e6:.1f} MB) loaded in {time.monotonic() - started:.1f} s",
          file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    rand = rng.random
    encode = json.JSONEncoder(ensure_ascii=False).encode
    target = int(args.mb * 1e6)
    description = (f"synthetic multilingual benchmark corpus, seed {args.seed}, {args.mb:g} MB of text, "
                   f"exact {args.exact_rate:g}, near {args.near_rate:g}")
    shard_names = ([args.name] if args.shards == 1 else [f"{args.name}-{i:05d}" for i in range(args.shards)])
    files = {}
    shard_index, shard = 0, Shard(args.out, shard_names[0], formats, description, args.level)
    truth = HashedFile(os.path.join(args.out, "truth.tsv"))
    truth.write(b"id\tlang\tkind\tsource_id\tedit_rate\n")
    tbuf = []
    reservoir, slot = [], 0                    # (id, lang, line indices) of recent originals, a ring
    kinds = {"original": 0, "exact": 0, "near": 0}
    per_lang = {l: {"documents": 0, "text_bytes": 0, "original": 0, "exact": 0, "near": 0} for l in langs}
    written, n, next_report = 0, 0, 100_000_000
    while written < target:
        want = min(args.shards - 1, written * args.shards // target)
        while shard_index < want:
            files.update(shard.close())
            shard_index += 1
            shard = Shard(args.out, shard_names[shard_index], formats, description, args.level)
        doc_id = f"{args.name}-{n:09d}"
        r = rand()
        if reservoir and r < args.exact_rate + args.near_rate:
            src_id, lang, idx = reservoir[int(rand() * len(reservoir))]
            pool = pools[lang]
            text = "\n".join([pool.lines[i] for i in idx])
            if r < args.exact_rate:
                kind, rate = "exact", 0.0
            else:
                kind, rate = "near", args.near_edit_min + rand() * (args.near_edit_max - args.near_edit_min)
                text = near_copy(text, pool, rng, rate)
            size = len(text.encode("utf-8"))
            tbuf.append(f"{doc_id}\t{lang}\t{kind}\t{src_id}\t{rate:.4f}\n" if rate else f"{doc_id}\t{lang}\t{kind}\t{src_id}\t0\n")
        else:
            lang = langs[bisect_right(lang_cum, rand() * lang_cum[-1])]
            pool = pools[lang]
            lines, sizes, count = pool.lines, pool.sizes, len(pool.lines)
            want_len = min(LEN_MAX, max(LEN_MIN, int(rng.lognormvariate(LEN_MU, LEN_SIGMA))))
            longest = max(int(want_len * MAX_LINE_SHARE), pool.short)
            idx, size = array.array("I"), -1
            while size < want_len:
                i = int(rand() * count)
                if sizes[i] <= longest:          # so that no one line dominates a document
                    idx.append(i)
                    size += sizes[i] + 1
            text = "\n".join([lines[i] for i in idx])
            kind = "original"
            if len(reservoir) < args.reservoir:
                reservoir.append((doc_id, lang, idx))
            else:
                reservoir[slot] = (doc_id, lang, idx)
                slot = (slot + 1) % args.reservoir
            tbuf.append(f"{doc_id}\t{lang}\t{kind}\t\t0\n")
        url = make_url(pool, rng, n)
        line = (encode({"id": doc_id, "text": text, "url": url, "lang_hint": lang}) + "\n").encode("utf-8")
        record = None
        if shard.wet:
            body = text.encode("utf-8")
            record = warc_record([
                ("WARC-Type", "conversion"), ("WARC-Target-URI", url), ("WARC-Date", WARC_DATE),
                ("WARC-Record-ID", f"<urn:uuid:{record_uuid(doc_id)}>"),
                ("WARC-Refers-To", f"<urn:uuid:{record_uuid(doc_id + '/response')}>"),
                ("WARC-Block-Digest", "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()),
                ("WARC-Identified-Content-Language", ISO3.get(lang, lang)),
                ("Content-Type", "text/plain")], body, args.level)
        shard.add(line, record)
        kinds[kind] += 1
        stats = per_lang[lang]
        stats["documents"] += 1
        stats["text_bytes"] += size
        stats[kind] += 1
        written += size
        n += 1
        if len(tbuf) >= 4096:
            truth.write("".join(tbuf).encode("utf-8"))
            tbuf = []
        if written >= next_report:
            elapsed = time.monotonic() - started
            print(f"make-corpus.py: {written / 1e6:,.0f} MB of text, {n:,} documents, {elapsed:.0f} s "
                  f"({written / 1e6 / elapsed:.1f} MB/s)", file=sys.stderr)
            next_report += 100_000_000
    files.update(shard.close())
    while shard_index < args.shards - 1:       # a shard may be skipped only for tiny --mb
        shard_index += 1
        files.update(Shard(args.out, shard_names[shard_index], formats, description, args.level).close())
    truth.write("".join(tbuf).encode("utf-8"))
    files["truth.tsv"] = truth.close()

    manifest = {
        "script": "Benchmarks/scripts/make-corpus.py",
        "arguments": {k: v for k, v in sorted(vars(args).items()) if k not in ("out", "text")},
        "parameters": {"length_lognormal_mu": round(LEN_MU, 6), "length_lognormal_sigma": LEN_SIGMA,
                       "length_min_bytes": LEN_MIN, "length_max_bytes": LEN_MAX, "max_line_share": MAX_LINE_SHARE, "line_floor_quantile": LINE_FLOOR_QUANTILE,
                       "hosts_per_language": HOSTS_PER_LANG, "host_zipf": HOST_ZIPF, "warc_date": WARC_DATE,
                       "warc_record_id": "uuid.UUID(bytes=md5(id).digest(), version=3)"},
        "counts": {"documents": n, "text_bytes": written, **kinds},
        "languages": [{"lang": l, "rank": k, "target_share": round(shares[l], 6),
                       "share": round(per_lang[l]["documents"] / n, 6), **per_lang[l]}
                      for k, l in enumerate(langs)],
        "sources": {l: {"lines": len(pools[l].lines), "bytes": pools[l].bytes, "sha256": pools[l].sha256}
                    for l in langs},
        "files": dict(sorted(files.items())),
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")

    print("lang  target  share   documents   text MB", file=sys.stderr)
    for l in langs:
        s = per_lang[l]
        print(f"{l:<4} {shares[l] * 100:6.2f}% {s['documents'] / n * 100:6.2f}% {s['documents']:>10,} "
              f"{s['text_bytes'] / 1e6:9.1f}", file=sys.stderr)
    elapsed = time.monotonic() - started
    print(f"make-corpus.py: {n:,} documents ({kinds['original']:,} original, {kinds['exact']:,} exact, "
          f"{kinds['near']:,} near), {written / 1e6:,.1f} MB of text in {elapsed:.1f} s "
          f"({written / 1e6 / elapsed:.1f} MB/s) -> {os.path.abspath(args.out)}", file=sys.stderr)

if __name__ == "__main__":
    main()
