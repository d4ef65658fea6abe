#!/usr/bin/env bash
# Records the thresholds CI-style checks compare against: only the deterministic metric, malloc counts
# (Thresholds/<target>.<benchmark>.p90.json); time and throughput vary with the machine and are left out.
# Check with: swift package benchmark thresholds check   (fails when a benchmark allocates > 5 % more)
# ReadingBenchmarks needs Benchmarks/data (scripts/make-input.py) and is included when that exists.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(LanguageIDBenchmarks StatisticsBenchmarks PipelineBenchmarks TokenizerBenchmarks NormalizationBenchmarks DedupBenchmarks)
[ -f data/bench.jsonl.gz ] && targets+=(ReadingBenchmarks)
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
swift package --allow-writing-to-package-directory benchmark thresholds update "${args[@]}"
python3 - <<'PY'
import glob, json
for path in glob.glob("Thresholds/*.p90.json"):
    data = json.load(open(path))
    kept = {k: v for k, v in data.items() if k == "mallocCountTotal"}
    with open(path, "w") as f:
        json.dump(kept, f, indent=2, sort_keys=True)
        f.write("\n")
PY
