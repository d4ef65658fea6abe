#!/usr/bin/env python3
"""Build the small, real, multilingual sample corpora in corpora-samples/.

usage: python3 corpora-samples/build-samples.py [--out DIR] [--work SCRATCH] [--seed N]

The text comes from Debian 12 (bookworm) packages with licences that allow shipping it:
LibreOffice help (MPL-2.0), GNOME user docs (CC-BY-SA-3.0) and Firefox ESR language packs
(MPL-2.0). The packages are fetched with `apt-get download` into SCRATCH (never installed)
and read with `dpkg-deb --fsys-tarfile`; nothing is unpacked to disk.

Python 3 standard library only. The output is a pure function of (package versions, seed):
every iteration is sorted, all randomness comes from random.Random(seed-derived strings),
gzip members are written with mtime=0 and no file name. Running the script twice gives
byte-identical files.

Outputs (in --out, default: the folder this script lives in):
  web-docs.jsonl.gz  web-docs.truth.tsv  crawl.warc.wet.gz  crawl.truth.tsv
  lines.txt.gz  lines.truth.tsv  help.paragraphs.txt  counts.tsv  NOTICE  README.md
"""
import argparse
import base64
import gzip
import hashlib
import html.parser
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import textwrap
import unicodedata
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = 20240301

# --------------------------------------------------------------------------------------------
# Packages. Versions are pinned so that a rebuild gives the same bytes. If a pinned version
# is no longer in the archive, the candidate version is used instead (with a warning); the
# output then changes, and NOTICE/README record the versions actually used.
# --------------------------------------------------------------------------------------------
LO_VERSION = '4:7.4.7-1+deb12u14'
FX_VERSION = '153.8.0esr-1~deb12u1'
LO_LANGS = {  # help folder -> language code (en-US is also the English reference)
    'en-US': 'en', 'de': 'de', 'fr': 'fr', 'es': 'es', 'it': 'it', 'pt': 'pt', 'nl': 'nl',
    'pl': 'pl', 'cs': 'cs', 'sv': 'sv', 'da': 'da', 'fi': 'fi', 'et': 'et', 'hu': 'hu',
    'sl': 'sl', 'el': 'el', 'ca': 'ca', 'eu': 'eu', 'gl': 'gl',
}
LO_FOLDER = {v: k for k, v in LO_LANGS.items()}
GNOME_LANGS = {  # /usr/share/help/<dir> -> language code ('C' is the English original)
    'C': 'en', 'ca': 'ca', 'cs': 'cs', 'da': 'da', 'de': 'de', 'el': 'el', 'es': 'es',
    'fi': 'fi', 'fr': 'fr', 'gl': 'gl', 'hr': 'hr', 'hu': 'hu', 'it': 'it', 'lt': 'lt',
    'lv': 'lv', 'nl': 'nl', 'pl': 'pl', 'pt': 'pt', 'ro': 'ro', 'sl': 'sl', 'sv': 'sv',
}
FX_LANGS = {'ga-ie': 'ga', 'bg': 'bg', 'sk': 'sk', 'lt': 'lt', 'lv': 'lv', 'hr': 'hr',
            'ro': 'ro', 'et': 'et', 'sl': 'sl'}
# GNOME Help is not translated for lt and ro in bookworm (>95% of the paragraphs are the
# English original), so those two languages get prose from two Debian manuals (GPL-2+ / GPL-2).
DOCBOOK = {  # package -> (path regex with language group, {language: code}, page prefix)
    'debian-history': (r'^usr/share/doc/debian-history/docs/([a-z]+)\.([a-z]+)\.html$',
                       {'lt': 'lt', 'en': 'en'}, 'dh'),
    'installation-guide-amd64': (r'^usr/share/doc/installation-guide-amd64/([a-z]+)/([\w.-]+)\.html$',
                                 {'ro': 'ro', 'en': 'en'}, 'ig'),
}
PACKAGES = ([('libreoffice-help-' + d.lower(), LO_VERSION) for d in sorted(LO_LANGS)]
            + [('gnome-user-docs', '43.0-2'), ('debian-history', '2.28'),
               ('installation-guide-amd64', '20230508+deb12u1')]
            + [('firefox-esr-l10n-' + d, FX_VERSION) for d in sorted(FX_LANGS)])

LANG_NAMES = {
    'bg': 'Bulgarian', 'ca': 'Catalan', 'cs': 'Czech', 'da': 'Danish', 'de': 'German',
    'el': 'Greek', 'en': 'English', 'es': 'Spanish', 'et': 'Estonian', 'eu': 'Basque',
    'fi': 'Finnish', 'fr': 'French', 'ga': 'Irish', 'gl': 'Galician', 'hr': 'Croatian',
    'hu': 'Hungarian', 'it': 'Italian', 'lt': 'Lithuanian', 'lv': 'Latvian', 'nl': 'Dutch',
    'pl': 'Polish', 'pt': 'Portuguese', 'ro': 'Romanian', 'sk': 'Slovak', 'sl': 'Slovenian',
    'sv': 'Swedish',
}
ISO3 = {  # ISO 639-3 codes as used in WARC-Identified-Content-Language (CLD2 style)
    'bg': 'bul', 'ca': 'cat', 'cs': 'ces', 'da': 'dan', 'de': 'deu', 'el': 'ell', 'en': 'eng',
    'es': 'spa', 'et': 'est', 'eu': 'eus', 'fi': 'fin', 'fr': 'fra', 'ga': 'gle', 'gl': 'glg',
    'hr': 'hrv', 'hu': 'hun', 'it': 'ita', 'lt': 'lit', 'lv': 'lav', 'nl': 'nld', 'pl': 'pol',
    'pt': 'por', 'ro': 'ron', 'sk': 'slk', 'sl': 'slv', 'sv': 'swe',
}

# Documents per language (before injected duplicates / mixed documents). Deliberately skewed.
JSONL_PLAN = {'en': 330, 'de': 300, 'fr': 240, 'es': 170, 'it': 140, 'pt': 100, 'nl': 90,
              'pl': 80, 'cs': 60, 'sv': 50, 'el': 40, 'da': 35, 'hu': 30, 'fi': 28, 'ro': 22,
              'ca': 20, 'sl': 16, 'et': 12, 'hr': 10, 'lv': 8, 'lt': 6, 'gl': 5, 'eu': 4}
WET_PLAN = {'de': 85, 'en': 75, 'fr': 55, 'es': 38, 'it': 32, 'nl': 24, 'pl': 22, 'pt': 20,
            'cs': 14, 'sv': 12, 'el': 10, 'hu': 8, 'ro': 8, 'da': 6, 'fi': 6, 'hr': 5, 'sl': 5,
            'lv': 4, 'lt': 4, 'ca': 4, 'et': 3, 'gl': 2, 'eu': 2}
PARA_PLAN = {'de': 35, 'en': 35, 'fr': 25, 'es': 15, 'it': 12, 'nl': 10, 'pl': 8, 'fi': 6,
             'hu': 6, 'sl': 4, 'et': 4}
LINES_HELP_PLAN = {'en': 110, 'de': 110, 'fr': 90, 'es': 60, 'it': 55, 'nl': 40, 'pl': 40,
                   'pt': 40, 'cs': 30, 'sv': 30, 'el': 30, 'da': 25, 'fi': 25, 'hu': 25,
                   'ca': 15, 'eu': 15, 'gl': 15, 'ro': 15, 'sl': 15, 'et': 15, 'lv': 12,
                   'lt': 8, 'hr': 12}
LINES_UI_PLAN = {'ga': 140, 'bg': 110, 'sk': 110, 'lt': 70, 'lv': 70, 'hr': 70, 'ro': 70,
                 'et': 50, 'sl': 50}
JSONL_MIXED = [('de', 'en'), ('fr', 'en'), ('es', 'ca'), ('pl', 'en'), ('nl', 'de'),
               ('it', 'en'), ('sv', 'da'), ('hr', 'sl')]
WET_MIXED = [('de', 'en'), ('fr', 'de'), ('pt', 'es'), ('lv', 'en')]
JSONL_EXACT_DUPS = 90
JSONL_NEAR_DUPS = 90
WET_EXACT_DUPS = 12      # copies of earlier conversion records of the same file
WET_CROSS_EXACT = 15     # conversion records whose block equals a web-docs.jsonl.gz text
WET_CROSS_NEAR = 5       # conversion records that are near copies of web-docs.jsonl.gz texts
LINES_EXACT_DUPS = 15
LINES_CRLF = 12

# Fixed physical line numbers (1-based) of the special lines in web-docs.jsonl
BAD_LINES = {101: 'invalid-json', 202: 'missing-text', 303: 'invalid-utf8', 404: 'escapes',
             505: 'empty-line'}
# Positions (number of conversion records written before it) of the non-conversion records
WET_OTHER_AT = {60: 'metadata', 200: 'request', 350: 'metadata'}

MIN_WORDS = 8
DOC_MIN, DOC_MAX = 300, 6000

# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------

def rng_for(seed, *parts):
    return random.Random(':'.join([str(seed)] + [str(p) for p in parts]))


def log(*a):
    print('[build-samples]', *a, file=sys.stderr, flush=True)


WS = re.compile(r'[ \t\r\n\f\v\u2028\u2029\u0085]+')
CTRL = re.compile(r'[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200e\u200f\ufeff\ufffd]')
WORD = re.compile(r'[^\W\d_]+')


def norm_text(s):
    """NFC, drop control/bidi marks, collapse ASCII/line-breaking whitespace (NBSP is kept)."""
    s = unicodedata.normalize('NFC', s)
    s = CTRL.sub('', s)
    return WS.sub(' ', s).strip()


def key_of(s):
    """Comparison key: case-folded letters only (used to find untranslated/duplicate text)."""
    return ' '.join(WORD.findall(s.casefold()))


def nwords(s):
    return len(s.split())


CODE_CHARS = set('{}[]<>=;$#\\|_^~`@*')


def looks_like_prose(s, lang, min_words=MIN_WORDS):
    if nwords(s) < min_words:
        return False
    nonspace = [c for c in s if not c.isspace()]
    letters = [c for c in nonspace if c.isalpha()]
    if len(letters) < 0.7 * len(nonspace):
        return False
    if sum(1 for c in s if c in CODE_CHARS) > 0.02 * len(s):
        return False
    if 'http://' in s or 'https://' in s or 'www.' in s:
        return False
    cyr = sum(1 for c in letters if '\u0400' <= c <= '\u04ff')
    grk = sum(1 for c in letters if '\u0370' <= c <= '\u03ff' or '\u1f00' <= c <= '\u1fff')
    lat = sum(1 for c in letters if c < '\u0250' or '\u1e00' <= c <= '\u1eff')
    if lang == 'bg':
        return cyr >= 0.9 * len(letters)
    if lang == 'el':
        return grk >= 0.8 * len(letters)
    return lat >= 0.97 * len(letters)


# English marker words that are not ordinary words of the target languages (own list).
EN_MARKERS = set('''the and you your with this that which from will have has are were been when
what these those should would could their there here into about they them while where'''.split())
EN_MARKER_EXCEPT = {'de': {'will'}, 'ro': {'are'}}


def englishish(s, lang):
    if lang == 'en':
        return False
    toks = WORD.findall(s.casefold())
    marks = EN_MARKERS - EN_MARKER_EXCEPT.get(lang, set())
    hits = sum(1 for t in toks if t in marks)
    return hits >= 2 or (hits == 1 and len(toks) <= 12)


def shingles(text, n=5):
    w = text.casefold().split()
    return {tuple(w[i:i + n]) for i in range(max(1, len(w) - n + 1))}


def jaccard(a, b):
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


# --------------------------------------------------------------------------------------------
# fetching and reading .deb files
# --------------------------------------------------------------------------------------------

def deb_field(deb, field):
    return subprocess.run(['dpkg-deb', '-f', deb, field], check=True, capture_output=True,
                          text=True).stdout.strip()


def fetch(work):
    """apt-get download every package into WORK/debs. Returns {package: path of the .deb}."""
    d = os.path.join(work, 'debs')
    os.makedirs(d, exist_ok=True)

    def have():
        out = {}
        for f in sorted(os.listdir(d)):
            if f.endswith('.deb'):
                p = os.path.join(d, f)
                out.setdefault(deb_field(p, 'Package'), []).append((deb_field(p, 'Version'), p))
        return out

    present = have()
    missing = [(p, v) for p, v in PACKAGES if v not in [x[0] for x in present.get(p, [])]]
    if missing:
        log(f'downloading {len(missing)} packages into {d}')
        r = subprocess.run(['apt-get', 'download'] + [f'{p}={v}' for p, v in missing], cwd=d)
        if r.returncode != 0:
            log('WARNING: pinned versions not all available; downloading candidate versions '
                '(the output will differ from the committed samples). If apt cannot find the '
                'packages at all, run `apt-get update` first.')
            still = [p for p, v in missing
                     if not any(f.startswith(p + '_') for f in os.listdir(d))]
            if still:
                subprocess.run(['apt-get', 'download'] + still, cwd=d, check=True)
        present = have()
    debs = {}
    for p, v in PACKAGES:
        cands = present.get(p)
        if not cands:
            sys.exit(f'package {p} could not be downloaded')
        exact = [x for x in cands if x[0] == v]
        debs[p] = (exact or sorted(cands))[-1][1]
    return debs


def read_deb(deb, want):
    """{path: bytes} for regular files in the .deb whose path satisfies want(path)."""
    proc = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb], stdout=subprocess.PIPE)
    out = {}
    with tarfile.open(fileobj=proc.stdout, mode='r|') as tf:
        for m in tf:
            name = m.name[2:] if m.name.startswith('./') else m.name
            if m.isfile() and want(name):
                out[name] = tf.extractfile(m).read()
    if proc.wait() != 0:
        sys.exit(f'dpkg-deb failed on {deb}')
    return out


def licence_of(copyright_text):
    """Licence of the 'Files: *' stanza of a DEP-5 copyright file (else the first License:)."""
    stanzas = re.split(r'\n\s*\n', copyright_text)
    for st in stanzas:
        if re.search(r'^Files:\s*\*\s*$', st, re.M):
            m = re.search(r'^License:\s*(\S.*)$', st, re.M)
            if m:
                return m.group(1).strip()
    m = re.search(r'^License:\s*(\S.*)$', copyright_text, re.M)
    if m:
        return m.group(1).strip()
    t = ' '.join(copyright_text.split())
    m = re.search(r'GNU (?:General Public License|GPL),? (?:as published by the Free Software '
                  r'Foundation; )?(?:either )?version (\d)', t)
    if m:
        later = re.search(r'any later version', t)
        return f'GPL-{m.group(1)}' + ('+' if later else '')
    return 'see copyright file'


# --------------------------------------------------------------------------------------------
# extraction: LibreOffice help (HTML), GNOME help (Mallard XML), Firefox language packs (FTL)
# --------------------------------------------------------------------------------------------
VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param',
        'source', 'track', 'wbr'}
LO_SKIP_CLASSES = {'howtoget', 'relatedtopics', 'embedded', 'bascode', 'pycode', 'code',
                   'example', 'codeintable', 'smathcode', 'debug', 'icontable', 'switch'}
LO_KEEP_P = {'paragraph', 'listitem', '', 'ol_item', 'ul_item'}


DB_SKIP_CLASSES = {'navheader', 'navfooter', 'toc', 'screen', 'programlisting', 'literallayout',
                   'informalexample', 'example', 'titlepage', 'footnotes', 'synopsis'}
MENU_CLASSES = {'menuitem', 'keycode', 'literal', 'input', 'filename', 'command', 'userinput',
                'computeroutput', 'replaceable', 'classname', 'keycap', 'guimenuitem',
                'guimenu', 'guibutton', 'systemitem', 'varname', 'envar'}


class LOPage(html.parser.HTMLParser):
    """Paragraph text of one LibreOffice help page: <p> inside #DisplayArea, without code,
    tables, menu-path boxes, 'related topics', embedded snippets and OS-specific variants.
    With docbook=True: <p> of a DocBook-generated HTML page (Debian manuals), without
    navigation, TOC, screens and program listings."""

    def __init__(self, docbook=False):
        super().__init__(convert_charrefs=True)
        self.docbook = docbook
        self.skip_classes = DB_SKIP_CLASSES if docbook else LO_SKIP_CLASSES
        self.stack = []          # (tag, skip, is_menu)
        self.title = ''
        self.in_title = False
        self.area = docbook
        self.done = False
        self.cur = None          # [text parts, menu chars]
        self.paras = []

    def skipping(self):
        return any(s for _, s, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        a = dict(attrs)
        cls = (a.get('class') or '').split()
        if tag == 'title':
            self.in_title = True
        if tag == 'div' and a.get('id') == 'DisplayArea':
            self.area = True
        if tag == 'footer':
            self.done = True
            return
        if tag in VOID:
            return
        skip = (tag in ('pre', 'table', 'script', 'style', 'h1', 'h2', 'h3', 'h4')
                or (tag == 'code' and not self.docbook)
                or bool(self.skip_classes.intersection(cls))
                or ('hidden' in a and not (a.get('id') or '').startswith('default')))
        menu = bool(MENU_CLASSES.intersection(cls))
        self.stack.append((tag, skip, menu))
        if tag == 'p' and self.area and not self.skipping() and self.cur is None:
            if self.docbook or set(cls or ['']) & LO_KEEP_P:
                self.cur = [[], 0, len(self.stack)]

    def handle_endtag(self, tag):
        if tag == 'title':
            self.in_title = False
        if self.done or tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                if self.cur is not None and i + 1 <= self.cur[2]:
                    text = ''.join(self.cur[0])
                    self.paras.append((text, self.cur[1]))
                    self.cur = None
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.cur is not None and not self.skipping():
            self.cur[0].append(data)
            if any(m for _, _, m in self.stack):
                self.cur[1] += len(data.strip())


def lo_pages(files, folder):
    """{relative page path: (title, [paragraph, ...])} for one LibreOffice help language."""
    pages = {}
    prefix = f'usr/share/libreoffice/help/{folder}/text/'
    for path in sorted(files):
        if not path.startswith(prefix) or not path.endswith('.html'):
            continue
        p = LOPage()
        p.feed(files[path].decode('utf-8', 'replace'))
        p.close()
        paras = []
        for text, menu_chars in p.paras:
            t = norm_text(text)
            if t and menu_chars <= 0.4 * len(t.replace(' ', '')):
                paras.append(t)
        pages['lo/' + path[len(prefix):]] = (norm_text(p.title), paras)
    return pages


def docbook_pages(files, regex, langs, prefix):
    """{language: {page: (title, [paragraph, ...])}} for a DocBook HTML manual."""
    out = defaultdict(dict)
    for path in sorted(files):
        m = re.match(regex, path)
        if not m:
            continue
        if prefix == 'dh':
            page, folder = m.group(1), m.group(2)
        else:
            folder, page = m.group(1), m.group(2)
        if folder not in langs:
            continue
        p = LOPage(docbook=True)
        p.feed(files[path].decode('utf-8', 'replace'))
        p.close()
        paras = []
        for text, menu_chars in p.paras:
            t = norm_text(text)
            if t and menu_chars <= 0.2 * len(t.replace(' ', '')):
                paras.append(t)
        out[langs[folder]][f'{prefix}/{page}'] = (norm_text(p.title), paras)
    return out


MAL = '{http://projectmallard.org/1.0/}'


def mallard_text(el):
    """Inline text of a Mallard element. keyseq -> Ctrl+Alt, guiseq -> A ▸ B.
    Returns None if the element holds an auto-titled link (empty <link xref>), whose text
    is only filled in by the help viewer."""
    tag = el.tag.replace(MAL, '')
    if tag in ('keyseq', 'guiseq'):
        parts = [mallard_text(c) for c in el if isinstance(c.tag, str)]
        if any(p is None for p in parts):
            return None
        return (' ▸ ' if tag == 'guiseq' else '+').join(p.strip() for p in parts)
    if tag == 'link' and not ''.join(el.itertext()).strip():
        return None
    if tag in ('media', 'comment', 'code', 'screen'):
        return ''
    out = [el.text or '']
    for c in el:
        if isinstance(c.tag, str):
            t = mallard_text(c)
            if t is None:
                return None
            out.append(t)
        out.append(c.tail or '')
    return ''.join(out)


def gnome_pages(files, folder):
    pages = {}
    prefix = f'usr/share/help/{folder}/gnome-help/'
    for path in sorted(files):
        if not path.startswith(prefix) or not path.endswith('.page'):
            continue
        try:
            root = ET.fromstring(files[path])
        except ET.ParseError:
            continue
        title_el = root.find(MAL + 'title')
        title = norm_text(''.join(title_el.itertext())) if title_el is not None else ''
        paras = []
        skip_parents = set()
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag.replace(MAL, '') in ('info', 'code', 'screen',
                                                                       'comment', 'synopsis'):
                skip_parents.update(x for x in el.iter())
        for el in root.iter(MAL + 'p'):
            if el in skip_parents:
                continue
            t = mallard_text(el)
            if t:
                paras.append(norm_text(t))
        pages['gnome/' + path[len(prefix):]] = (title, paras)
    return pages


def ftl_values(text):
    """Values of Fluent messages and attributes (multi-line values joined with spaces)."""
    out, cur = [], None
    for line in text.splitlines():
        m = re.match(r'^(-?[A-Za-z][\w-]*|\s+\.[\w-]+)\s*=\s*(.*)$', line)
        if m:
            if cur is not None:
                out.append(cur)
            cur = m.group(2)
        elif cur is not None and line.startswith((' ', '\t')) and line.strip():
            cur += ' ' + line.strip()
        else:
            if cur is not None:
                out.append(cur)
            cur = None
    if cur is not None:
        out.append(cur)
    return out


def firefox_strings(files):
    out = []
    for path in sorted(files):
        if not path.endswith('.xpi'):
            continue
        z = zipfile.ZipFile(io.BytesIO(files[path]))
        for n in sorted(z.namelist()):
            if n.endswith('.ftl'):
                for v in ftl_values(z.read(n).decode('utf-8', 'replace')):
                    if '{' in v or '}' in v or '<' in v or '->' in v:
                        continue
                    out.append(norm_text(v))
    return out


# --------------------------------------------------------------------------------------------
# corpus: clean paragraphs per language, then documents
# --------------------------------------------------------------------------------------------

class Doc:
    __slots__ = ('lang', 'title', 'paras', 'page', 'source')

    def __init__(self, lang, title, paras, page, source):
        self.lang, self.title, self.paras, self.page, self.source = lang, title, paras, page, source

    @property
    def text(self):
        return self.title + '\n' + '\n'.join(self.paras)


def clean_pages(pages_by_lang, en_keys):
    """Filter paragraphs (prose test, untranslated English, cross-page duplicates)."""
    out = {}
    for lang in sorted(pages_by_lang):
        seen = set()
        res = {}
        for page in sorted(pages_by_lang[lang]):
            title, paras = pages_by_lang[lang][page]
            keep = []
            for t in paras:
                k = key_of(t)
                if not looks_like_prose(t, lang) or k in seen:
                    continue
                if lang != 'en' and (k in en_keys or englishish(t, lang)):
                    continue
                seen.add(k)
                keep.append(t)
            if title and nwords(title) <= 16 and keep:
                res[page] = (title, keep)
        out[lang] = res
    return out


def make_docs(lang, pages, seed):
    """Cut each page into documents of consecutive paragraphs, 300 B .. 6 KB (log-uniform
    target sizes), title line first."""
    r = rng_for(seed, 'docs', lang)
    docs = []
    for page in sorted(pages):
        title, paras = pages[page]
        kind = page.split('/', 1)[0]
        src = ('libreoffice-help-' + LO_FOLDER[lang].lower() if kind == 'lo' else
               {'gnome': 'gnome-user-docs', 'dh': 'debian-history',
                'ig': 'installation-guide-amd64'}[kind])
        i = 0
        while i < len(paras):
            target = math.exp(r.uniform(math.log(350), math.log(5500)))
            chunk, size = [], len(title.encode()) + 1
            while i < len(paras):
                b = len(paras[i].encode()) + 1
                if chunk and size + b > min(target * 1.3, DOC_MAX):
                    break
                chunk.append(paras[i])
                size += b
                i += 1
                if size >= target:
                    break
            d = Doc(lang, title, chunk, page, src)
            if DOC_MIN <= len(d.text.encode()) <= DOC_MAX:
                docs.append(d)
    r.shuffle(docs)
    return docs


# --------------------------------------------------------------------------------------------
# URLs, dates, edits
# --------------------------------------------------------------------------------------------
HOST_TEMPLATES = [
    ('https://help.{l}.example.org/page/{n}', 5),
    ('https://www.docs-{l}.example/{slug}-{n}', 4),
    ('https://forum.{l}.example.net/t/{slug}/{n}', 3),
    ('https://{l}.wiki.example.com/wiki/{wtitle}?oldid={n}', 2),
    ('http://blog.example.com/{l}/{y}/{m:02d}/{slug}-{n}.html', 1),
    ('https://news.{l}.example/{y}/{m:02d}/{d:02d}/{n}-{slug}', 1),
]
BIG = {'en', 'de', 'fr', 'es', 'it'}


def slugify(title):
    s = unicodedata.normalize('NFKD', title).encode('ascii', 'ignore').decode().lower()
    s = re.sub(r'[^a-z0-9]+', '-', s).strip('-')
    return s[:60].rstrip('-') or 'page'


URLS_SEEN = set()


def unique_url(r, lang, title):
    while True:
        u = make_url(r, lang, title)
        if u not in URLS_SEEN:
            URLS_SEEN.add(u)
            return u


def dict_hdr_id(record):
    return re.search(rb'WARC-Record-ID: (<[^>]*>)', record).group(1).decode()


def make_url(r, lang, title):
    k = 6 if lang in BIG else (4 if lang in JSONL_PLAN and JSONL_PLAN[lang] >= 30 else 2)
    temps = HOST_TEMPLATES[:k]
    t = r.choices([x[0] for x in temps], weights=[x[1] for x in temps])[0]
    return t.format(l=lang, n=r.randrange(100, 999999), slug=slugify(title),
                    wtitle=urllib.parse.quote(title.replace(' ', '_'), safe='_()'),
                    y=r.choice([2019, 2020, 2021, 2022, 2023]), m=r.randrange(1, 13),
                    d=r.randrange(1, 29))


def make_date(r):
    # 2024-02-20T00:00:00Z .. 2024-03-05T00:00:00Z
    t = 1708387200 + r.randrange(14 * 86400)
    import time
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))


def near_copy(r, text, donor_sentence):
    """A near duplicate of text: a few words replaced / deleted / inserted, or a sentence
    added. The title line is never changed. Returns (new text, description)."""
    lines = text.split('\n')
    body = [i for i in range(1, len(lines)) if nwords(lines[i]) >= 10]
    nw = sum(nwords(x) for x in lines[1:])
    ops = ['replace', 'delete', 'insert'] + (['add-sentence'] if nw >= 150 else [])
    op = r.choice(ops) if body else 'add-sentence'
    k = min(4, 1 + nw // 150)
    if op == 'add-sentence':
        pos = r.randrange(1, len(lines) + 1)
        lines.insert(pos, donor_sentence)
        return '\n'.join(lines), f'add-sentence@line{pos + 1}'
    vocab = sorted({w for x in lines[1:] for w in x.split()})
    for _ in range(k):
        li = r.choice(body)
        ws = lines[li].split(' ')
        j = r.randrange(len(ws))
        if op == 'replace':
            choices = [w for w in vocab if w != ws[j]]
            ws[j] = r.choice(choices)
        elif op == 'delete' and len(ws) > 3:
            del ws[j]
        else:
            ws.insert(j, r.choice(vocab))
        lines[li] = ' '.join(ws)
    return '\n'.join(lines), f'{op}x{k}'


# --------------------------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------------------------

def build_jsonl(seed, pools, take, truth_rows, notes):
    r = rng_for(seed, 'jsonl')
    base = []  # [lang, text, hint_langs]
    for lang in sorted(JSONL_PLAN):
        for d in take(lang, JSONL_PLAN[lang]):
            base.append({'lang': lang, 'text': d.text, 'title': d.title, 'kind': 'original'})
    for a, b in JSONL_MIXED:
        da, db = take(a, 1)[0], take(b, 1)[0]
        nb = max(1, min(len(db.paras), r.randrange(1, 4)))
        text = da.text + '\n' + '\n'.join(db.paras[:nb])
        share = len('\n'.join(db.paras[:nb]).encode()) / len(text.encode())
        base.append({'lang': a, 'text': text, 'title': da.title, 'kind': 'mixed',
                     'detail': f'{a}+{b}; {b} share of bytes {share:.2f} (paragraphs appended at the end)'})
    r.shuffle(base)
    # specials are taken from fresh documents
    special = {}
    special['invalid-utf8'] = take('de', 1)[0]
    special['escapes'] = take('fr', 1)[0]
    special['missing-text'] = take('es', 1)[0]
    special['invalid-json'] = take('it', 1)[0]
    rank = [(i, 0, rec) for i, rec in enumerate(base)]
    originals = [x for x in base if x['kind'] == 'original']
    exact_src = r.sample(originals, JSONL_EXACT_DUPS)
    rest = [x for x in originals if x not in exact_src and nwords(x['text']) >= 60]
    near_src = r.sample(rest, JSONL_NEAR_DUPS)
    for x in exact_src + near_src:
        x['has_copies'] = True
    pos = {id(x): i for i, x in enumerate(base)}
    extra = []
    for x in exact_src:
        extra.append((r.uniform(pos[id(x)] + 0.01, len(base)), 1,
                      {'lang': x['lang'], 'text': x['text'], 'title': x['title'],
                       'kind': 'exact', 'orig': x}))
    for x in near_src:
        donor = take(x['lang'], 1)[0]
        sent = min(donor.paras, key=lambda p: abs(nwords(p) - 12))
        t, desc = near_copy(r, x['text'], sent)
        extra.append((r.uniform(pos[id(x)] + 0.01, len(base)), 1,
                      {'lang': x['lang'], 'text': t, 'title': x['title'], 'kind': 'near',
                       'orig': x, 'detail': desc}))
    records = [rec for _, _, rec in sorted(rank + extra, key=lambda t: (t[0], t[1]))]
    # insert the special lines at their fixed physical line numbers
    lines = list(records)
    for ln in sorted(BAD_LINES):
        lines.insert(ln - 1, {'special': BAD_LINES[ln]})
    out = []
    n = 0
    for ln, rec in enumerate(lines, 1):
        if rec.get('special') == 'empty-line':
            out.append(b'')
            truth_rows.append((ln, '-', 'empty-line', '-', 'zero-length line; not a record'))
            continue
        n += 1
        rid = f'web-{n:06d}'
        rec['id'] = rid
        kind = rec.get('special')
        if kind:
            d = special[kind]
            rec.update(lang=d.lang, text=d.text, title=d.title)
        obj = {'id': rid, 'url': unique_url(r, rec['lang'], rec['title']),
               'timestamp': make_date(r)}
        if r.random() < 0.92 or kind:
            obj['lang_hint'] = rec['lang']
        obj['text'] = rec['text']
        if not kind and r.random() < 0.05:    # some producers put the text first
            obj = {'text': obj.pop('text'), **obj}
        ascii_only = not kind and r.random() < 0.03
        if kind == 'invalid-json':
            full = json.dumps(obj, ensure_ascii=False).encode()
            cut = full[:full.index(b'"text": "') + 9 + 120]
            line = cut.decode('utf-8', 'ignore').encode()   # cut on a character boundary
            truth_rows.append((ln, rid, 'invalid-json', '-',
                               'record truncated inside the text string (no closing quote/brace)'))
        elif kind == 'missing-text':
            obj['content'] = obj.pop('text')
            line = json.dumps(obj, ensure_ascii=False).encode()
            truth_rows.append((ln, rid, 'missing-text', '-',
                               'valid JSON object, text is under "content" instead of "text"'))
        elif kind == 'invalid-utf8':
            t = rec['text']
            words = [m.end() for m in re.finditer(r'\S ', t)]
            a, b = words[len(words) // 4], words[(3 * len(words)) // 4]
            t = t[:a] + '\ue000' + t[a:b] + '\ue001' + t[b:]
            obj['text'] = t
            line = json.dumps(obj, ensure_ascii=False).encode()
            line = line.replace('\ue000'.encode(), b'\xc3\x28').replace('\ue001'.encode(), b'\xff')
            lossy = json.loads(line.decode('utf-8', 'replace'))['text']
            truth_rows.append((ln, rid, 'invalid-utf8', '-',
                               'raw bytes C3 28 and FF inside the JSON string; decoded with '
                               'U+FFFD replacement the text has sha256 '
                               + sha256(lossy.encode())))
            rec['lossy_text'] = lossy
        elif kind == 'escapes':
            t = ('Entrée spéciale : "guillemets", tabulation\tet saut de ligne\n'
                 'emoji \U0001F600 et caractère nul \u0000 ici.\n' + rec['text'])
            obj['text'] = t
            rec['text'] = t
            line = json.dumps(obj, ensure_ascii=True).replace('/', '\\/').encode()
            truth_rows.append((ln, rid, 'escapes', '-',
                               'valid; every non-ASCII char escaped (\\u00e9, surrogate pair '
                               '\\ud83d\\ude00), \\n \\t \\" \\/ and \\u0000; decoded text sha256 '
                               + sha256(t.encode())))
        else:
            line = json.dumps(obj, ensure_ascii=ascii_only).encode()
            if rec['kind'] == 'exact':
                truth_rows.append((ln, rid, 'exact', rec['orig']['id'], 'same text'))
            elif rec['kind'] == 'near':
                j = jaccard(rec['text'], rec['orig']['text'])
                notes.setdefault('near_jaccard', []).append(j)
                truth_rows.append((ln, rid, 'near', rec['orig']['id'],
                                   f"{rec['detail']}; jaccard(word 5-shingles)={j:.3f}"))
            elif rec['kind'] == 'mixed':
                truth_rows.append((ln, rid, 'mixed', rec['detail'].split(';')[0],
                                   rec['detail'].split('; ', 1)[1]))
        out.append(line)
    data = b'\n'.join(out) + b'\n'
    valid = [x for x in lines if 'id' in x and x.get('special') not in
             ('invalid-json', 'missing-text', 'invalid-utf8')]
    notes['jsonl_records'] = valid
    notes['jsonl_all'] = [x for x in lines if 'id' in x]
    return data


def warc_record(headers, block):
    h = ''.join(f'{k}: {v}\r\n' for k, v in headers)
    return ('WARC/1.0\r\n' + h + '\r\n').encode() + block + b'\r\n\r\n'


def build_wet(seed, take, jsonl_records, truth_rows, notes):
    r = rng_for(seed, 'wet')

    def uid():
        return f'<urn:uuid:{uuid.UUID(int=r.getrandbits(128), version=4)}>'

    convs = []
    for lang in sorted(WET_PLAN):
        for d in take(lang, WET_PLAN[lang]):
            convs.append({'lang': lang, 'langs': [lang], 'text': d.text, 'title': d.title,
                          'kind': 'original'})
    for a, b in WET_MIXED:
        da, db = take(a, 1)[0], take(b, 1)[0]
        nb = max(1, min(len(db.paras), 2))
        text = da.text + '\n' + '\n'.join(db.paras[:nb])
        convs.append({'lang': a, 'langs': [a, b], 'text': text, 'title': da.title,
                      'kind': 'mixed', 'ref': f'{a}+{b}'})
    r.shuffle(convs)
    originals = [c for c in convs if c['kind'] == 'original']
    # JSONL originals that have no copies inside the JSONL file (keeps the duplicate pairs
    # simple: every cross-file pair is listed once)
    pool = [x for x in jsonl_records if x.get('kind') == 'original' and not x.get('special')
            and not x.get('has_copies')]
    cross = r.sample(pool, WET_CROSS_EXACT + WET_CROSS_NEAR)
    for i, x in enumerate(cross):
        if i < WET_CROSS_EXACT:
            c = {'lang': x['lang'], 'langs': [x['lang']], 'text': x['text'], 'title': x['title'],
                 'kind': 'cross-exact', 'ref': x['id']}
        else:
            donor = take(x['lang'], 1)[0]
            sent = min(donor.paras, key=lambda p: abs(nwords(p) - 12))
            t, desc = near_copy(r, x['text'], sent)
            c = {'lang': x['lang'], 'langs': [x['lang']], 'text': t, 'title': x['title'],
                 'kind': 'cross-near', 'ref': x['id'],
                 'detail': f'{desc}; jaccard={jaccard(t, x["text"]):.3f}'}
        convs.insert(r.randrange(len(convs) + 1), c)
    for x in r.sample(originals, WET_EXACT_DUPS):
        p = convs.index(x)
        convs.insert(r.randrange(p + 1, len(convs) + 1),
                     {'lang': x['lang'], 'langs': x['langs'], 'text': x['text'],
                      'title': x['title'], 'kind': 'exact', 'orig': x})
    # assemble the file
    members = []
    info_fields = ('Software-Info: corpus-census build-samples.py\r\n'
                   'Extracted-Date: Fri, 01 Mar 2024 12:00:00 GMT\r\n'
                   'robots: classic\r\n'
                   'isPartOf: corpus-census-sample-2024-10\r\n'
                   'operator: corpus-census project (sample data, not a real crawl)\r\n'
                   'description: Sample WET file built from Debian package documentation '
                   'text; layout follows Common Crawl WET files\r\n'
                   'publisher: corpus-census\r\n').encode()
    fname = 'CC-MAIN-20240301000000-20240301120000-00000.warc.wet.gz'
    members.append(warc_record([('WARC-Type', 'warcinfo'), ('WARC-Date', '2024-03-01T12:00:00Z'),
                                ('WARC-Filename', fname), ('WARC-Record-ID', uid()),
                                ('Content-Type', 'application/warc-fields'),
                                ('Content-Length', len(info_fields))], info_fields))
    truth_rows.append((1, dict_hdr_id(members[0]), 'warcinfo', '-', 'first record'))
    for nconv, c in enumerate(convs):
        if nconv in WET_OTHER_AT:
            kind = WET_OTHER_AT[nconv]
            url = unique_url(r, 'de' if kind == 'metadata' else 'en', 'page')
            if kind == 'metadata':
                block = (f'fetchTimeMs: {r.randrange(50, 3000)}\r\n'
                         'charset-detected: UTF-8\r\n'
                         'languages-cld2: {"reliable":true,"text-bytes":1234,"languages":'
                         '[{"code":"de","code-iso-639-3":"deu","text-covered":0.99,'
                         '"score":1012.0,"name":"GERMAN"}]}\r\n').encode()
                hdr = [('WARC-Type', 'metadata'), ('WARC-Target-URI', url),
                       ('WARC-Date', make_date(r)), ('WARC-Record-ID', uid()),
                       ('WARC-Refers-To', uid()), ('Content-Type', 'application/warc-fields'),
                       ('Content-Length', len(block))]
            else:
                u = urllib.parse.urlsplit(url)
                block = (f'GET {u.path or "/"} HTTP/1.1\r\nUser-Agent: CCBot/2.0 '
                         f'(https://commoncrawl.org/faq/)\r\nAccept: text/html\r\n'
                         f'Host: {u.netloc}\r\nConnection: Keep-Alive\r\n\r\n').encode()
                hdr = [('WARC-Type', 'request'), ('WARC-Date', make_date(r)),
                       ('WARC-Record-ID', uid()), ('Content-Length', len(block)),
                       ('Content-Type', 'application/http; msgtype=request'),
                       ('WARC-Target-URI', url)]
            members.append(warc_record(hdr, block))
            truth_rows.append((len(members), dict(hdr)['WARC-Record-ID'], kind, '-',
                               f'non-conversion record after conversion record #{nconv}'))
        block = c['text'].encode()
        c['record_id'] = uid()
        c['uri'] = unique_url(r, c['lang'], c['title'])
        digest = base64.b32encode(hashlib.sha1(block).digest()).decode()
        hdr = [('WARC-Type', 'conversion'), ('WARC-Target-URI', c['uri']),
               ('WARC-Date', make_date(r)), ('WARC-Record-ID', c['record_id']),
               ('WARC-Refers-To', uid()), ('WARC-Block-Digest', 'sha1:' + digest),
               ('WARC-Identified-Content-Language', ','.join(ISO3[x] for x in c['langs'])),
               ('Content-Type', 'text/plain'), ('Content-Length', len(block))]
        members.append(warc_record(hdr, block))
        c['record_no'] = len(members)
        if c['kind'] == 'exact':
            truth_rows.append((len(members), c['record_id'], 'exact', c['orig']['record_id'],
                               f"same block as record #{c['orig']['record_no']}"))
        elif c['kind'] == 'cross-exact':
            truth_rows.append((len(members), c['record_id'], 'cross-exact', c['ref'],
                               'block equals the text of this web-docs.jsonl.gz record'))
        elif c['kind'] == 'cross-near':
            truth_rows.append((len(members), c['record_id'], 'cross-near', c['ref'],
                               'near copy of this web-docs.jsonl.gz record; ' + c['detail']))
        elif c['kind'] == 'mixed':
            truth_rows.append((len(members), c['record_id'], 'mixed', c['ref'],
                               'second language paragraphs appended at the end'))
    notes['wet_convs'] = convs
    notes['wet_members'] = len(members)
    return b''.join(gz(m) for m in members)


def build_lines(seed, take, ui, truth_rows, notes):
    r = rng_for(seed, 'lines')
    items = []
    for lang in sorted(LINES_HELP_PLAN):
        paras = []
        while len(paras) < LINES_HELP_PLAN[lang]:
            d = take(lang, 1)[0]
            paras += [p for p in d.paras if len(p.encode()) <= 1200][:2]
        items += [(lang, p) for p in paras[:LINES_HELP_PLAN[lang]]]
    for lang in sorted(LINES_UI_PLAN):
        items += [(lang, s) for s in r.sample(ui[lang], LINES_UI_PLAN[lang])]
    seen = set()
    uniq = []
    for lang, s in items:
        if s not in seen:
            seen.add(s)
            uniq.append((lang, s))
    r.shuffle(uniq)
    lines = [(lang, s, 'original', None) for lang, s in uniq]
    for i in sorted(r.sample(range(len(uniq) - 1), LINES_EXACT_DUPS), reverse=True):
        lang, s = uniq[i]
        lines.insert(r.randrange(i + 1, len(lines) + 1), (lang, s, 'exact', s))
    for at in (400, 1100):      # two empty lines (one of them CRLF)
        lines.insert(at, (None, '', 'empty', None))
    crlf_at = set(r.sample([i for i, x in enumerate(lines) if x[2] == 'original' and i > 0],
                           LINES_CRLF))
    out = []
    first_line = {}
    for i, (lang, s, kind, ref) in enumerate(lines):
        ln = i + 1
        eol = '\r\n' if (i in crlf_at or (kind == 'empty' and ln > 1000)) else '\n'
        text = ('\ufeff' if i == 0 else '') + s
        out.append(text + eol)
        if kind == 'original':
            first_line.setdefault(s, ln)
        if i == 0:
            truth_rows.append((ln, 'bom', '-', 'file starts with a UTF-8 BOM (EF BB BF)'))
        if eol == '\r\n' and kind != 'empty':
            truth_rows.append((ln, 'crlf', '-', 'line ends with CR LF'))
        if kind == 'exact':
            truth_rows.append((ln, 'exact', first_line[ref], 'same text as that line'))
        if kind == 'empty':
            truth_rows.append((ln, 'empty', '-', 'empty line' + (' (CR LF)' if eol == '\r\n' else '')))
    truth_rows.sort()
    notes['lines'] = lines
    return gz(''.join(out).encode())


def build_paragraphs(seed, take, notes):
    r = rng_for(seed, 'paragraphs')
    docs = []
    for lang in sorted(PARA_PLAN):
        got = 0
        while got < PARA_PLAN[lang]:
            d = take(lang, 1)[0]
            k = r.randrange(1, 4)
            text = ' '.join(d.paras[:k])
            if len(text) < 150:
                continue
            if len(text.encode()) > 2500:
                text = ' '.join(d.paras[:1])
                if len(text.encode()) > 2500:
                    continue
            docs.append((lang, textwrap.fill(text, width=72, break_long_words=False,
                                             break_on_hyphens=False)))
            got += 1
    r.shuffle(docs)
    seps = ['\n'] * len(docs)
    idx = r.sample(range(len(docs) - 1), 20)
    for j in idx[:8]:
        seps[j] = r.choice([' \n', '\t\n', '  \t \n'])          # whitespace-only blank line
    for j in idx[8:]:
        seps[j] = r.choice(['\n\n', '\n\n\n', '\n \n'])         # several blank lines
    parts = []
    for i, (lang, t) in enumerate(docs):
        parts.append(t + '\n')
        if i < len(docs) - 1:
            parts.append(seps[i])
    parts.append('\n')   # trailing blank line at the end of the file
    notes['paragraphs'] = docs
    return ''.join(parts).encode()


# --------------------------------------------------------------------------------------------
# independent recount of the written files
# --------------------------------------------------------------------------------------------

def recount(out):
    c = {}
    raw = gzip.decompress(open(os.path.join(out, 'web-docs.jsonl.gz'), 'rb').read())
    lines = raw.split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()           # the final newline terminates the last line
    strict = lossy = bad = empty = 0
    texts = []
    for b in lines:
        if not b.strip():
            empty += 1
            continue
        for mode in ('strict', 'lossy'):
            try:
                s = b.decode('utf-8') if mode == 'strict' else b.decode('utf-8', 'replace')
                o = json.loads(s)
                ok = isinstance(o, dict) and isinstance(o.get('text'), str)
            except (UnicodeDecodeError, ValueError):
                ok = False
            if mode == 'strict':
                strict += ok
                bad += not ok
                if ok:
                    texts.append(o['text'])
            else:
                lossy += ok
    c['web-docs.jsonl.gz'] = [
        ('lines', len(lines), 'physical lines (LF-terminated; the file ends with LF)'),
        ('blank_lines', empty, 'lines that are empty or only whitespace'),
        ('records', strict, 'non-blank lines that are valid UTF-8, parse as a JSON object and '
                            'have a string field "text"'),
        ('records_lossy', lossy, 'same, but invalid UTF-8 replaced by U+FFFD before parsing'),
        ('bad_lines', bad, 'non-blank lines that are not records (strict definition)'),
        ('distinct_texts', len(set(texts)), 'distinct "text" values among records'),
    ]
    data = open(os.path.join(out, 'crawl.warc.wet.gz'), 'rb').read()
    members = []
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        members.append(d.decompress(data) + d.flush())
        data = d.unused_data
    types = Counter()
    blocks = []
    buf = b''.join(members)
    pos = 0
    nrec = 0
    while pos < len(buf):
        end = buf.index(b'\r\n\r\n', pos)
        head = buf[pos:end].decode().split('\r\n')
        assert head[0] == 'WARC/1.0', head[0]
        h = dict(x.split(': ', 1) for x in head[1:])
        n = int(h['Content-Length'])
        block = buf[end + 4:end + 4 + n]
        assert buf[end + 4 + n:end + 8 + n] == b'\r\n\r\n'
        if 'WARC-Block-Digest' in h:
            assert h['WARC-Block-Digest'] == 'sha1:' + base64.b32encode(
                hashlib.sha1(block).digest()).decode()
        types[h['WARC-Type']] += 1
        if h['WARC-Type'] == 'conversion':
            blocks.append(block)
        pos = end + 8 + n
        nrec += 1
    c['crawl.warc.wet.gz'] = [
        ('gzip_members', len(members), 'concatenated gzip members (one per WARC record)'),
        ('warc_records', nrec, 'all WARC records'),
        ('conversion_records', types['conversion'], 'records with WARC-Type: conversion'),
        ('warcinfo_records', types['warcinfo'], 'records with WARC-Type: warcinfo'),
        ('metadata_records', types['metadata'], 'records with WARC-Type: metadata'),
        ('request_records', types['request'], 'records with WARC-Type: request'),
        ('other_records', nrec - types['conversion'], 'all records that are not conversion'),
        ('distinct_blocks', len(set(blocks)), 'distinct conversion blocks (title line + text)'),
    ]
    raw = gzip.decompress(open(os.path.join(out, 'lines.txt.gz'), 'rb').read())
    txt = raw.decode('utf-8')
    if txt.startswith('\ufeff'):
        txt = txt[1:]
    ls = txt.split('\n')
    if ls and ls[-1] == '':
        ls.pop()
    ls = [x[:-1] if x.endswith('\r') else x for x in ls]
    ne = [x for x in ls if x != '']
    c['lines.txt.gz'] = [
        ('lines', len(ls), 'physical lines (LF-terminated)'),
        ('nonempty_lines', len(ne), 'non-empty lines after removing the BOM at file start '
                                     'and a trailing CR'),
        ('distinct_lines', len(set(ne)), 'distinct non-empty lines (same normalisation)'),
        ('crlf_lines', raw.count(b'\r\n'), 'lines ending in CR LF (incl. one empty line)'),
    ]
    txt = open(os.path.join(out, 'help.paragraphs.txt'), 'rb').read().decode('utf-8')
    pl = txt.split('\n')
    if pl and pl[-1] == '':
        pl.pop()
    paras, inpara = 0, False
    for x in pl:
        blank = x.strip(' \t') == ''
        if not blank and not inpara:
            paras += 1
        inpara = not blank
    c['help.paragraphs.txt'] = [
        ('lines', len(pl), 'physical lines (LF-terminated)'),
        ('paragraphs', paras, 'maximal runs of non-blank lines; a blank line is empty or '
                              'contains only spaces/tabs'),
        ('blank_lines', sum(1 for x in pl if x.strip(' \t') == ''), 'blank lines (same definition)'),
    ]
    return c


def unlisted_similarity(out, listed):
    """Highest word-5-shingle Jaccard between two documents (JSONL records and WET conversion
    blocks) that are not listed as duplicates of each other, and the number of such pairs
    with Jaccard >= 0.3."""
    docs = []
    for b in gzip.decompress(open(os.path.join(out, 'web-docs.jsonl.gz'), 'rb').read()).split(b'\n'):
        try:
            o = json.loads(b.decode('utf-8'))
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(o, dict) and isinstance(o.get('text'), str):
            docs.append((o['id'], o['text']))
    data = open(os.path.join(out, 'crawl.warc.wet.gz'), 'rb').read()
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        rec = d.decompress(data) + d.flush()
        data = d.unused_data
        head, _, rest = rec.partition(b'\r\n\r\n')
        h = dict(x.split(': ', 1) for x in head.decode().split('\r\n')[1:])
        if h['WARC-Type'] == 'conversion':
            docs.append((h['WARC-Record-ID'], rest[:int(h['Content-Length'])].decode()))
    sets = [shingles(t) for _, t in docs]
    inv = defaultdict(list)
    for i, st in enumerate(sets):
        for g in st:
            inv[g].append(i)
    pairs = set()
    for g in sorted(inv):
        l = inv[g]
        if len(l) <= 60:
            pairs.update((a, b) for a in l for b in l if a < b)
    best, n = 0.0, 0
    for a, b in sorted(pairs):
        if frozenset((docs[a][0], docs[b][0])) in listed:
            continue
        j = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
        best = max(best, j)
        n += j >= 0.3
    return best, n


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--out', default=HERE)
    ap.add_argument('--work', default='/tmp/corpus-census-samples-work')
    ap.add_argument('--seed', type=int, default=DEFAULT_SEED)
    ap.add_argument('--clean-work', action='store_true',
                    help='remove the --work folder (downloaded packages) at the end')
    args = ap.parse_args()
    out, work, seed = os.path.abspath(args.out), os.path.abspath(args.work), args.seed
    if work == out or work.startswith(out + os.sep):
        sys.exit('--work must not be inside --out')
    os.makedirs(out, exist_ok=True)
    os.makedirs(work, exist_ok=True)

    debs = fetch(work)
    versions, licences = {}, {}
    pages = defaultdict(dict)
    en_ref = {}    # English originals of the Debian manuals: only used to find untranslated text
    ui = {}
    for pkg in sorted(debs):
        deb = debs[pkg]
        versions[pkg] = deb_field(deb, 'Version')
        log(f'reading {pkg} {versions[pkg]}')
        files = read_deb(deb, lambda p: p == f'usr/share/doc/{pkg}/copyright'
                         or (p.startswith('usr/share/libreoffice/help/') and '/text/' in p
                             and p.endswith('.html'))
                         or (p.startswith('usr/share/help/') and '/gnome-help/' in p
                             and p.endswith('.page'))
                         or p.endswith('.xpi')
                         or (pkg in DOCBOOK and re.match(DOCBOOK[pkg][0], p) is not None))
        cr = files.get(f'usr/share/doc/{pkg}/copyright')
        licences[pkg] = licence_of(cr.decode('utf-8', 'replace')) if cr else 'see copyright file'
        if pkg.startswith('libreoffice-help-'):
            folders = sorted({p.split('/')[4] for p in files if p.startswith('usr/share/libreoffice/help/')})
            for f in folders:
                if f in LO_LANGS:
                    pages[LO_LANGS[f]].update(lo_pages(files, f))
        elif pkg == 'gnome-user-docs':
            for f in sorted(GNOME_LANGS):
                pages[GNOME_LANGS[f]].update(gnome_pages(files, f))
        elif pkg in DOCBOOK:
            for lang, pg in sorted(docbook_pages(files, *DOCBOOK[pkg]).items()):
                (en_ref if lang == 'en' else pages[lang]).update(pg)
        elif pkg.startswith('firefox-esr-l10n-'):
            ui[FX_LANGS[pkg[len('firefox-esr-l10n-'):]]] = firefox_strings(files)
        del files

    en_keys = {key_of(t) for pg in (pages['en'], en_ref) for _, paras in pg.values() for t in paras}
    clean = clean_pages(pages, en_keys)
    pools = {lang: make_docs(lang, clean[lang], seed) for lang in sorted(clean)}
    for lang in sorted(pools):
        log(f'{lang}: {len(clean[lang])} pages, {len(pools[lang])} candidate documents')
    ui_clean = {}
    for lang in sorted(ui):
        seen, keep = set(), []
        for s in ui[lang]:
            k = key_of(s)
            if (looks_like_prose(s, lang, min_words=6) and not englishish(s, lang)
                    and k not in en_keys and k not in seen):
                seen.add(k)
                keep.append(s)
        ui_clean[lang] = keep
        log(f'{lang}: {len(keep)} usable Firefox UI sentences')

    used = Counter()
    current = ['']
    notes = {'sources': defaultdict(Counter)}   # file -> package -> documents taken

    def take(lang, n):
        p = pools[lang]
        if used[lang] + n > len(p):
            sys.exit(f'not enough {lang} documents ({len(p)})')
        res = p[used[lang]:used[lang] + n]
        used[lang] += n
        for d in res:
            notes['sources'][current[0]][d.source] += 1
        return res

    jsonl_truth, wet_truth, lines_truth = [], [], []
    files = {}
    current[0] = 'web-docs.jsonl.gz'
    files['web-docs.jsonl.gz'] = gz(build_jsonl(seed, pools, take, jsonl_truth, notes))
    current[0] = 'crawl.warc.wet.gz'
    files['crawl.warc.wet.gz'] = build_wet(seed, take, notes['jsonl_records'], wet_truth, notes)
    current[0] = 'lines.txt.gz'
    files['lines.txt.gz'] = build_lines(seed, take, ui_clean, lines_truth, notes)
    for lang, n in sorted(LINES_UI_PLAN.items()):
        fx = [k for k, v in FX_LANGS.items() if v == lang][0]
        notes['sources']['lines.txt.gz']['firefox-esr-l10n-' + fx] += n
    current[0] = 'help.paragraphs.txt'
    files['help.paragraphs.txt'] = build_paragraphs(seed, take, notes)

    for name in sorted(files):
        with open(os.path.join(out, name), 'wb') as f:
            f.write(files[name])
    counts = recount(out)

    # truth files
    def tsv(rows, header):
        return ('\t'.join(header) + '\n' + ''.join(
            '\t'.join(str(x) for x in row) + '\n' for row in rows)).encode()

    with open(os.path.join(out, 'web-docs.truth.tsv'), 'wb') as f:
        f.write(tsv(sorted(jsonl_truth), ['line', 'id', 'kind', 'ref', 'detail']))
    cc = dict((k, v) for k, v, _ in counts['crawl.warc.wet.gz'])
    wet_rows = sorted(wet_truth)
    wet_rows += [('-', '-', 'count', k, cc[k]) for k in
                 ('gzip_members', 'warc_records', 'conversion_records', 'warcinfo_records',
                  'metadata_records', 'request_records', 'other_records', 'distinct_blocks')]
    with open(os.path.join(out, 'crawl.truth.tsv'), 'wb') as f:
        f.write(tsv(wet_rows, ['record_no', 'record_id', 'kind', 'ref', 'detail']))
    with open(os.path.join(out, 'lines.truth.tsv'), 'wb') as f:
        f.write(tsv(lines_truth, ['line', 'kind', 'ref', 'detail']))
    with open(os.path.join(out, 'counts.tsv'), 'wb') as f:
        rows = [(fn, m, v, d) for fn in sorted(counts) for m, v, d in counts[fn]]
        f.write(tsv(rows, ['file', 'measure', 'value', 'definition']))

    # cross-checks of the recount against the generator's own bookkeeping
    jl = counts['web-docs.jsonl.gz']
    assert jl[2][1] == len(notes['jsonl_records']), (jl, len(notes['jsonl_records']))
    assert jl[3][1] == len(notes['jsonl_records']) + 1
    assert jl[4][1] == 3 and jl[1][1] == 1
    n_exact = sum(1 for x in jsonl_truth if x[2] == 'exact')
    assert jl[5][1] == jl[2][1] - n_exact, 'unexpected natural exact duplicates in JSONL'
    assert cc['conversion_records'] == len(notes['wet_convs'])
    assert cc['gzip_members'] == cc['warc_records'] == notes['wet_members']
    assert cc['distinct_blocks'] == cc['conversion_records'] - WET_EXACT_DUPS
    lc = dict((k, v) for k, v, _ in counts['lines.txt.gz'])
    assert lc['distinct_lines'] == lc['nonempty_lines'] - LINES_EXACT_DUPS
    pc = dict((k, v) for k, v, _ in counts['help.paragraphs.txt'])
    assert pc['paragraphs'] == len(notes['paragraphs'])

    listed = {frozenset((r[1], r[3])) for r in jsonl_truth if r[2] in ('exact', 'near')}
    listed |= {frozenset((r[1], r[3])) for r in wet_truth
               if r[2] in ('exact', 'cross-exact', 'cross-near')}
    notes['unlisted'] = unlisted_similarity(out, listed)
    assert notes['unlisted'][0] < 0.6, notes['unlisted']
    write_docs(out, seed, versions, licences, notes, counts, files)
    if args.clean_work:
        shutil.rmtree(work)
    log('done: ' + ', '.join(f'{n} {os.path.getsize(os.path.join(out, n))} B' for n in sorted(files)))


def lang_table(counter):
    return ', '.join(f'{l} {counter[l]}' for l in sorted(counter, key=lambda l: (-counter[l], l)))


UPSTREAM = {
    'libreoffice': 'LibreOffice Help (The Document Foundation, LibreOffice contributors and translators)',
    'gnome-user-docs': 'GNOME Help (Shaun McCance, the GNOME documentation team and translators)',
    'firefox': 'Firefox ESR language pack (Mozilla and its localization teams)',
    'debian-history': 'A Brief History of Debian (Debian Documentation Team; Lithuanian translation)',
    'installation-guide-amd64': 'Debian GNU/Linux Installation Guide (Debian Installer team; Romanian translation)',
}


def upstream(p):
    for k, v in UPSTREAM.items():
        if p.startswith(k):
            return v
    return ''


def write_docs(out, seed, versions, licences, notes, counts, files):
    used = sorted({p for f in notes['sources'] for p in notes['sources'][f]})

    # NOTICE ---------------------------------------------------------------------------------
    notice = ['corpus-census sample corpora (corpora-samples/)',
              '',
              'The text in the sample files of this folder comes from the Debian 12 (bookworm)',
              'binary packages listed below. build-samples.py extracted it, cleaned it, cut it',
              'into documents, shuffled it and altered parts of it on purpose (duplicates, near',
              'duplicates, mixed-language documents, broken records). The licence is the one of',
              "the 'Files: *' stanza (or the licence statement) of each package's",
              '/usr/share/doc/<package>/copyright file.',
              '',
              'package\tversion\tlicence\twork']
    for p in used:
        notice.append(f'{p}\t{versions[p]}\t{licences[p]}\t{upstream(p)}')
    notice += ['',
               'Licence texts:',
               '  MPL-2.0       https://mozilla.org/MPL/2.0/  (Debian: /usr/share/common-licenses/MPL-2.0)',
               '  CC-BY-SA-3.0  https://creativecommons.org/licenses/by-sa/3.0/legalcode',
               '  GPL-2         https://www.gnu.org/licenses/old-licenses/gpl-2.0.html',
               '                (Debian: /usr/share/common-licenses/GPL-2)',
               '',
               'The samples are modified extracts. Text from gnome-user-docs is shared under',
               'CC-BY-SA-3.0, text from debian-history and installation-guide-amd64 under the GPL',
               '(version 2, or later for debian-history), text from LibreOffice help and the Firefox',
               'language packs under MPL-2.0. The build script itself is part of corpus-census.',
               '',
               'URLs, dates, WARC record ids and the other metadata in the samples are invented.',
               'Host names use the reserved .example TLD and example.org/.com/.net.', '']
    with open(os.path.join(out, 'NOTICE'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(notice))

    # README ---------------------------------------------------------------------------------
    def cnt(section, key):
        return dict((k, v) for k, v, _ in counts[section])[key]

    def srcs(fn):
        groups = defaultdict(list)   # (prefix, version, licence) -> suffixes
        for p in sorted(notes['sources'][fn]):
            m = re.match(r'^(libreoffice-help-|firefox-esr-l10n-)(.+)$', p)
            pre, suf = (m.group(1), m.group(2)) if m else (p, '')
            groups[(pre, versions[p], licences[p])].append(suf)
        parts = []
        for (pre, ver, lic), sufs in sorted(groups.items()):
            name = pre + ('{' + ','.join(sufs) + '}' if len(sufs) > 1 else sufs[0])
            parts.append(f'`{name}` {ver} ({lic})')
        return '; '.join(parts)

    jl_lang = Counter(x['lang'] for x in notes['jsonl_records'])
    wet_lang = Counter(x['lang'] for x in notes['wet_convs'])
    lines_lang = Counter(x[0] for x in notes['lines'] if x[0])
    para_lang = Counter(x[0] for x in notes['paragraphs'])
    sizes = {n: os.path.getsize(os.path.join(out, n)) for n in sorted(files)}
    usize = {n: len(gzip.decompress(files[n])) if n.endswith('.gz') else len(files[n])
             for n in files}
    nj = notes['near_jaccard']

    def size(n):
        if n.endswith('.gz'):
            return f'{sizes[n]:,} bytes ({usize[n]:,} bytes uncompressed)'
        return f'{sizes[n]:,} bytes'

    cc = {k: v for k, v, _ in counts['crawl.warc.wet.gz']}
    pkg_rows = '\n'.join(f'| `{p}` | {versions[p]} | {licences[p]} | '
                         f'{", ".join(f"`{fn}`" for fn in sorted(notes["sources"]) if p in notes["sources"][fn])} |'
                         for p in used)
    readme = f"""# corpora-samples

Small, **real** multilingual text corpora for testing corpus-census, one per input format
it reads: gzip'd JSONL, a Common Crawl style WET file, plain text with one document per
line, and uncompressed text with blank-line separated paragraphs. The text is
human-written (and human-translated) documentation and UI text from Debian 12 packages
whose licences allow redistribution (MPL-2.0, CC-BY-SA-3.0, GPL-2/GPL-2+; see `NOTICE`).
URLs, dates and record ids are invented. The samples contain deliberate mess (duplicates,
near duplicates, mixed-language documents, broken records) at documented places.

`README.md`, `NOTICE`, `counts.tsv` and the `*.truth.tsv` files are generated by
`build-samples.py` together with the samples: edit the script, not these files.

## Rebuild

```sh
python3 corpora-samples/build-samples.py                 # writes into corpora-samples/
python3 corpora-samples/build-samples.py --out /tmp/s --work /tmp/s-work --seed {seed}
```

Python 3 standard library only, plus `apt-get` and `dpkg-deb`, with access to the Debian
archive (run `apt-get update` first if `apt-get download` cannot find the packages). The
{len(versions)} packages (about 100 MB) are downloaded with `apt-get download` into `--work`
(default `/tmp/corpus-census-samples-work`, kept as a cache; `--clean-work` removes it at
the end) and read with `dpkg-deb --fsys-tarfile`: nothing is installed or unpacked. A run
takes about 1–2 minutes on 2 cores.

The output depends only on the package versions and the seed (default {seed}): all
iteration is sorted, all randomness comes from `random.Random` seeded with strings, gzip
members are written with mtime 0 and no file name. Two runs give byte-identical files (with
the same zlib; a different zlib version could compress differently, while the uncompressed
content stays the same). The package versions are pinned in the script; if a pinned version
has left the archive, the script warns, uses the current version, and the samples change.

## Source packages

| package | version | licence | used in |
|---|---|---|---|
{pkg_rows}

Licence = the `Files: *` stanza (or the licence statement) of
`/usr/share/doc/<package>/copyright`; version = `dpkg-deb -f <deb> Version`.
GNOME Help is not translated for Lithuanian and Romanian in bookworm (over 95% of those
paragraphs are the English original), so lt prose comes from `debian-history` and ro prose
from `installation-guide-amd64`. Irish, Bulgarian and Slovak have no translated help prose
in these packages and appear only as Firefox UI sentences in `lines.txt.gz`. Maltese is
missing: bookworm has no translated help, Firefox or LibreOffice text for it.
No text from fortunes, klavaro, package descriptions (DDTP) or other sources with
unclear provenance is used.

## How the text was made

* **LibreOffice help** (HTML): the `<p>` paragraphs of each help page, without code
  listings, tables, "how to get there" menu paths, "related topics", embedded snippets,
  OS-specific key variants and paragraphs that are mostly menu or key names.
* **GNOME Help** (Mallard XML, `gnome-help/*.page`): `<p>` elements outside `<info>`,
  code and screens; paragraphs with auto-titled links (filled in only by the help viewer)
  are dropped; key sequences become `Ctrl+Alt`.
* **Debian manuals** (DocBook HTML): `<p>` paragraphs without navigation, TOC, screens and
  listings; paragraphs that are more than 20% file names/commands are dropped.
* **Firefox ESR language packs** (Fluent `.ftl` inside the `.xpi`): message values of at
  least 6 words without placeables or markup.
* Every paragraph or string is NFC-normalised; control characters and bidi marks are
  removed; whitespace is collapsed (no-break spaces kept). Kept only if it has at least
  {MIN_WORDS} words (UI strings: 6), is mostly letters, has no URL or code symbols and is
  in the right script (Cyrillic for bg, Greek for el, Latin otherwise). Untranslated
  English is removed: text identical (case- and punctuation-folded) to an English original
  (en-US LibreOffice help, C-locale GNOME Help, the English Debian manuals) and text with
  English function words. A paragraph repeated within a language is kept once.
* **Documents** (JSONL, WET, paragraphs): the page title as first line, then several
  consecutive paragraphs of the same page, one per line (joined with LF). Target size
  drawn log-uniformly from 350 B to 5.5 KB; documents outside 300 B–6 KB are dropped.
  Documents are drawn without replacement from one shuffled pool per language, so no
  document appears in two files except where stated below.

## Files

### `web-docs.jsonl.gz` — {size('web-docs.jsonl.gz')}

JSON Lines, gzip (one member). Keys: `id` (`web-000001`, … numbered in file order; the
empty line gets no id, so from line 506 on the id number is the line number minus 1),
`url` (invented: `help.<l>.example.org`, `www.docs-<l>.example`, `forum.<l>.example.net`,
`<l>.wiki.example.com`, `blog.example.com`, `news.<l>.example`), `timestamp`,
`lang_hint` (the source language; missing on ~8% of the records; for mixed documents only
the first language) and `text` (title line + paragraphs). Most lines have the keys in that
order; about 5% have `text` first and about 3% are written with `ensure_ascii` (all
non-ASCII as `\\uXXXX`).

* **{cnt('web-docs.jsonl.gz', 'records')} records** (lines that parse) in {len(jl_lang)} languages
  (counts include the injected copies; a mixed document counts for its first language):
  {lang_table(jl_lang)}.
* Injected, listed in `web-docs.truth.tsv` (columns `line id kind ref detail`):
  * {JSONL_EXACT_DUPS} **exact duplicates** (`exact`): same text, new id and url, placed
    somewhere after the original; `ref` = id of the original.
  * {JSONL_NEAR_DUPS} **near duplicates** (`near`): a copy with 1–4 words replaced, deleted
    or inserted, or (for documents of 150+ words) one short paragraph of another page in the
    same language added; the title line is unchanged. `detail` names the edit and gives
    the Jaccard similarity of the word 5-shingle sets (case-folded, split on whitespace):
    {min(nj):.2f}–{max(nj):.2f}, median {sorted(nj)[len(nj) // 2]:.2f}.
  * {len(JSONL_MIXED)} **mixed-language documents** (`mixed`, `ref` = `a+b`): a document
    of language a with 1–3 paragraphs of language b appended (b's share of the bytes is
    given in `detail`).
* **Special lines** at fixed line numbers:
  * line 101: invalid JSON (the record is cut inside the `text` string);
  * line 202: valid JSON object without `text` (its text is under `content`);
  * line 303: invalid UTF-8: raw bytes `C3 28` and `FF` inside the `text` string (not
    escapes). With invalid bytes replaced by U+FFFD the line parses; `detail` gives the
    sha256 of that decoded text;
  * line 404: heavy JSON escaping, valid: `\\u00e9`-style escapes for all non-ASCII,
    `\\n`, `\\t`, `\\"`, `\\/`, a surrogate pair `\\ud83d\\ude00` (U+1F600) and `\\u0000`;
    `detail` gives the sha256 of the decoded text (UTF-8);
  * line 505: an empty line (zero bytes).
  The file ends with a newline.
* Exercises: gzip'd JSONL, counting and skipping bad lines, exact and near duplicate
  detection, language identification with a skewed distribution including small
  languages, mixed-language documents, escaped and non-ASCII JSON.
* Text drawn from: {srcs('web-docs.jsonl.gz')}.

### `crawl.warc.wet.gz` — {size('crawl.warc.wet.gz')}

A WET file laid out like Common Crawl's: **multi-member gzip, one gzip member per WARC
record** ({cc['gzip_members']} members = {cc['warc_records']} records). Record 1 is `warcinfo`, followed
by **{cc['conversion_records']} `conversion` records** with Common Crawl's header set, in this order:
`WARC-Type`, `WARC-Target-URI`, `WARC-Date`, `WARC-Record-ID` (`<urn:uuid:…>`),
`WARC-Refers-To`, `WARC-Block-Digest` (`sha1:` + base32 of the SHA-1 of the block),
`WARC-Identified-Content-Language` (ISO 639-3, e.g. `deu`, or `deu,eng` for mixed
records), `Content-Type: text/plain`, `Content-Length` (exact byte length of the UTF-8
block). Every record starts with `WARC/1.0`; header lines end with CRLF, the headers with an
empty CRLF line, and every block is followed by CRLF CRLF. A block is the title line plus
the text lines, separated by LF, without a final LF. Between the conversion records are
{cc['metadata_records']} `metadata` records and {cc['request_records']} `request` record
(after the conversion records number {', '.join(str(k) for k in sorted(WET_OTHER_AT))}), which a
reader should skip and count.

* **{cc['conversion_records']} conversion records** in {len(wet_lang)} languages (incl. copies):
  {lang_table(wet_lang)}.
* The documents differ from those of `web-docs.jsonl.gz` **except**: {WET_CROSS_EXACT}
  records whose block is byte-identical to a JSONL `text` (`cross-exact`) and
  {WET_CROSS_NEAR} near copies of JSONL texts (`cross-near`). Also {WET_EXACT_DUPS} exact
  duplicates within the file (`exact`: same block, new URI and record id, after the
  original) and {len(WET_MIXED)} mixed-language records (`mixed`).
* `crawl.truth.tsv` (columns `record_no record_id kind ref detail`; `record_no` = 1-based
  position of the record = of its gzip member) lists these records, the non-conversion
  records, and `count` rows with the expected number of records of each type.
* Duplicates that are not listed: none. Between documents of `web-docs.jsonl.gz` and
  `crawl.warc.wet.gz` (together) that are not listed as copies of each other, the highest
  Jaccard similarity of word 5-shingles is {notes['unlisted'][0]:.2f} ({notes['unlisted'][1]}
  pairs at 0.3 or more, e.g. LibreOffice function reference pages written from one template).
* Exercises: multi-member gzip, WARC header parsing, Content-Length framing, skipping and
  counting other record types, duplicates within and across files.
* Text drawn from: {srcs('crawl.warc.wet.gz')}.

### `lines.txt.gz` — {size('lines.txt.gz')}

Plain text, gzip (one member), one document per line: single help paragraphs and Firefox
UI sentences. **{cnt('lines.txt.gz', 'nonempty_lines')} non-empty lines** in {len(lines_lang)} languages:
{lang_table(lines_lang)}. {sum(LINES_UI_PLAN.values())} of them are Firefox UI sentences
({', '.join(f'{l} {n}' for l, n in sorted(LINES_UI_PLAN.items()))}); ga, bg and sk come only from there.
`lines.truth.tsv` (columns `line kind ref detail`) lists the UTF-8 BOM at the start of
line 1, the {LINES_CRLF} lines ending in CRLF, the {LINES_EXACT_DUPS} exact duplicate lines
(`ref` = line of the first occurrence) and the 2 empty lines (lines 401 with LF and 1101 with
CRLF). All other lines end with LF, including the last.
Text drawn from: {srcs('lines.txt.gz')}.

### `help.paragraphs.txt` — {size('help.paragraphs.txt')}, not compressed

**{cnt('help.paragraphs.txt', 'paragraphs')} documents** separated by blank lines. Each is 1–3
consecutive help paragraphs joined with spaces and hard-wrapped at 72 columns, so it is
several lines long. Languages: {lang_table(para_lang)}. Most separators are one empty
line; 8 are a single line of only spaces/tabs and 12 are two or three blank lines (some
containing a space); the file ends with one extra empty line. LF line endings, no BOM.
Text drawn from: {srcs('help.paragraphs.txt')}.

## `counts.tsv`: reference counts for tests

Computed by re-reading the written files, independently of the generator's bookkeeping
(and cross-checked against it: the script stops if they disagree). Columns
`file measure value definition`:

| file | measure | value | definition |
|---|---|---|---|
"""
    for fn in sorted(counts):
        for m, v, d in counts[fn]:
            readme += f'| `{fn}` | {m} | {v} | {d} |\n'
    readme += """
Definitions: a *line* is a sequence of bytes terminated by LF (the final LF does not start
another line); a CR before the LF belongs to the line ending, not to the text; the BOM at
the start of `lines.txt.gz` is not text. A *blank* line is empty or contains only spaces
and tabs. A JSONL *record* is a non-blank line that is valid UTF-8, parses as a JSON object
and has a string field `text`. A *paragraph* of `help.paragraphs.txt` is a maximal run of
non-blank lines. A WET *record* starts with `WARC/1.0` and is framed by `Content-Length`.
"""
    readme += LANGID_HELDOUT_SECTION
    with open(os.path.join(out, 'README.md'), 'w', encoding='utf-8') as f:
        f.write(readme)


# The language-ID held-out sample is made by Sources/LanguageID/Training/sample-heldout.py, not here; the
# README describes it all the same.
LANGID_HELDOUT_SECTION = '''

## `langid-heldout.tsv.gz` (not built by `build-samples.py`)

5,000 `CODE<TAB>TEXT` lines, 100 per supported language, picked evenly from the held-out split of the
language-identification training data (`python3 Sources/LanguageID/Training/sample-heldout.py DATA
corpora-samples/langid-heldout.tsv.gz`, after `build-training-data.py DATA --max-mb-per-lang 5`). The lines
come from the Debian packages listed with version and licence in `langid-heldout.packages.tsv` (UI strings,
help pages, manuals; mostly GPL, LGPL, MPL-2.0, GFDL, CC-BY-SA). For mt, lb and fo most lines are pseudo-text
from word lists. `census eval-langid corpora-samples/langid-heldout.tsv.gz` scores them; a test asserts a floor.
'''


if __name__ == '__main__':
    main()
