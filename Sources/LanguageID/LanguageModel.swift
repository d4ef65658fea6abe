import CZlib
import Foundation

/// A trained language-identification model: for each script group (Latin, Cyrillic, Greek), a naive Bayes
/// table of quantised log-probabilities of hashed features per language.
///
/// Scoring a text adds, for each of its features, one row of the group's table (one byte per language):
/// `score(L) = Σ q(f, L) / scale + n · floor(L)`, where `q` is the quantised gain of the feature's
/// log-probability over the language's floor (the log-probability of an unseen feature). The confidence is a
/// softmax of the per-feature average scores, sharpened by a factor fitted on held-out text so that
/// confidences are calibrated.
///
/// The file format (version 1, little-endian, the whole file zlib-compressed after a 16-byte header):
/// `"CCLIDMDL"`, UInt32 version, UInt32 uncompressed size; then UInt32 group count; per group: UInt8 script,
/// UInt8 bucket bits, UInt16 language count, the language codes (UInt8 length + UTF-8), Float32 floor per
/// language, Float32 scale, Float32 sharpness, then `2^bits × languages` bytes of table.
public struct LanguageModel: Sendable {
    /// One script's languages and table.
    public struct Group: Sendable {
        public var script: Script
        public var bits: Int
        public var languages: [String]
        public var floors: [Float]
        /// Quantisation: table value = round((log p − floor) · scale).
        public var scale: Float
        /// Softmax sharpness applied to per-feature average scores.
        public var sharpness: Float
        /// `2^bits` rows of `languages.count` bytes.
        public var table: [UInt8]

        /// The row index of a feature hash.
        @inlinable @inline(__always)
        public func bucket(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> UInt64(64 - bits)) }
    }

    /// The groups, one per script.
    public var groups: [Group]

    /// Creates a model from groups.
    public init(groups: [Group]) { self.groups = groups }

    /// The group for a script, if the model has one.
    public func group(for script: Script) -> Group? { groups.first { $0.script == script } }

    /// Every language code the model can answer, sorted.
    public var languages: [String] { Array(Set(groups.flatMap(\.languages))).sorted() }

    static let magic = Array("CCLIDMDL".utf8)

    /// The serialised, compressed model.
    public func serialized() -> [UInt8] {
        var body: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { body.append(contentsOf: $0) } }
        func f32(_ v: Float) { u32(v.bitPattern) }
        u32(UInt32(groups.count))
        for g in groups {
            body.append(g.script.rawValue)
            body.append(UInt8(g.bits))
            body.append(UInt8(g.languages.count & 0xFF)); body.append(UInt8(g.languages.count >> 8))
            for code in g.languages { body.append(UInt8(code.utf8.count)); body.append(contentsOf: code.utf8) }
            for f in g.floors { f32(f) }
            f32(g.scale)
            f32(g.sharpness)
            body.append(contentsOf: g.table)
        }
        var bound = compressBound(UInt(body.count))
        var compressed = [UInt8](repeating: 0, count: Int(bound))
        let rc = compressed.withUnsafeMutableBufferPointer { dst in
            body.withUnsafeBufferPointer { src in compress2(dst.baseAddress, &bound, src.baseAddress, UInt(src.count), 9) }
        }
        precondition(rc == Z_OK, "zlib compress2 failed (\(rc))")
        var out = Self.magic
        withUnsafeBytes(of: UInt32(1).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(body.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: compressed[..<Int(bound)])
        return out
    }

    /// A model read from its serialised form.
    ///
    /// - Throws: ``LanguageModelError`` when the bytes are not a model this version reads.
    public init(serialized bytes: [UInt8]) throws(LanguageModelError) {
        guard bytes.count >= 16, Array(bytes[0..<8]) == Self.magic else { throw .init("not a census language model") }
        func le32(_ at: Int, _ b: [UInt8]) -> UInt32 {
            UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
        }
        let version = le32(8, bytes)
        guard version == 1 else { throw .init("model format version \(version) is not supported (expected 1)") }
        let size = Int(le32(12, bytes))
        var body = [UInt8](repeating: 0, count: size)
        var length = UInt(size)
        let rc = body.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                uncompress(dst.baseAddress, &length, src.baseAddress! + 16, UInt(src.count - 16))
            }
        }
        guard rc == Z_OK, Int(length) == size else { throw .init("model data is damaged (zlib code \(rc))") }
        var at = 0
        func need(_ n: Int) throws(LanguageModelError) { if at + n > body.count { throw .init("model data is truncated") } }
        func u8() throws(LanguageModelError) -> UInt8 { try need(1); defer { at += 1 }; return body[at] }
        func u32() throws(LanguageModelError) -> UInt32 { try need(4); defer { at += 4 }; return le32(at, body) }
        func f32() throws(LanguageModelError) -> Float { Float(bitPattern: try u32()) }
        let count = Int(try u32())
        var groups: [Group] = []
        for _ in 0..<count {
            guard let script = Script(rawValue: try u8()) else { throw .init("unknown script in model") }
            let bits = Int(try u8())
            guard bits >= 8 && bits <= 26 else { throw .init("bad bucket bits \(bits)") }
            let languageCount = Int(try u8()) | Int(try u8()) << 8
            var languages: [String] = []
            for _ in 0..<languageCount {
                let n = Int(try u8())
                try need(n)
                languages.append(String(decoding: body[at..<(at + n)], as: UTF8.self))
                at += n
            }
            var floors: [Float] = []
            for _ in 0..<languageCount { floors.append(try f32()) }
            let scale = try f32(), sharpness = try f32()
            let tableSize = (1 << bits) * languageCount
            try need(tableSize)
            let table = Array(body[at..<(at + tableSize)])
            at += tableSize
            groups.append(Group(script: script, bits: bits, languages: languages, floors: floors, scale: scale,
                                sharpness: sharpness, table: table))
        }
        self.groups = groups
    }

    /// Reads a model file.
    public init(contentsOf path: String) throws(LanguageModelError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .init("\(path): cannot read the model file") }
        try self.init(serialized: [UInt8](data))
    }

    /// The model that ships with census (`Sources/LanguageID/Resources/langid.model`), loaded once.
    public static let bundled: Result<LanguageModel, LanguageModelError> = {
        if let override = ProcessInfo.processInfo.environment["CENSUS_LANGID_MODEL"] {
            return Result { () throws(LanguageModelError) in try LanguageModel(contentsOf: override) }
        }
        guard let url = Bundle.module.url(forResource: "langid", withExtension: "model") else {
            return .failure(.init("the bundled language model is missing (langid.model)"))
        }
        return Result { () throws(LanguageModelError) in try LanguageModel(contentsOf: url.path) }
    }()
}

/// A language model that cannot be read.
public struct LanguageModelError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
