import CorpusCore

extension QualityScanner {
    /// The document's tokens as hashes and lengths, with the Gopher quality counts over them. Tokens are made as
    /// spaCy's rule-based tokeniser (datatrove's default for these languages) makes them, closely enough for
    /// the rules: white space separates chunks; a chunk without letters or digits is one token; otherwise its
    /// opening punctuation and its closing punctuation come off as tokens of their own (`...` as one), and the
    /// rest is one token, split at hyphens, dashes and elisions as the language's spaCy rules split them
    /// (``TokenStyle``).
    mutating func makeTokens(_ text: UnsafeRawBufferPointer, style: TokenStyle, stopWords: [UInt64], _ s: inout QualitySignals) {
        tokenHashes.removeAll(keepingCapacity: true)
        tokenLengths.removeAll(keepingCapacity: true)
        var seenStopWords: UInt64 = 0
        let n = text.count
        var k = 0
        func emit(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            let token = UnsafeRawBufferPointer(rebasing: text[range])
            let hash = Hash64.hash(token)
            var symbol = true, letter = false
            var j = range.lowerBound
            while j < range.upperBound {
                let (cp, l) = Self.scalar(text, j)
                if !QualityPunctuation.all.contains(cp) { symbol = false }
                if Self.isLetter(cp) { letter = true }
                j &+= l
            }
            addToken(hash, length: Self.scalars(token), word: !symbol, alphabetic: letter, &s)
            if let at = stopWords.firstIndex(of: hash), at < 64 { seenStopWords |= 1 << UInt64(at) }
        }
        while k < n {
            let (cp, l) = Self.scalar(text, k)
            if Self.isWhitespace(cp) { k &+= l; continue }
            var end = k &+ l
            while end < n {
                let (next, nl) = Self.scalar(text, end)
                if Self.isWhitespace(next) { break }
                end &+= nl
            }
            chunk(text, k..<end, style: style, emit: emit)
            k = end
        }
        s.stopWords = seenStopWords.nonzeroBitCount
    }

    /// Splits one white-space chunk into tokens.
    private func chunk(_ text: UnsafeRawBufferPointer, _ range: Range<Int>, style: TokenStyle, emit: (Range<Int>) -> Void) {
        // Scalars of the chunk (chunks are short: a word with its punctuation).
        var starts: [Int] = []
        var scalars: [UInt32] = []
        var j = range.lowerBound
        while j < range.upperBound {
            let (cp, l) = Self.scalar(text, j)
            starts.append(j)
            scalars.append(cp)
            j &+= l
        }
        starts.append(range.upperBound)
        let firstCore = scalars.firstIndex(where: { Self.isLetter($0) || Self.isDigit($0) }) ?? scalars.count
        let lastCore = scalars.lastIndex(where: { Self.isLetter($0) || Self.isDigit($0) }) ?? -1
        // Opening punctuation before the first letter or digit comes off, one scalar each (not '.', '-', '+':
        // spaCy keeps ".doc" and "-0,5").
        var lower = 0
        while lower < firstCore && lower < scalars.count - 1 && TokenStyle.opening.contains(scalars[lower]) {
            emit(starts[lower]..<starts[lower + 1])
            lower += 1
        }
        // Closing punctuation after the last letter or digit: one scalar each, a run of dots as one.
        var upper = scalars.count
        var closing: [Range<Int>] = []
        let floor = max(lastCore + 1, lower + 1)
        if style.peelsClosing {
            while upper > floor && TokenStyle.closing.contains(scalars[upper - 1]) {
                var from = upper - 1
                if scalars[from] == 0x2E { while from > floor && scalars[from - 1] == 0x2E { from -= 1 } }
                closing.append(starts[from]..<starts[upper])
                upper = from
            }
        }
        // The core, split at the language's infixes.
        var pieceStart = lower
        var i = lower
        while i < upper {
            let cp = scalars[i]
            if style.elisions, i > pieceStart, i < 3 + pieceStart, cp == 0x27 || cp == 0x2019,
               i + 1 < upper, Self.isLetter(scalars[i + 1]), (pieceStart..<i).allSatisfy({ Self.isLetter(scalars[$0]) }) {
                emit(starts[pieceStart]..<starts[i + 1])   // l' homme
                pieceStart = i + 1
            } else if i > pieceStart, i + 1 < upper, style.splits(cp, between: scalars[i - 1], and: scalars[i + 1]) {
                emit(starts[pieceStart]..<starts[i])
                emit(starts[i]..<starts[i + 1])
                pieceStart = i + 1
            }
            i += 1
        }
        emit(starts[pieceStart]..<starts[upper])
        for r in closing.reversed() { emit(r) }
    }

    private mutating func addToken(_ hash: UInt64, length: Int, word: Bool, alphabetic: Bool, _ s: inout QualitySignals) {
        tokenHashes.append(hash)
        tokenLengths.append(Int32(truncatingIfNeeded: length))
        s.tokens &+= 1
        if word {
            s.words &+= 1
            s.wordCharacters &+= length
        }
        if alphabetic { s.alphabeticTokens &+= 1 }
    }

    /// Gopher's repetition over n-grams of tokens: the most frequent 2-, 3- and 4-gram (first seen wins a tie,
    /// as Counter.most_common does), and the repeated 5- to 10-grams (a repeat skips its n tokens).
    mutating func scanNGrams(_ s: inout QualitySignals) {
        let count = tokenHashes.count
        guard count >= 2 else { return }
        for n in 2...4 where count >= n {
            table.reset(capacity: count)
            var best = 0, bestLength = 0, bestOrder = Int.max
            for i in 0...(count - n) {
                let (hash, length) = gram(i, n)
                let c = table.add(hash)
                // The most frequent; among equals the first seen (Counter.most_common keeps insertion order).
                if c > best || (c == best && table.lastOrder < bestOrder) {
                    best = c
                    bestOrder = table.lastOrder
                    bestLength = length + n - 1   // joined with spaces
                }
            }
            let top = best * bestLength
            switch n {
            case 2: s.top2GramCharacters = top
            case 3: s.top3GramCharacters = top
            default: s.top4GramCharacters = top
            }
        }
        for n in 5...10 {
            table.reset(capacity: count)
            var repeated = 0, i = 0
            while i < count - n + 1 {
                let (hash, length) = gram(i, n)   // joined without spaces
                if table.contains(hash) {
                    repeated &+= length
                    i &+= n
                } else {
                    _ = table.add(hash)
                    i &+= 1
                }
            }
            s.duplicatedNGramCharacters[n - 5] = repeated
        }
    }

    /// The hash and characters of tokens i ..< i + n.
    @inline(__always)
    private func gram(_ i: Int, _ n: Int) -> (UInt64, Int) {
        var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
        var length = 0
        for k in i..<(i &+ n) {
            h = Hash64.combine(h, tokenHashes[k])
            length &+= Int(tokenLengths[k])
        }
        return (h, length)
    }
}

/// A reusable open-addressing table of 64-bit keys with counts; cleared in O(1) by a generation stamp.
struct CountTable: Sendable {
    private var keys: [UInt64] = []
    private var counts: [Int32] = []
    private var orders: [Int32] = []
    private var stamps: [UInt32] = []
    /// The insertion number (0, 1, ...) of the key the last ``add(_:)`` counted.
    private(set) var lastOrder = 0
    private var generation: UInt32 = 0
    private var mask = 0
    private var used = 0

    /// Empties the table, with room for `capacity` keys.
    mutating func reset(capacity: Int) {
        let needed = max(16, capacity * 2).nextPowerOfTwo
        if needed > keys.count {
            keys = [UInt64](repeating: 0, count: needed)
            counts = [Int32](repeating: 0, count: needed)
            orders = [Int32](repeating: 0, count: needed)
            stamps = [UInt32](repeating: 0, count: needed)
            mask = needed - 1
            generation = 0
        }
        generation &+= 1
        if generation == 0 {   // wrapped: clear the stamps once
            for k in stamps.indices { stamps[k] = 0 }
            generation = 1
        }
        used = 0
    }

    /// Adds one occurrence of `key`; returns its count.
    @inline(__always)
    mutating func add(_ key: UInt64) -> Int {
        if (used &+ 1) * 2 > keys.count { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while stamps[i] == generation {
            if keys[i] == key {
                counts[i] &+= 1
                lastOrder = Int(orders[i])
                return Int(counts[i])
            }
            i = (i &+ 1) & mask
        }
        stamps[i] = generation
        keys[i] = key
        counts[i] = 1
        orders[i] = Int32(truncatingIfNeeded: used)
        lastOrder = used
        used &+= 1
        return 1
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        guard !keys.isEmpty else { return false }
        var i = Int(truncatingIfNeeded: key) & mask
        while stamps[i] == generation {
            if keys[i] == key { return true }
            i = (i &+ 1) & mask
        }
        return false
    }

    private mutating func grow() {
        let old = (keys, counts, stamps, generation, orders)
        let size = max(32, keys.count * 2)
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int32](repeating: 0, count: size)
        orders = [Int32](repeating: 0, count: size)
        stamps = [UInt32](repeating: 0, count: size)
        mask = size - 1
        generation = 1
        used = 0
        for k in old.0.indices where old.2[k] == old.3 {
            var i = Int(truncatingIfNeeded: old.0[k]) & mask
            while stamps[i] == generation { i = (i &+ 1) & mask }
            stamps[i] = generation
            keys[i] = old.0[k]
            counts[i] = old.1[k]
            orders[i] = old.4[k]
            used &+= 1
        }
    }
}

extension Int {
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
