import CorpusCore
import CorpusNormalize
import FuzzSupport

/// libFuzzer target: the two ways census computes a word's keys agree. Folding the whole text once and hashing
/// each word where it lies (`foldKeepingOffsets` + `hashesOfFolded`, the pipeline's path) must give exactly
/// `hashFolded` of the word, with and without digits as 0, and the fold must equal `CaseFolding.append` whenever
/// it keeps offsets. Checked on the text repaired to UTF-8 (what the pipeline sees) and on the raw bytes.
runFuzzer { data, size in
    var repaired: [UInt8] = []
    _ = UTF8Repair.append(UnsafeRawBufferPointer(start: data, count: size), to: &repaired)
    compareFoldingPaths(repaired)
    compareFoldingPaths(Array(UnsafeBufferPointer(start: data, count: size)))
}

func compareFoldingPaths(_ text: [UInt8]) {
    var folded: [UInt8] = [], expected: [UInt8] = [], scratch: [UInt8] = [], tokens: [Token] = []
    text.withUnsafeBytes { raw in
        CaseFolding.icu.append(raw, to: &expected)
        let kept = CaseFolding.icu.foldKeepingOffsets(raw, into: &folded)
        check(folded.count == raw.count + CaseFolding.padding || !kept, "fold is not padded")
        if kept {
            check(Array(folded[0..<raw.count]) == expected, "fold differs from CaseFolding.append")
            check(folded[raw.count...].allSatisfy { $0 == 0 }, "padding is not zero")
        }
        WordTokenizer.icu.tokenize(raw, into: &tokens)
        for t in tokens {
            let word = UnsafeRawBufferPointer(rebasing: raw[t.range])
            let plain = Hash64.hashFolded(word, folding: .icu, scratch: &scratch)
            let zeroed = Hash64.hashFolded(word, folding: .icu, scratch: &scratch, digitsToZero: true)
            let pair = Hash64.foldedHashes(word, folding: .icu, scratch: &scratch)
            check(pair.folded == plain && pair.digitsAsZero == zeroed, "foldedHashes differs at \(t.range)")
            guard kept else { continue }
            let fromText = folded.withUnsafeBytes {
                Hash64.hashesOfFolded($0.baseAddress! + t.range.lowerBound, count: t.range.count, scratch: &scratch)
            }
            check(fromText.folded == plain && fromText.digitsAsZero == zeroed, "hashesOfFolded differs at \(t.range)")
        }
    }
}
