import CorpusCore

/// Byte-level helpers of the scanner: Unicode scalars, Python's white space, line ends.
extension QualityScanner {
    /// Unicode scalars in well-formed UTF-8 (Python's `len`).
    @inline(__always)
    static func scalars(_ bytes: UnsafeRawBufferPointer) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n &+= 1 }
        return n
    }

    /// The scalar at `k` and its length in bytes (text is well-formed UTF-8: census repairs it first).
    @inline(__always)
    static func scalar(_ text: UnsafeRawBufferPointer, _ k: Int) -> (UInt32, Int) {
        let b0 = UInt32(text[k])
        if b0 < 0x80 { return (b0, 1) }
        let n = text.count
        if b0 < 0xE0, k &+ 1 < n { return ((b0 & 0x1F) << 6 | UInt32(text[k &+ 1]) & 0x3F, 2) }
        if b0 < 0xF0, k &+ 2 < n { return ((b0 & 0x0F) << 12 | (UInt32(text[k &+ 1]) & 0x3F) << 6 | UInt32(text[k &+ 2]) & 0x3F, 3) }
        if k &+ 3 < n {
            return ((b0 & 0x07) << 18 | (UInt32(text[k &+ 1]) & 0x3F) << 12 | (UInt32(text[k &+ 2]) & 0x3F) << 6 | UInt32(text[k &+ 3]) & 0x3F, 4)
        }
        return (0xFFFD, 1)
    }

    /// Python's `str.isspace`: Unicode White_Space and U+001C-U+001F.
    @inline(__always)
    static func isWhitespace(_ cp: UInt32) -> Bool {
        switch cp {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// The length of the white-space scalar at `k`, or nil.
    static func whitespaceLength(_ text: UnsafeRawBufferPointer, at k: Int) -> Int? {
        let (cp, length) = scalar(text, k)
        return isWhitespace(cp) ? length : nil
    }

    /// The length of the white-space scalar ending just before `end`, or nil.
    static func whitespaceLengthBefore(_ text: UnsafeRawBufferPointer, at end: Int) -> Int? {
        var start = end &- 1
        while start > 0 && text[start] & 0xC0 == 0x80 { start &-= 1 }
        let (cp, length) = scalar(text, start)
        return isWhitespace(cp) && start &+ length == end ? length : nil
    }

    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        var k = 0
        while k < line.count {
            guard let w = whitespaceLength(line, at: k) else { return false }
            k &+= w
        }
        return true
    }

    /// Whether the line's last scalar (not stripped: a trailing space means no punctuation, as in datatrove)
    /// is terminal punctuation.
    static func endsWithTerminalPunctuation(_ line: UnsafeRawBufferPointer) -> Bool {
        guard !line.isEmpty else { return false }
        var start = line.count &- 1
        while start > 0 && line[start] & 0xC0 == 0x80 { start &-= 1 }
        return QualityPunctuation.terminal.contains(scalar(line, start).0)
    }

    /// `line.lstrip()` starts with `•` or `-`.
    static func startsWithBullet(_ line: UnsafeRawBufferPointer) -> Bool {
        var k = 0
        while k < line.count, let w = whitespaceLength(line, at: k) { k &+= w }
        guard k < line.count else { return false }
        if line[k] == 0x2D { return true }
        return k &+ 2 < line.count && line[k] == 0xE2 && line[k &+ 1] == 0x80 && line[k &+ 2] == 0xA2
    }

    /// `line.rstrip()` ends with `...` or `…`.
    static func endsWithEllipsis(_ line: UnsafeRawBufferPointer) -> Bool {
        var end = line.count
        while end > 0, let w = whitespaceLengthBefore(line, at: end) { end &-= w }
        if end >= 3 && line[end &- 1] == 0x2E && line[end &- 2] == 0x2E && line[end &- 3] == 0x2E { return true }
        return end >= 3 && line[end &- 3] == 0xE2 && line[end &- 2] == 0x80 && line[end &- 1] == 0xA6
    }
}

extension QualityScanner {
    /// A letter, as Python's `str.isalpha` sees it (closely): ASCII letters, and scalars beyond Latin-1's
    /// symbols that are not punctuation, spaces, digits or marks of the common blocks.
    @inline(__always)
    static func isLetter(_ cp: UInt32) -> Bool {
        if cp < 0x80 { return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7A }
        if cp < 0xC0 { return cp == 0xAA || cp == 0xB5 || cp == 0xBA }
        if cp == 0xD7 || cp == 0xF7 { return false }
        if (0x0300...0x036F).contains(cp) { return false }                 // combining marks
        if (0x2000...0x2BFF).contains(cp) { return (0x2C00...0x2C5F).contains(cp) }   // punctuation, symbols
        if (0x3000...0x303F).contains(cp) { return cp == 0x3005 || cp == 0x3006 }
        if (0xFF00...0xFF20).contains(cp) { return false }
        if (0x1F000...0x1FFFF).contains(cp) { return false }               // emoji
        if (0xFE00...0xFE0F).contains(cp) { return false }
        return !QualityPunctuation.all.contains(cp) && !isDigit(cp) && !isWhitespace(cp)
    }

    /// A decimal digit (ASCII, or the common non-ASCII digit blocks).
    @inline(__always)
    static func isDigit(_ cp: UInt32) -> Bool {
        if cp < 0x80 { return cp >= 0x30 && cp <= 0x39 }
        return (0x0660...0x0669).contains(cp) || (0x06F0...0x06F9).contains(cp) || (0x0966...0x096F).contains(cp)
            || (0xFF10...0xFF19).contains(cp)
    }
}
