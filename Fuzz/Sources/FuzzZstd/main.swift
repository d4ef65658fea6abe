import CorpusIO
import FuzzSupport

/// libFuzzer target: the input as a file named fuzz.jsonl.zst (compression detected from its bytes), decoded at once
/// and in pieces; both must agree (zstd is decoded block by block, so damage must be found at the same offset
/// whatever the pieces) and satisfy the decoding invariants.
runFuzzer { data, size in
    decodeBothWays(data, size, path: "fuzz.jsonl.zst", format: nil)
}
