#!/usr/bin/env bash
# A real Slurm test: starts a single-node cluster on localhost (ci/slurm/, installs slurm-wlm and munge when
# missing), submits `census slurm --tasks 4 --submit` over corpora-samples/, waits for the shards and the
# merge, and checks that the merged outputs equal a single-process `census run` byte for byte.
# Needs root. Uses the built census (CENSUS_BIN, default .build/debug/census).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
BIN=${CENSUS_BIN:-$root/.build/debug/census}
[ -x "$BIN" ] || { echo "slurm-test: $BIN not built (run make test or swift build first)" >&2; exit 1; }
SLURM_DIR=${SLURM_DIR:-/tmp/census-ci-slurm}
# A folder with spaces: the scripts census slurm writes must keep such paths inert.
work=$(mktemp -d "/tmp/census slurm test.XXXXXX")
chmod 755 "$work"
cleanup() {
  bash ci/slurm/stop-local-slurm.sh "$SLURM_DIR" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
bash ci/slurm/start-local-slurm.sh "$SLURM_DIR" >/dev/null
# shellcheck disable=SC1091
source "$SLURM_DIR/env.sh"

options=(--shard-size 100K --keep-removed --samples 5)
"$BIN" run --quiet --out "$work/single" "${options[@]}" corpora-samples
ids=$("$BIN" slurm corpora-samples --out "$work/sharded" --tasks 4 --cpus 1 --submit "${options[@]}")
echo "slurm-test: submitted $ids" >&2
read -r _ shard_job _ merge_job <<< "$ids"
# Wait until neither job is known to Slurm any more (finished jobs are purged after MinJobAge, 5 s here).
for _ in $(seq 300); do
  state=$(scontrol show job -o "$merge_job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' || true)
  case "$state" in
    JobState=COMPLETED) break ;;
    JobState=FAILED|JobState=CANCELLED|JobState=TIMEOUT|JobState=NODE_FAIL|JobState=OUT_OF_MEMORY)
      echo "slurm-test: merge job $merge_job ended with $state" >&2; cat "$work"/sharded/logs/* >&2 || true; exit 1 ;;
    "") [ -f "$work/sharded/state/checkpoint.json" ] && break ;;
  esac
  sleep 1
done
grep -q '"complete":true' "$work/sharded/state/checkpoint.json" || { echo "slurm-test: merge did not complete" >&2; cat "$work"/sharded/logs/* >&2; exit 1; }
ls "$work"/sharded/logs/shard-"$shard_job"_{0,1,2,3}.out "$work"/sharded/logs/merge-"$merge_job".out >/dev/null
for part in data removed samples report/report.json errors.log; do
  diff -r "$work/single/$part" "$work/sharded/$part" >/dev/null || { echo "slurm-test: $part differs from the single run" >&2; exit 1; }
done
echo "slurm-test: 4 shards on Slurm (jobs $shard_job, $merge_job) merged = single run: data, removed, samples, report.json, errors.log identical" >&2
echo "1 passed, 0 failed"
