import CCorpusKernels
import CICUShims
import CorpusCore

/// A Unicode normalisation form.
public enum NormalizationForm: String, Sendable, CaseIterable {
    /// No normalisation (clean-up only).
    case none
    /// Canonical composition (the default): the same text, one encoding.
    case nfc
    /// Compatibility composition: also folds ligatures, full-width forms, superscripts, ...
    case nfkc
    /// NFKC with case folding and removal of default-ignorable characters (ICU's NFKC_Casefold).
    case nfkcCasefold = "nfkc-casefold"

    @usableFromInline var icuForm: Int32 {
        switch self {
        case .none, .nfc: Int32(CENSUS_NORM_NFC)
        case .nfkc: Int32(CENSUS_NORM_NFKC)
        case .nfkcCasefold: Int32(CENSUS_NORM_NFKC_CASEFOLD)
        }
    }

    /// Bitmap of the BMP code points this form leaves alone and that never combine (from ICU, once).
    var inertBitmap: [UInt8] {
        switch self {
        case .none, .nfc: Self.nfcInert
        case .nfkc: Self.nfkcInert
        case .nfkcCasefold: Self.nfkcCasefoldInert
        }
    }

    /// Bytes the pre-scan can skip: ASCII, continuation bytes, and lead bytes of two-byte blocks whose code
    /// points are all inert (and not touched by the clean-up: the C2 block holds C1 controls and NBSP).
    var leadOK: [UInt8] {
        switch self {
        case .none, .nfc: Self.nfcLeadOK
        case .nfkc: Self.nfkcLeadOK
        case .nfkcCasefold: Self.nfkcCasefoldLeadOK
        }
    }

    private static func bitmap(_ form: Int32) -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: 0x10000 / 8)
        bits.withUnsafeMutableBufferPointer { census_inert_bitmap(form, $0.baseAddress!) }
        return bits
    }

    private static func leadTable(_ inert: [UInt8]) -> [UInt8] {
        (0..<256).map { b -> UInt8 in
            if b < 0xC0 { return 1 }
            guard b >= 0xC3 && b <= 0xDF else { return 0 }
            let first = (b & 0x1F) << 6
            let allInert = (first..<(first + 64)).allSatisfy { cp in inert[cp >> 3] >> (cp & 7) & 1 == 1 }
            return allInert ? 1 : 0
        }
    }
    /// Per two-byte lead C0–DF: bit k set when the character (lead, 0x80 | k) is inert and not touched by the
    /// clean-up (U+0080–U+00A0 are).
    var leadMasks: [UInt64] {
        switch self {
        case .none, .nfc: Self.nfcLeadMasks
        case .nfkc: Self.nfkcLeadMasks
        case .nfkcCasefold: Self.nfkcCasefoldLeadMasks
        }
    }

    private static func leadMasks(_ inert: [UInt8]) -> [UInt64] {
        (0xC0...0xDF).map { b -> UInt64 in
            var mask: UInt64 = 0
            for k in 0..<64 {
                let cp = (b & 0x1F) << 6 | k
                if cp >= 0x80 && cp > 0xA0 && inert[cp >> 3] >> (cp & 7) & 1 == 1 { mask |= 1 << UInt64(k) }
            }
            return mask
        }
    }
    private static let nfcLeadMasks = leadMasks(nfcInert)
    private static let nfkcLeadMasks = leadMasks(nfkcInert)
    private static let nfkcCasefoldLeadMasks = leadMasks(nfkcCasefoldInert)
    private static let nfcLeadOK = leadTable(nfcInert)
    private static let nfkcLeadOK = leadTable(nfkcInert)
    private static let nfkcCasefoldLeadOK = leadTable(nfkcCasefoldInert)
    private static let nfcInert = bitmap(Int32(CENSUS_NORM_NFC))
    private static let nfkcInert = bitmap(Int32(CENSUS_NORM_NFKC))
    private static let nfkcCasefoldInert = bitmap(Int32(CENSUS_NORM_NFKC_CASEFOLD))
}

/// Cleans and normalises UTF-8 text: the first step of the pipeline, once per document.
///
/// 1. Clean-up (each step can be switched off):
///    - strip C0 and C1 control characters except tab and newline (and DEL);
///    - fold line breaks to `\n`: CR LF, CR, VT, FF, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH
///      SEPARATOR (U+2029);
///    - collapse each run of two or more horizontal white-space characters (tab, space, no-break space,
///      U+1680, U+2000–U+200A, U+202F, U+205F, U+3000) into one space.
/// 2. Normalisation with ICU's `Normalizer2` directly on UTF-8 (`isNormalizedUTF8` quick check first,
///    `normalizeUTF8` only when needed; ASCII text skips ICU: it is already in every form).
///
/// Normalising twice gives the same result as once (the clean-up runs again after ICU when ICU changed the
/// text, since NFKC can produce spaces).
///
/// ```swift
/// var normalizer = TextNormalizer(form: .nfc)
/// normalizer.normalize(bytes, into: &out)
/// ```
/// Input must be well-formed UTF-8 (as every ``Document`` is). A normaliser holds scratch buffers: use one
/// per thread.
public struct TextNormalizer: Sendable {
    /// The normalisation form.
    public var form: NormalizationForm
    /// Strip control characters (all of C0 and C1 but tab and newline).
    public var stripControls = true
    /// Fold CR LF, CR, VT, FF, NEL, U+2028 and U+2029 to `\n`.
    public var foldLineBreaks = true
    /// Collapse runs of horizontal white space into one space.
    public var collapseSpaces = true

    private var scratch: [UInt8] = []
    private var scratch2: [UInt8] = []
    private let inert: [UInt8]
    private let leadOK: [UInt8]
    private let leadMasks: [UInt64]

    /// Creates a normaliser.
    public init(form: NormalizationForm = .nfc, stripControls: Bool = true, foldLineBreaks: Bool = true,
                collapseSpaces: Bool = true) {
        self.form = form
        self.stripControls = stripControls
        self.foldLineBreaks = foldLineBreaks
        self.collapseSpaces = collapseSpaces
        inert = form.inertBitmap
        leadOK = form.leadOK
        leadMasks = form.leadMasks
    }

    /// Replaces `output`'s contents with the cleaned, normalised form of `input`.
    ///
    /// - Returns: whether the output differs from the input.
    /// - Complexity: O(n); ASCII text that needs no clean-up costs one scan and one copy.
    @discardableResult
    public mutating func normalize(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        // One fast pass tells what is needed; most web text needs neither clean-up nor normalisation.
        let flags = input.isEmpty ? 0 : inert.withUnsafeBufferPointer { bits in
            leadOK.withUnsafeBufferPointer { leads in
                leadMasks.withUnsafeBufferPointer { masks in
                    census_scan_text(input.baseAddress!.assumingMemoryBound(to: UInt8.self), input.count, bits.baseAddress!,
                                     leads.baseAddress!, masks.baseAddress!)
                }
            }
        }
        let cleanupWanted = stripControls || foldLineBreaks || collapseSpaces
        if flags & Int32(CENSUS_SCAN_CLEANUP) == 0 || !cleanupWanted {
            output.append(contentsOf: input)
            if form == .none || flags & Int32(CENSUS_SCAN_NOT_INERT) == 0 { return false }
            return normalizeWithICU(&output, changed: false)
        }
        var cleaned = false
        let ascii = clean(input, into: &output, changed: &cleaned)
        if form == .none || ascii { return cleaned }
        return normalizeWithICU(&output, changed: cleaned)
    }

    /// Runs ICU on `output` (already cleaned), cleaning again if ICU changed it (NFKC can make spaces).
    private mutating func normalizeWithICU(_ output: inout [UInt8], changed cleaned: Bool) -> Bool {
        // output holds the cleaned text; normalise it through scratch.
        var changed = cleaned
        var second: [UInt8] = []
        swap(&second, &scratch2)
        defer { swap(&second, &scratch2) }
        for _ in 0..<3 {
            guard icuNormalize(&output) else { break }
            changed = true
            var again = false
            second.removeAll(keepingCapacity: true)
            _ = output.withUnsafeBytes { clean($0, into: &second, changed: &again) }
            if !again { break }
            swap(&output, &second)
        }
        return changed
    }

    /// Runs ICU on `text` in place if it is not normalised; returns whether it changed.
    private mutating func icuNormalize(_ text: inout [UInt8]) -> Bool {
        let form = self.form.icuForm
        var error: Int32 = 0
        let normalized = text.withUnsafeBufferPointer {
            census_is_normalized_utf8(form, $0.baseAddress, Int32($0.count), &error)
        }
        if normalized == 1 { return false }
        var capacity = text.count + text.count / 2 + 16
        while true {
            if scratch.count < capacity { scratch = [UInt8](repeating: 0, count: capacity) }
            let needed = text.withUnsafeBufferPointer { src in
                scratch.withUnsafeMutableBufferPointer { dst in
                    census_normalize_utf8(form, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(dst.count), &error)
                }
            }
            if needed < 0 { return false }  // ICU failure: keep the text as it is (it is valid UTF-8)
            if Int(needed) <= scratch.count {
                if text.elementsEqual(scratch[..<Int(needed)]) { return false }
                text.removeAll(keepingCapacity: true)
                text.append(contentsOf: scratch[..<Int(needed)])
                return true
            }
            capacity = Int(needed)
        }
    }

    /// The clean-up pass. Appends the cleaned text to `out`; sets `changed` if it differs from the input.
    /// - Returns: whether the text is all ASCII.
    private mutating func clean(_ input: UnsafeRawBufferPointer, into out: inout [UInt8], changed: inout Bool) -> Bool {
        var hasRuns = false
        let ascii = cleanControls(input, into: &out, changed: &changed, hasRuns: &hasRuns)
        if hasRuns && collapseSpaces {
            scratch.removeAll(keepingCapacity: true)
            if collapse(out, into: &scratch) {
                changed = true
                swap(&out, &scratch)
            }
        }
        return ascii
    }

    @inline(__always)
    private static func isHorizontalSpace(_ cp: UInt32) -> Bool {
        switch cp {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Strips controls and folds line breaks; notes whether two white-space characters end up adjacent.
    private func cleanControls(_ input: UnsafeRawBufferPointer, into out: inout [UInt8], changed: inout Bool,
                               hasRuns: inout Bool) -> Bool {
        guard let base = input.baseAddress else { return true }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = input.count
        out.reserveCapacity(n)
        var ascii = true
        var i = 0
        var copied = 0            // input bytes before this offset are already in `out` (or dropped)
        var previousSpace = false // the last character kept was horizontal white space
        @inline(__always) func replace(_ from: Int, _ to: Int, with replacement: UInt8?) {
            if from > copied { out.append(contentsOf: UnsafeRawBufferPointer(start: p + copied, count: from - copied)) }
            if let replacement { out.append(replacement) }
            copied = to
            changed = true
        }
        while i < n {
            let b = p[i]
            if b > 0x20 && b < 0x7F {                     // the common case
                previousSpace = false
                i &+= 1
                continue
            }
            if b == 0x20 || b == 0x09 {
                if previousSpace { hasRuns = true }
                previousSpace = true
                i &+= 1
                continue
            }
            if b == 0x0A {
                previousSpace = false
                i &+= 1
                continue
            }
            if b < 0x20 || b == 0x7F {
                if foldLineBreaks && (b == 0x0D || b == 0x0B || b == 0x0C) {
                    if b == 0x0D && i + 1 < n && p[i + 1] == 0x0A {
                        replace(i, i + 1, with: nil)          // CR LF -> LF
                    } else {
                        replace(i, i + 1, with: 0x0A)
                        previousSpace = false
                    }
                } else if stripControls {
                    replace(i, i + 1, with: nil)              // removed: white space on both sides now touch
                } else {
                    previousSpace = false
                }
                i &+= 1
                continue
            }
            ascii = false
            let (cp, decoded) = UTF8Decoding.decode(input, i)
            let length = max(decoded, 1)
            if foldLineBreaks && (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
                replace(i, i + length, with: 0x0A)
                previousSpace = false
            } else if stripControls && cp >= 0x80 && cp <= 0x9F && decoded > 0 {
                replace(i, i + length, with: nil)
            } else if decoded > 0 && Self.isHorizontalSpace(cp) {
                if previousSpace { hasRuns = true }
                previousSpace = true
            } else {
                previousSpace = false
            }
            i &+= length
        }
        if copied == 0 && !changed {
            out.append(contentsOf: input)
        } else if copied < n {
            out.append(contentsOf: UnsafeRawBufferPointer(start: p + copied, count: n - copied))
        }
        return ascii
    }

    /// Collapses runs of two or more horizontal white-space characters into one space; returns whether
    /// anything changed.
    private func collapse(_ text: [UInt8], into out: inout [UInt8]) -> Bool {
        var changed = false
        text.withUnsafeBytes { input in
            let n = input.count
            var i = 0
            var runStart = -1, runCount = 0
            out.reserveCapacity(n)
            while i <= n {
                var cp: UInt32 = 0
                var length = 1
                if i < n {
                    let (c, l) = UTF8Decoding.decode(input, i)
                    cp = l > 0 ? c : 0xFFFF_FFFF
                    length = max(l, 1)
                }
                if i < n && Self.isHorizontalSpace(cp) {
                    if runCount == 0 { runStart = i }
                    runCount += 1
                } else {
                    if runCount > 1 {
                        out.append(0x20)
                        changed = true
                    } else if runCount == 1 {
                        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[runStart..<i]))
                    }
                    runCount = 0
                    if i < n { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<(i + length)])) }
                }
                i += length
            }
        }
        return changed
    }
}
