/// How records are laid out in an input.
public enum RecordFormat: String, CaseIterable, Sendable, Hashable {
    /// JSON Lines: one object per line, the text in a string field.
    case jsonl
    /// WARC/WET: the text of `conversion` records.
    case wet
    /// Plain text, one document per line.
    case lines
    /// Plain text, documents separated by blank lines.
    case paragraphs

    /// Compression suffixes looked through when reading an extension.
    static let compressionSuffixes = [".gz", ".gzip", ".z", ".zz", ".zst", ".bz2", ".xz"]

    /// The format an extension names, looking through compression suffixes (`x.jsonl.gz` is JSONL), or nil:
    /// `.jsonl` `.ndjson` `.json` → JSONL; `.wet` `.warc` → WET; `.paragraphs` and `.paragraphs.txt` →
    /// paragraphs; `.txt` `.text` → lines.
    public static func fromExtension(of path: String) -> RecordFormat? {
        var name = Substring(path.lowercased())
        for suffix in compressionSuffixes where name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            break
        }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name.hasSuffix(".json") { return .jsonl }
        if name.hasSuffix(".wet") || name.hasSuffix(".warc") { return .wet }
        if name.hasSuffix(".paragraphs") || name.hasSuffix(".paragraphs.txt") { return .paragraphs }
        if name.hasSuffix(".txt") || name.hasSuffix(".text") { return .lines }
        return nil
    }

    /// The format the first bytes of (decompressed) content suggest: `WARC/` is WET, `{` is JSONL, anything
    /// else is lines. A UTF-8 byte-order mark and leading white space are skipped.
    public static func sniff(_ head: UnsafeRawBufferPointer) -> RecordFormat {
        var i = 0
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { i = 3 }
        while i < head.count, head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0A || head[i] == 0x0D { i += 1 }
        let rest = UnsafeRawBufferPointer(rebasing: head[i...])
        if rest.starts(with: "WARC/".utf8) { return .wet }
        if rest.first == UInt8(ascii: "{") { return .jsonl }
        return .lines
    }
}

/// How an input is compressed, as detected from its first bytes.
public enum Compression: String, Sendable, Hashable {
    case none, gzip, zlib, zstd

    /// Detects gzip (`1f 8b`), zlib (`78` with a valid FLG byte: deflate with a 32 KiB window, as zlib
    /// writes it; other window sizes are too easily confused with text) and zstd (`28 b5 2f fd`, or a skippable
    /// frame) from up to four leading bytes.
    /// - Returns: nil for a compression this build cannot read (bzip2, xz), with its name.
    static func detect(_ head: UnsafeRawBufferPointer) -> Result<Compression, UnsupportedCompression> {
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B { return .success(.gzip) }
        if head.count >= 2, head[0] == 0x78,
           (UInt16(head[0]) << 8 | UInt16(head[1])) % 31 == 0, head[1] & 0x20 == 0 {
            return .success(.zlib)
        }
        if head.count >= 4, head[0] == 0x28, head[1] == 0xB5, head[2] == 0x2F, head[3] == 0xFD {
            return .success(.zstd)
        }
        // A zstd skippable frame (`pzstd` starts every frame with one): 5x 2a 4d 18.
        if head.count >= 4, head[0] & 0xF0 == 0x50, head[1] == 0x2A, head[2] == 0x4D, head[3] == 0x18 { return .success(.zstd) }
        if head.count >= 3, head[0] == 0x42, head[1] == 0x5A, head[2] == 0x68 { return .failure(UnsupportedCompression(name: "bzip2")) }
        if head.count >= 4, head[0] == 0xFD, head[1] == 0x37, head[2] == 0x7A, head[3] == 0x58 {
            return .failure(UnsupportedCompression(name: "xz"))
        }
        return .success(.none)
    }

    struct UnsupportedCompression: Error { var name: String }
}
