#!/usr/bin/env python3
"""Builds dist/corpus_census-<version>-py3-none-manylinux_<X>_<Y>_<arch>.whl from the static release.

The wheel's payload is the static `census` executable (scripts/release-static.sh, with its language model
appended), installed as `census` in the environment's scripts folder (bin/ of a venv), the pattern ruff and
uv use; plus a thin module `corpus_census` that finds that executable, runs it and reads a report.json.
The platform tag is the newest GLIBC symbol version the executable needs (read from `objdump -T`), so the
tag states the glibc floor actually reached; the build stops if anything but libc, libm and libpthread
(or libgcc_s) would be needed at run time.

usage: scripts/build-wheel.py [--binary PATH] [--out DIR]
"""
import argparse
import base64
import hashlib
import os
import platform
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOWED_NEEDED = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "libgcc_s.so.1",
                  "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}

MODULE = '''"""corpus-census: runs the `census` executable installed with this package and reads its report.json.

    import corpus_census
    corpus_census.run(["run", "shards/", "--out", "out/"])      # raises CalledProcessError on exit code != 0
    report = corpus_census.read_report("out/")                  # out/report/report.json as a dict

The command line is the interface; see `census --help`.
"""
import json
import os
import subprocess
import sys
import sysconfig

__version__ = "{version}"


def executable():
    """The path of the census executable that came with this package."""
    name = "census"
    for scheme_dir in (sysconfig.get_path("scripts"), os.path.join(sys.prefix, "bin"),
                       sysconfig.get_path("scripts", "posix_user")):
        if scheme_dir:
            path = os.path.join(scheme_dir, name)
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return path
    raise FileNotFoundError("census executable not found beside this Python (" + sys.prefix + ")")


def run(args, check=True, **kwargs):
    """Runs `census ARGS...` and returns its subprocess.CompletedProcess."""
    return subprocess.run([executable(), *args], check=check, **kwargs)


def read_report(out_dir):
    """The report.json a census run wrote under OUT_DIR (or the path of a report.json itself)."""
    path = out_dir if out_dir.endswith(".json") else os.path.join(out_dir, "report", "report.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)
'''

MAIN = '''import subprocess
import sys

from . import executable

sys.exit(subprocess.call([executable(), *sys.argv[1:]]))
'''


def glibc_floor(binary):
    """(major, minor) of the newest GLIBC_x.y symbol version BINARY needs, and its NEEDED libraries."""
    symbols = subprocess.run(["objdump", "-T", binary], check=True, capture_output=True, text=True).stdout
    versions = {tuple(int(p) for p in m.groups()) for m in re.finditer(r"GLIBC_(\d+)\.(\d+)(?:\.\d+)?\b", symbols)}
    if not versions:
        sys.exit(f"build-wheel: {binary}: no GLIBC symbol versions found (not a dynamic glibc executable?)")
    headers = subprocess.run(["objdump", "-p", binary], check=True, capture_output=True, text=True).stdout
    needed = re.findall(r"^\s*NEEDED\s+(\S+)", headers, re.M)
    return max(versions), needed


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main():
    version = re.search(r'let censusVersion = "(.*)"',
                        open(os.path.join(ROOT, "Sources/CorpusPipeline/Version.swift")).read()).group(1)
    arch = platform.machine()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, f"dist/census-{version}-linux-{arch}/census"))
    parser.add_argument("--out", default=os.path.join(ROOT, "dist"))
    args = parser.parse_args()
    if not os.path.isfile(args.binary):
        sys.exit(f"build-wheel: {args.binary} missing: run scripts/release-static.sh first")
    (major, minor), needed = glibc_floor(args.binary)
    extra = [lib for lib in needed if lib not in ALLOWED_NEEDED]
    if extra:
        sys.exit(f"build-wheel: {args.binary} needs {', '.join(extra)} at run time: not a portable executable")
    tag = f"py3-none-manylinux_{major}_{minor}_{arch}"
    dist = f"corpus_census-{version}"
    wheel_path = os.path.join(args.out, f"{dist}-{tag}.whl")
    metadata = "\n".join([
        "Metadata-Version: 2.1",
        "Name: corpus-census",
        f"Version: {version}",
        "Summary: Census of language-data corpora: language ID, dedup, quality and a per-language scarcity "
        "report (the static census executable)",
        "Requires-Python: >=3.8",
        "Classifier: Operating System :: POSIX :: Linux",
        "",
        f"One static `census` executable (glibc >= {major}.{minor}, {arch}); no Swift, ICU or root needed.",
        "",
    ])
    wheel_meta = "\n".join([
        "Wheel-Version: 1.0",
        "Generator: corpus-census scripts/build-wheel.py",
        "Root-Is-Purelib: false",
        f"Tag: {tag}",
        "",
    ])
    with open(args.binary, "rb") as f:
        executable = f.read()
    files = [
        (f"{dist}.data/scripts/census", executable, 0o755),
        ("corpus_census/__init__.py", MODULE.format(version=version).encode(), 0o644),
        ("corpus_census/__main__.py", MAIN.encode(), 0o644),
        (f"{dist}.dist-info/METADATA", metadata.encode(), 0o644),
        (f"{dist}.dist-info/WHEEL", wheel_meta.encode(), 0o644),
    ]
    record_name = f"{dist}.dist-info/RECORD"
    record = "\n".join([record_line(name, data) for name, data, _ in files] + [f"{record_name},,", ""])
    files.append((record_name, record.encode(), 0o644))
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):
        if old.startswith(f"{dist}-") and old.endswith(".whl"):
            os.remove(os.path.join(args.out, old))
    with zipfile.ZipFile(wheel_path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as wheel:
        for name, data, mode in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))   # fixed: the same wheel bytes each build
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    size = os.path.getsize(wheel_path) / 1e6
    print(f"{wheel_path} ({size:.0f} MB; glibc >= {major}.{minor}; needs {' '.join(needed)})", file=sys.stderr)
    print(wheel_path)


if __name__ == "__main__":
    main()
