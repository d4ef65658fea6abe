import CZlib
import CZstd
import CorpusIO
import Foundation

/// A small, fast, seeded random number generator (SplitMix64), so every "random" test is repeatable.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    /// Creates a generator; the same seed gives the same sequence.
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// gzip/zlib compression for building test inputs.
public enum Compress {
    /// One gzip member (or a zlib stream with `zlib: true`) holding `bytes`.
    public static func gzip(_ bytes: [UInt8], level: Int32 = 6, zlib: Bool = false) -> [UInt8] {
        var stream = z_stream()
        precondition(czlib_deflate_init2(&stream, level, zlib ? 15 : 15 + 16) == Z_OK)
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let produced: Int = input.withUnsafeMutableBytes { inp in
            out.withUnsafeMutableBytes { outp in
                stream.next_in = inp.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(inp.count)
                stream.next_out = outp.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(outp.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return outp.count - Int(stream.avail_out)
            }
        }
        return Array(out[..<produced])
    }

    /// Several gzip members back to back, one per part (like a Common Crawl WET file).
    /// One zstd frame holding `bytes`. With `windowLog`, the window is that small and the content size is
    /// left out of the header, so a decoder must wrap its round buffer many times.
    public static func zstd(_ bytes: [UInt8], level: Int32 = 3, windowLog: Int32? = nil, checksum: Bool = true) -> [UInt8] {
        let context = ZSTD_createCCtx()!
        defer { ZSTD_freeCCtx(context) }
        _ = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        _ = ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, checksum ? 1 : 0)
        if let windowLog {
            _ = ZSTD_CCtx_setParameter(context, ZSTD_c_windowLog, windowLog)
            _ = ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0)
        }
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        var produced = 0
        if let windowLog, windowLog > 0 {
            // Streamed, so the frame has no content size and blocks follow the small window.
            produced = out.withUnsafeMutableBytes { o in
                bytes.withUnsafeBytes { i in
                    var output = ZSTD_outBuffer(dst: o.baseAddress, size: o.count, pos: 0)
                    var input = ZSTD_inBuffer(src: i.baseAddress, size: i.count, pos: 0)
                    precondition(ZSTD_compressStream2(context, &output, &input, ZSTD_e_end) == 0)
                    return output.pos
                }
            }
        } else {
            produced = out.withUnsafeMutableBytes { o in bytes.withUnsafeBytes { ZSTD_compress2(context, o.baseAddress, o.count, $0.baseAddress, $0.count) } }
        }
        precondition(ZSTD_isError(produced) == 0)
        return Array(out[..<produced])
    }

    /// A zstd skippable frame holding `payload`.
    public static func zstdSkippable(_ payload: [UInt8]) -> [UInt8] {
        let size = UInt32(payload.count)
        return [0x50, 0x2A, 0x4D, 0x18, UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)] + payload
    }

    /// zlib's CRC-32 of `bytes`.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBytes { CZlib.crc32(0, $0.baseAddress?.assumingMemoryBound(to: Bytef.self), UInt32($0.count)) })
    }

    public static func multiMember(_ parts: [[UInt8]]) -> [UInt8] {
        parts.flatMap { gzip($0) }
    }

    /// Decompresses every member of a gzip file (for reference counts).
    public static func gunzipAll(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var offset = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while offset < bytes.count {
            var stream = z_stream()
            precondition(czlib_inflate_init2(&stream, 15 + 16) == Z_OK)
            defer { inflateEnd(&stream) }
            var input = Array(bytes[offset...])
            var consumed = 0
            input.withUnsafeMutableBytes { inp in
                stream.next_in = inp.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(inp.count)
                while true {
                    let rc: Int32 = buffer.withUnsafeMutableBytes { outp in
                        stream.next_out = outp.baseAddress!.assumingMemoryBound(to: Bytef.self)
                        stream.avail_out = UInt32(outp.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    result.append(contentsOf: buffer[..<(buffer.count - Int(stream.avail_out))])
                    if rc == Z_STREAM_END { break }
                    precondition(rc == Z_OK, "gunzipAll: zlib error \(rc)")
                }
                consumed = inp.count - Int(stream.avail_in)
            }
            offset += consumed
        }
        return result
    }
}

/// Everything a reader produced for one input, in a comparable form.
public struct DecodedInput: Equatable, CustomStringConvertible {
    public struct Record: Equatable {
        public var text: String
        public var id: String
        public var metadata: String
        public var recordNumber: Int
        public var location: Int
        public var repaired: Int
        /// ``Document/crawl`` (a WET warcinfo's `isPartOf`), "" when none.
        public var crawl: String = ""
    }
    public var documents: [Record] = []
    public var rejections: [Rejection] = []
    public var summary: InputSummary

    public var description: String {
        "\(documents.count) documents, \(rejections.count) rejections, errors: \(summary.errors.map(\.message))"
    }

    /// The texts of the documents.
    public var texts: [String] { documents.map(\.text) }
}

/// Feeds inputs to an ``InputDecoder`` in chosen pieces: the drip-feed verifier of STYLE.md §5.
public enum DripFeed {
    /// How to cut the input.
    public enum Split: CustomStringConvertible, Sendable {
        case whole
        case bytes(Int)
        case random(seed: UInt64)
        public var description: String {
            switch self {
            case .whole: "whole"
            case .bytes(let n): "\(n)-byte chunks"
            case .random(let seed): "random splits (seed \(seed))"
            }
        }
    }

    /// The standard set of splits every streaming component is checked with.
    public static let standardSplits: [Split] = [.whole, .bytes(1), .bytes(7), .random(seed: 1), .random(seed: 2), .random(seed: 3)]

    /// Decodes `bytes` as the input named `path`, fed in pieces as `split` says.
    public static func decode(_ bytes: [UInt8], path: String = "input", options: ReaderOptions = ReaderOptions(),
                              split: Split = .whole) -> DecodedInput {
        var documents: [DecodedInput.Record] = []
        var rejections: [Rejection] = []
        let decoder = InputDecoder(path: path, options: options, onDocument: { d in
            documents.append(.init(text: String(decoding: d.text, as: UTF8.self), id: String(decoding: d.id, as: UTF8.self),
                                   metadata: String(decoding: d.metadata, as: UTF8.self), recordNumber: d.recordNumber,
                                   location: d.location, repaired: d.repairedBytes, crawl: String(decoding: d.crawl, as: UTF8.self)))
        }, onRejection: { rejections.append($0) })
        bytes.withUnsafeBytes { raw in
            switch split {
            case .whole:
                decoder.consume(raw)
            case .bytes(let n):
                var i = 0
                while i < raw.count {
                    decoder.consume(UnsafeRawBufferPointer(rebasing: raw[i..<min(i + n, raw.count)]))
                    i += n
                }
            case .random(let seed):
                var rng = SeededRandom(seed: seed)
                var i = 0
                while i < raw.count {
                    let n = Int.random(in: 1...max(1, min(raw.count / 3 + 1, 5000)), using: &rng)
                    decoder.consume(UnsafeRawBufferPointer(rebasing: raw[i..<min(i + n, raw.count)]))
                    i += n
                }
            }
        }
        let summary = decoder.finish()
        return DecodedInput(documents: documents, rejections: rejections, summary: summary)
    }
}

/// Locations of the package and the built binary, for tests that read samples or run `census`.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `corpora-samples/` in the package.
    public static var samples: URL { packageRoot.appendingPathComponent("corpora-samples") }

    /// The `census` executable built beside the test bundle (override with CENSUS_BIN).
    public static let censusBinary: URL = {
        if let override = ProcessInfo.processInfo.environment["CENSUS_BIN"] { return URL(fileURLWithPath: override) }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [bundleDir, bundleDir.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("census")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/census")
    }()
}

/// The result of running `census`.
public struct CommandResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stdoutBytes: [UInt8]
}

/// Runs the built `census` with arguments and optional standard input (output captured through files,
/// so large outputs cannot dead-lock a pipe).
public func runCensus(_ arguments: [String], stdin: [UInt8]? = nil, cwd: URL? = nil) throws -> CommandResult {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
    let inURL = dir.appendingPathComponent("stdin")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: inURL.path, contents: Data(stdin ?? []))
    let process = Process()
    process.executableURL = TestPaths.censusBinary
    process.arguments = arguments
    if let cwd { process.currentDirectoryURL = cwd }
    let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
    let inHandle = try FileHandle(forReadingFrom: inURL)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = inHandle
    try process.run()
    process.waitUntilExit()
    try outHandle.close(); try errHandle.close(); try inHandle.close()
    let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: [UInt8](outData))
}

/// A fresh temporary directory, removed by the caller when done.
public func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("census-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Starts `census` with `arguments`, sends it SIGKILL after `seconds`, and waits for it; returns whether it
/// was still running when killed (it may have finished first). Standard error is discarded.
@discardableResult
public func runCensusAndKill(_ arguments: [String], after seconds: Double) throws -> Bool {
    let process = Process()
    process.executableURL = TestPaths.censusBinary
    process.arguments = arguments
    process.standardError = FileHandle.nullDevice
    try process.run()
    usleep(UInt32(max(0, seconds) * 1e6))
    let running = process.isRunning
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return running
}

/// Runs scripts/tiktoken-counts.py (tiktoken, the reference) with `arguments`; its standard output, or nil when
/// it failed (tiktoken not installed).
public func tiktokenCounts(_ arguments: [String]) throws -> Data? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", TestPaths.packageRoot.appendingPathComponent("scripts/tiktoken-counts.py").path] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? output : nil
}
