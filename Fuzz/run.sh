#!/usr/bin/env bash
# Builds the libFuzzer targets (address sanitizer + coverage) and runs each for SECONDS, pinned to one core.
#
# usage: Fuzz/run.sh [SECONDS=600] [TARGET...]     (default: every target)
# Seeds come from corpora-samples/ and the tests' bad inputs (make-seeds.py); what a run adds stays in
# Fuzz/corpus/<target>/ for the next run; a crash is saved in Fuzz/artifacts/<target>/ (turn it into a
# regression test). Writes Fuzz/results/summary.md: executions, coverage, corpus size, crashes per target.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(FuzzGzip FuzzJSONL FuzzWET FuzzLines FuzzUTF8 FuzzTokenizer FuzzNormalizer FuzzFolding FuzzZstd)
CPU=${FUZZ_CPU:-0}
bash ../.ci/install-deps.sh zstd
fuzzer=$(ls /opt/swift/usr/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -1 || true)
[ -n "$fuzzer" ] || fuzzer=$(find "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")" -name 'libclang_rt.fuzzer_no_main-*.a' | head -1)
# libFuzzer's own main is left out (libclang_rt.fuzzer_no_main): SwiftPM gives each executable a main, which
# starts libFuzzer through LLVMFuzzerRunDriver (FuzzSupport/Driver.swift).
swift build -c release -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
  -Xcc -fsanitize=fuzzer-no-link,address -Xcxx -fsanitize=fuzzer-no-link,address -Xlinker "$fuzzer" >&2
python3 make-seeds.py seeds >&2
mkdir -p results
summary=results/summary.md
{
  echo "| target | seconds | executions | exec/s | coverage (edges) | features | corpus | crashes |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} > "$summary"
status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log=results/$t.log
  set +e
  taskset -c "$CPU" ".build/release/$t" -max_total_time="$SECONDS_EACH" -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/" "corpus/$t" "seeds/$t" > "$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<< "$last")
  crashes=$(find "artifacts/$t" -type f | wc -l)
  echo "| $t | $SECONDS_EACH | ${execs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | $crashes |" >> "$summary"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    echo "fuzz: $t stopped with status $rc; see $log and artifacts/$t/" >&2
    status=1
  fi
done
cat "$summary"
exit $status
