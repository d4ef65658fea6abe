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
        if stopSet.words != stopWords { stopSet = StopWordSet(stopWords) }
        // A one-word filter of the stop words' hashes (by their top 6 bits): most tokens need no search.
        var stopFilter: UInt64 = 0
        for h in stopWords { stopFilter |= 1 << (h >> 58) }
        let n = text.count
        if !isKnownUniquelyReferenced(&chunkBuffer) { chunkBuffer = Chunk() }
        chunkBuffer.reserve(min(n, Chunk.longest) + 1)
        let chunk = chunkBuffer
        let core = Chunk.letter | Chunk.digit
        var k = 0
        while k < n {
            let (cp, l) = Self.scalar(text, k)
            if Self.isWhitespace(cp) { k &+= l; continue }
            // The common chunk first: letters and digits, then perhaps ASCII closing punctuation ("word", "word,",
            // "word.)"). Its tokens are the word and each closing scalar (a run of dots as one), exactly as the
            // general split below makes them; any other chunk goes there.
            if chunk.kind(of: cp) & core != 0 {
                var j = k, scalars = 0, kinds: UInt8 = 0, symbol = true, simple = true
                while j < n {
                    let (c, cl) = Self.scalar(text, j)
                    let kind = chunk.kind(of: c)
                    if kind & core == 0 { break }
                    kinds |= kind
                    if kind & Chunk.punctuation == 0 { symbol = false }
                    scalars &+= 1
                    j &+= cl
                }
                let wordEnd = j
                var closing = 0
                while j < n {
                    let b = text[j]
                    if b < 0x80 && style.peels(ascii: b) { closing &+= 1; j &+= 1; continue }
                    if b >= 0x80 {
                        let (c, _) = Self.scalar(text, j)
                        if Self.isWhitespace(c) { break }
                        simple = false
                    } else if !Self.isWhitespace(UInt32(b)) {
                        simple = false
                    }
                    break
                }
                if simple && scalars &+ closing <= Chunk.longest {
                    let word = UnsafeRawBufferPointer(rebasing: text[k..<wordEnd])
                    addTokenChecked(Hash64.hash(word), length: scalars, word: !symbol, alphabetic: kinds & Chunk.letter != 0,
                                    stopFilter: stopFilter, seen: &seenStopWords, &s)
                    var c = wordEnd
                    while c < j {
                        var to = c &+ 1
                        if text[c] == 0x2E { while to < j && text[to] == 0x2E { to &+= 1 } }
                        let token = UnsafeRawBufferPointer(rebasing: text[c..<to])
                        let kind = chunk.kind(of: UInt32(text[c]))
                        addTokenChecked(Hash64.hash(token), length: to &- c, word: kind & Chunk.punctuation == 0, alphabetic: false,
                                        stopFilter: stopFilter, seen: &seenStopWords, &s)
                        c = to
                    }
                    k = j
                    continue
                }
            }
            // The chunk: to the next white space, its scalars decoded and classified once.
            chunk.count = 0
            var end = k
            var overlong: UInt8 = 0   // the kinds of the scalars beyond the longest chunk held
            while end < n {
                let (next, nl) = Self.scalar(text, end)
                if Self.isWhitespace(next) { break }
                if chunk.count < Chunk.longest { chunk.append(next, at: end) } else { overlong |= chunk.kind(of: next) | 8 }
                end &+= nl
            }
            chunk.starts[chunk.count] = end
            if overlong != 0 {
                // A chunk longer than any word (a URL list without spaces, a base64 blob): one token, as spaCy leaves it.
                let token = UnsafeRawBufferPointer(rebasing: text[k..<end])
                var kinds = overlong
                for q in 0..<chunk.count { kinds |= chunk.kinds[q] }
                addToken(Hash64.hash(token), length: Self.scalars(token), word: kinds & (Chunk.letter | Chunk.digit) != 0 || kinds & 8 != 0,
                         alphabetic: kinds & Chunk.letter != 0, &s)
                k = end
                continue
            }
            let pieces = chunk.split(style)
            for p in 0..<pieces {
                // One token: scalars lo ..< hi of the chunk.
                let lo = Int(chunk.pieces[2 &* p]), hi = Int(chunk.pieces[2 &* p &+ 1])
                let token = UnsafeRawBufferPointer(rebasing: text[chunk.starts[lo]..<chunk.starts[hi]])
                let hash = Hash64.hash(token)
                var kinds: UInt8 = 0
                var symbol = true
                for q in lo..<hi {
                    kinds |= chunk.kinds[q]
                    if chunk.kinds[q] & Chunk.punctuation == 0 { symbol = false }
                }
                addTokenChecked(hash, length: hi &- lo, word: !symbol, alphabetic: kinds & Chunk.letter != 0,
                                stopFilter: stopFilter, seen: &seenStopWords, &s)
            }
            k = end
        }
        s.stopWords = seenStopWords.nonzeroBitCount
    }

    /// ``addToken(_:length:word:alphabetic:_:)`` and the stop-word check (the filter first, then the set).
    @inline(__always)
    private mutating func addTokenChecked(_ hash: UInt64, length: Int, word: Bool, alphabetic: Bool, stopFilter: UInt64,
                                          seen: inout UInt64, _ s: inout QualitySignals) {
        addToken(hash, length: length, word: word, alphabetic: alphabetic, &s)
        if stopFilter >> (hash >> 58) & 1 != 0 { seen |= stopSet.bit(of: hash) }
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
    /// as Counter.most_common does), and the repeated 5- to 10-grams (a repeat skips its n tokens). The hash of
    /// the n-gram at i is grown from the (n-1)-gram's (h·P + token), so each n costs one pass.
    mutating func scanNGrams(_ s: inout QualitySignals, decisions t: QualityThresholds?) {
        let count = tokenHashes.count
        guard count >= 2 else { return }
        // Characters before token i, so any n-gram's characters are one subtraction.
        prefixLengths.removeAll(keepingCapacity: true)
        prefixLengths.reserveCapacity(count + 1)
        var total = 0
        prefixLengths.append(0)
        for l in tokenLengths { total &+= Int(l); prefixLengths.append(total) }
        gramHashes.removeAll(keepingCapacity: true)
        gramHashes.append(contentsOf: tokenHashes)
        marks.removeAll(keepingCapacity: true)
        marks.append(contentsOf: repeatElement(false, count: count))
        repeatPositions.removeAll(keepingCapacity: true)
        repeatPositions.append(contentsOf: repeatElement(0, count: count))
        table.reset(capacity: count)   // makes the storage this scanner's own, then used without copies
        let table = self.table.storage
        let characters = Double(max(1, s.characters))
        tokenHashes.withUnsafeBufferPointer { tokens in
            prefixLengths.withUnsafeBufferPointer { prefix in
                gramHashes.withUnsafeMutableBufferPointer { grams in
                    marks.withUnsafeMutableBufferPointer { marks in
                        repeatPositions.withUnsafeMutableBufferPointer { repeats in
                            Self.scanNGrams(tokens: tokens, prefix: prefix, grams: grams, marks: marks, repeats: repeats,
                                            table: table, characters: characters, &s, decisions: t)
                        }
                    }
                }
            }
        }
    }

    private static func scanNGrams(tokens: UnsafeBufferPointer<UInt64>, prefix: UnsafeBufferPointer<Int>, grams: UnsafeMutableBufferPointer<UInt64>,
                                   marks: UnsafeMutableBufferPointer<Bool>, repeats: UnsafeMutableBufferPointer<Int32>,
                                   table: CountTableStorage, characters: Double, _ s: inout QualitySignals, decisions t: QualityThresholds?) {
        let count = tokens.count
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var best2 = 0
        for n in 2...4 where count >= n {
            for i in 0...(count - n) { grams[i] = grams[i] &* prime &+ tokens[i &+ n &- 1] }
            // When only the decisions are wanted, a rule that cannot fail is not computed (its signal stays 0):
            // the top n-gram occurs at most as often as the top 2-gram, each time with at most the longest n-gram's characters.
            if let t, n >= 3 {
                var longest = 0
                for i in 0...(count - n) { longest = max(longest, prefix[i &+ n] &- prefix[i]) }
                let limit = t.topNGrams[n - 2]
                if limit == 0 || Double(best2 * (longest + n - 1)) / characters <= limit { continue }
            }
            table.reset(capacity: count)
            var best = 0, bestLength = 0, bestOrder = Int.max
            for i in 0...(count - n) {
                let c = table.add(grams[i])
                // The most frequent; among equals the first seen (Counter.most_common keeps insertion order).
                if c > best || (c == best && table.lastOrder < bestOrder) {
                    best = c
                    bestOrder = table.lastOrder
                    bestLength = prefix[i &+ n] &- prefix[i] &+ n &- 1   // joined with spaces
                }
            }
            if n == 2 { best2 = best }
            switch n {
            case 2: s.top2GramCharacters = best * bestLength
            case 3: s.top3GramCharacters = best * bestLength
            default: s.top4GramCharacters = best * bestLength
            }
        }
        guard count >= 5 else { return }
        // Repeated 5- to 10-grams. An n-gram at i can equal one at an earlier position only if their 5-grams (its
        // first five tokens) are equal, so only the positions whose 5-gram occurs twice or more matter: the others
        // neither repeat nor are ever repeated. Those positions are found once; each n then walks only them.
        for i in 0...(count - 5) { grams[i] = grams[i] &* prime &+ tokens[i &+ 4] }
        table.reset(capacity: count)
        var repeated5 = 0   // positions whose 5-gram occurred at an earlier position
        for i in 0...(count - 5) {
            let first = table.firstPosition(grams[i], at: i)
            if first >= 0 {
                repeated5 &+= 1
                marks[first] = true
                marks[i] = true
            }
        }
        if t != nil && repeated5 == 0 { return }   // no 5-gram repeats, so no longer one does: all their signals stay 0
        var m = 0
        for i in 0...(count - 5) where marks[i] {
            repeats[m] = Int32(truncatingIfNeeded: i)
            m &+= 1
        }
        var live = m   // the positions p with p + n <= count
        for n in 5...10 where count >= n {
            if n > 5 {
                while live > 0 && Int(repeats[live &- 1]) > count &- n { live &-= 1 }
                for k in 0..<live {
                    let p = Int(repeats[k])
                    grams[p] = grams[p] &* prime &+ tokens[p &+ n &- 1]
                }
            }
            // The bound: at most repeated5 repeats, each with at most the longest n-gram's characters at these positions.
            if let t {
                var longest = 0
                for k in 0..<live {
                    let p = Int(repeats[k])
                    longest = max(longest, prefix[p &+ n] &- prefix[p])
                }
                let limit = t.duplicatedNGrams[n - 5]
                if limit == 0 || Double(repeated5 * longest) / characters <= limit { continue }
            }
            // Left to right, a repeat skips its n tokens (positions between are not looked at, nor remembered).
            table.reset(capacity: live)
            var repeated = 0, next = 0
            for k in 0..<live {
                let p = Int(repeats[k])
                if p < next { continue }
                if table.insertIfAbsent(grams[p]) {
                    next = p &+ 1
                } else {
                    repeated &+= prefix[p &+ n] &- prefix[p]   // joined without spaces
                    next = p &+ n
                }
            }
            s.duplicatedNGramCharacters[n - 5] = repeated
        }
    }
}

/// The first 64 stop words' hashes in a small open-addressing set: a token's bit (1 << its index in the list,
/// the first index for a repeated word; 0 when not a stop word) in one probe or two.
struct StopWordSet: Sendable {
    let words: [UInt64]
    private var keys: [UInt64]
    private var bits: [UInt64]
    private let mask: Int

    init(_ words: [UInt64] = []) {
        self.words = words
        var size = 16
        while size < words.count * 4 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        bits = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for (index, hash) in words.prefix(64).enumerated() {
            var i = Int(truncatingIfNeeded: hash) & mask
            while bits[i] != 0 && keys[i] != hash { i = (i + 1) & mask }
            if bits[i] == 0 {   // a repeated word keeps its first index, as firstIndex(of:) finds it
                keys[i] = hash
                bits[i] = 1 << UInt64(index)
            }
        }
    }

    @inline(__always)
    func bit(of hash: UInt64) -> UInt64 {
        keys.withUnsafeBufferPointer { keys in
            bits.withUnsafeBufferPointer { bits in
                var i = Int(truncatingIfNeeded: hash) & mask
                while bits[i] != 0 {
                    if keys[i] == hash { return bits[i] }
                    i = (i &+ 1) & mask
                }
                return 0
            }
        }
    }
}

/// A reusable open-addressing table of 64-bit keys with counts; cleared in O(1) by a generation stamp. One slot
/// (key, stamp, count, insertion order) per probe, in storage owned by one scanner: no reference counting or
/// uniqueness check per key (a table copied to another thread makes its own storage at its next ``reset(capacity:)``).
struct CountTable: Sendable {
    private(set) var storage = CountTableStorage()

    /// Empties the table, with room for `capacity` keys.
    mutating func reset(capacity: Int) {
        if !isKnownUniquelyReferenced(&storage) { storage = CountTableStorage() }
        storage.reset(capacity: capacity)
    }

    /// Adds one occurrence of `key`; returns its count.
    @inline(__always)
    func add(_ key: UInt64) -> Int { storage.add(key) }
}

final class CountTableStorage: @unchecked Sendable {
    struct Slot {
        var key: UInt64
        var stamp: UInt32
        var count: UInt32
        var order: UInt32
    }

    private var slots = UnsafeMutablePointer<Slot>.allocate(capacity: 1)
    private var size = 0
    private var mask = 0
    private var used = 0
    private var generation: UInt32 = 0
    /// The insertion number (0, 1, ...) of the key the last ``add(_:)`` counted.
    var lastOrder = 0

    deinit { slots.deallocate() }

    /// Only the first slots a document needs are used (the mask), however large the storage grew for an
    /// earlier one: a short document's keys stay in a few cache lines.
    func reset(capacity: Int) {
        let needed = max(16, capacity * 2).nextPowerOfTwo
        if needed > size {
            allocate(needed)
        }
        mask = needed - 1
        generation &+= 1
        if generation == 0 {   // wrapped: clear the stamps once
            for k in 0..<size { slots[k].stamp = 0 }
            generation = 1
        }
        used = 0
    }

    @inline(__always)
    func add(_ key: UInt64) -> Int {
        if (used &+ 1) &* 2 > mask &+ 1 { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let slot = slots + i
            if slot.pointee.stamp != generation { break }
            if slot.pointee.key == key {
                slot.pointee.count &+= 1
                lastOrder = Int(slot.pointee.order)
                return Int(slot.pointee.count)
            }
            i = (i &+ 1) & mask
        }
        slots[i] = Slot(key: key, stamp: generation, count: 1, order: UInt32(truncatingIfNeeded: used))
        lastOrder = used
        used &+= 1
        return 1
    }

    /// Inserts `key` with `position` when new (returns -1); else returns the position it was inserted with.
    @inline(__always)
    func firstPosition(_ key: UInt64, at position: Int) -> Int {
        if (used &+ 1) &* 2 > mask &+ 1 { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while slots[i].stamp == generation {
            if slots[i].key == key { return Int(slots[i].order) }
            i = (i &+ 1) & mask
        }
        slots[i] = Slot(key: key, stamp: generation, count: 1, order: UInt32(truncatingIfNeeded: position))
        used &+= 1
        return -1
    }

    /// Inserts `key` when new and returns true; returns false when it was there.
    @inline(__always)
    func insertIfAbsent(_ key: UInt64) -> Bool {
        if (used &+ 1) &* 2 > mask &+ 1 { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while slots[i].stamp == generation {
            if slots[i].key == key { return false }
            i = (i &+ 1) & mask
        }
        slots[i] = Slot(key: key, stamp: generation, count: 1, order: 0)
        used &+= 1
        return true
    }

    /// Empty storage of `count` slots (a power of two); the generation restarts.
    private func allocate(_ count: Int) {
        slots.deallocate()
        slots = .allocate(capacity: count)
        slots.initialize(repeating: Slot(key: 0, stamp: 0, count: 0, order: 0), count: count)
        size = count
        mask = count - 1
        generation = 0
    }

    private func grow() {
        let old = slots, oldSize = size, oldGeneration = generation
        slots = .allocate(capacity: 1)   // allocate(_:) frees it
        allocate(max(32, (mask + 1) * 2))
        generation = 1
        used = 0
        for k in 0..<oldSize where old[k].stamp == oldGeneration {
            var i = Int(truncatingIfNeeded: old[k].key) & mask
            while slots[i].stamp == generation { i = (i &+ 1) & mask }
            slots[i] = old[k]
            slots[i].stamp = generation
            used &+= 1
        }
        old.deallocate()
    }
}

extension Int {
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}

/// One white-space chunk: its scalars, where each starts, and what each is (letter, digit, punctuation), in
/// buffers owned by the scanner and reused from chunk to chunk (no reference counting in the loop).
final class Chunk: @unchecked Sendable {
    private(set) var capacity = 0
    var count = 0
    var starts = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    var scalars = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    var kinds = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    /// The tokens ``split(_:)`` made: (first scalar, end scalar) pairs, at most two per scalar.
    var pieces = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
    static let letter: UInt8 = 1, digit: UInt8 = 2, punctuation: UInt8 = 4

    deinit {
        starts.deallocate()
        scalars.deallocate()
        kinds.deallocate()
        pieces.deallocate()
    }

    /// Room for `n` scalars (and one more start).
    func reserve(_ n: Int) {
        guard n > capacity else { return }
        starts.deallocate()
        scalars.deallocate()
        kinds.deallocate()
        pieces.deallocate()
        capacity = max(n, 2 * capacity)
        starts = .allocate(capacity: capacity + 1)
        scalars = .allocate(capacity: capacity)
        kinds = .allocate(capacity: capacity)
        pieces = .allocate(capacity: 4 * capacity + 4)
    }

    /// Scalars of a chunk held one by one; a longer chunk is one token.
    static let longest = 4096

    /// The kinds of the scalars of the Basic Multilingual Plane, held by each chunk so the token loop reads no
    /// lazy global.
    private let bmpKinds = Chunk.bmp

    /// What a scalar is (its ``letter``, ``digit`` and ``punctuation`` bits); the BMP by table.
    @inline(__always)
    func kind(of cp: UInt32) -> UInt8 {
        cp < 0x10000 ? bmpKinds[Int(cp)] : Chunk.classify(cp)
    }

    /// Kinds of the BMP scalars (64 KB, made once).
    nonisolated(unsafe) static let bmp: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x10000)
        for cp in 0..<0x10000 { p[cp] = classify(UInt32(cp)) }
        return p
    }()

    static func classify(_ cp: UInt32) -> UInt8 {
        var kind: UInt8 = 0
        if QualityScanner.isLetter(cp) { kind |= letter }
        if QualityScanner.isDigit(cp) { kind |= digit }
        if QualityPunctuation.all.contains(cp) { kind |= punctuation }
        return kind
    }

    @inline(__always)
    func append(_ cp: UInt32, at offset: Int) {
        starts[count] = offset
        scalars[count] = cp
        kinds[count] = kind(of: cp)
        count &+= 1
    }

    /// Writes each token (scalars lo ..< hi) of the chunk into ``pieces``, in order, and returns how many: opening punctuation
    /// before the first letter or digit comes off one scalar each (not '.', '-', '+': spaCy keeps ".doc" and
    /// "-0,5"); closing punctuation after the last one comes off one scalar each, a run of dots as one; the rest
    /// is one token, split at the language's infixes (``TokenStyle``). A chunk without letters or digits loses
    /// its opening and closing punctuation the same way, the rest staying one token.
    @inline(__always)
    func split(_ style: TokenStyle) -> Int {
        var made = 0
        @inline(__always) func emit(_ lo: Int, _ hi: Int) {
            pieces[2 &* made] = Int32(truncatingIfNeeded: lo)
            pieces[2 &* made &+ 1] = Int32(truncatingIfNeeded: hi)
            made &+= 1
        }
        let count = self.count
        var firstCore = count, lastCore = -1
        for q in 0..<count where kinds[q] & (Chunk.letter | Chunk.digit) != 0 {
            if firstCore == count { firstCore = q }
            lastCore = q
        }
        var lower = 0
        while lower < firstCore && lower < count - 1 && style.opening.contains(scalars[lower]) {
            emit(lower, lower + 1)
            lower += 1
        }
        var upper = count
        let floor = max(lastCore + 1, lower + 1)
        if style.peelsClosing {
            while upper > floor && style.closing.contains(scalars[upper - 1]) {
                var from = upper - 1
                if scalars[from] == 0x2E { while from > floor && scalars[from - 1] == 0x2E { from -= 1 } }
                upper = from
            }
        }
        let closingStart = upper
        var pieceStart = lower
        var i = lower
        while i < upper {
            let cp = scalars[i]
            if style.elisions, i > pieceStart, i < 3 + pieceStart, cp == 0x27 || cp == 0x2019,
               i + 1 < upper, kinds[i + 1] & Chunk.letter != 0, (pieceStart..<i).allSatisfy({ self.kinds[$0] & Chunk.letter != 0 }) {
                emit(pieceStart, i + 1)   // l' homme
                pieceStart = i + 1
            } else if i > pieceStart, i + 1 < upper, style.splits(cp, between: scalars[i - 1], and: scalars[i + 1]) {
                emit(pieceStart, i)
                emit(i, i + 1)
                pieceStart = i + 1
            }
            i += 1
        }
        if upper > pieceStart { emit(pieceStart, upper) }
        var c = closingStart
        while c < count {
            var to = c + 1
            if scalars[c] == 0x2E { while to < count && scalars[to] == 0x2E { to += 1 } }
            emit(c, to)
            c = to
        }
        return made
    }
}
