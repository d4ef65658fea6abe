import CorpusIO
import FuzzSupport

/// libFuzzer target: the input as a file named fuzz.txt (format and compression detected as census does), decoded
/// at once and in pieces; both must agree and satisfy the decoding invariants.
runFuzzer { data, size in
    decodeBothWays(data, size, path: "fuzz.txt", format: .lines)
}
