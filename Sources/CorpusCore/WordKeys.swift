/// The two keys census gives each word of a text: the hash of its case-folded form (vocabulary and top words)
/// and the same with ASCII digits 1–9 as `0` (duplicate sketches: "2024" ≡ "2025").
///
/// The text is folded once when no character changes its UTF-8 length on the way (nearly always), and each
/// word is hashed where it lies in the folded text (``Hash64/hashesOfFolded(_:count:scratch:)``); otherwise
/// word by word (``Hash64/foldedHashes(_:folding:scratch:)``). Both give ``Hash64/hashFolded(_:folding:scratch:seed:digitsToZero:)``'s
/// values. Holds its buffers, so no allocation in steady state: one per thread.
///
/// ```swift
/// var keys = WordKeys()
/// keys.append(text, tokens: tokens, folding: .icu, plain: &vocabulary, digitsAsZero: &sketchWords)
/// ```
public struct WordKeys: Sendable {
    @usableFromInline var folded: [UInt8] = []
    @usableFromInline var scratch: [UInt8] = []

    public init() {}

    /// Makes room for texts of up to `textBytes` bytes (and words of up to 4 KiB with digits), so none
    /// allocates later.
    public mutating func reserveCapacity(textBytes: Int) {
        folded.reserveCapacity(textBytes + CaseFolding.padding)
        scratch.reserveCapacity(Swift.min(textBytes, 4096))
    }

    /// Appends the keys of the word of each token of `text` to `plain` and `digitsAsZero`, in token order.
    @inlinable
    public mutating func append(_ text: UnsafeRawBufferPointer, tokens: [Token], folding: CaseFolding,
                                plain: inout [UInt64], digitsAsZero: inout [UInt64]) {
        if folding.foldKeepingOffsets(text, into: &folded) {
            folded.withUnsafeBytes { f in
                for t in tokens {
                    let h = Hash64.hashesOfFolded(f.baseAddress! + t.range.lowerBound, count: t.range.count, scratch: &scratch)
                    plain.append(h.folded)
                    digitsAsZero.append(h.digitsAsZero)
                }
            }
        } else {
            for t in tokens {
                let h = Hash64.foldedHashes(UnsafeRawBufferPointer(rebasing: text[t.range]), folding: folding, scratch: &scratch)
                plain.append(h.folded)
                digitsAsZero.append(h.digitsAsZero)
            }
        }
    }
}
