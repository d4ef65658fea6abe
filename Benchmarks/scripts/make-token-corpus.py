#!/usr/bin/env python3
"""A multilingual JSONL corpus for token-count checks, from the gettext catalogues installed on this machine.

    make-token-corpus.py OUT.jsonl.gz [--mb 100] [--seed 1] [--locale /usr/share/locale]

Every translated string (msgstr) of every .mo file under --locale, grouped by the catalogue's language
folder; each document is one language's strings drawn at random (seeded), joined by newlines, spaces or
nothing, until a log-normal length (median 1.5 KB); written until --mb MB of text. Real translated UI text in
many languages and scripts, with the punctuation, digits, placeholders and odd whitespace such text has.
"""
import argparse, glob, gzip, json, os, random, struct


def strings(path):
    data = open(path, "rb").read()
    if len(data) < 28:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
    if order is None:
        return []
    count, _, table = struct.unpack(order + "III", data[8:20])
    out = []
    for k in range(1 if count else 0, count):   # entry 0 is the catalogue header
        length, offset = struct.unpack(order + "II", data[table + 8 * k: table + 8 * k + 8])
        for text in data[offset: offset + length].split(b"\0"):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if text.strip():
                out.append(text)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--locale", default="/usr/share/locale")
    args = parser.parse_args()
    by_language = {}
    for path in sorted(glob.glob(os.path.join(args.locale, "*", "LC_MESSAGES", "*.mo"))):
        language = path.split(os.sep)[-3]
        by_language.setdefault(language, []).extend(strings(path))
    languages = sorted(l for l, s in by_language.items() if len(s) >= 50)
    rng = random.Random(args.seed)
    limit, written, documents = int(args.mb * 1e6), 0, 0
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=6) as out:
        while written < limit:
            language = rng.choice(languages)
            pool = by_language[language]
            target = min(100_000, max(100, int(rng.lognormvariate(7.3, 0.9))))
            separator = rng.choice(["\n", "\n", " ", "\n\n", ""])
            parts, size = [], 0
            while size < target:
                parts.append(rng.choice(pool))
                size += len(parts[-1].encode("utf-8")) + len(separator)
            text = separator.join(parts)
            out.write(json.dumps({"id": f"{language}-{documents}", "text": text, "locale": language}, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
            documents += 1
    print(json.dumps({"documents": documents, "text_bytes": written, "languages": len(languages)}))


if __name__ == "__main__":
    main()
