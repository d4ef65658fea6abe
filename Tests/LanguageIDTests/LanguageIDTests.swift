import CorpusCore
import CorpusTestSupport
import Foundation
import LanguageID
import Testing

@Suite struct FeatureExtractorTests {
    @Test func wordsGiveNGramsAndWordFeatures() {
        var f = FeatureExtractor()
        Array("ab".utf8).withUnsafeBytes { f.extract($0) }
        // " ab " -> orders 1: a b (2), 2: " a" ab "b " (3), 3: " ab" "ab " (2), 4: " ab " (1), word: 1
        #expect(f.hashes.count == 9)
        #expect(f.letters == 2)
        #expect(f.dominantScript == .latin)
    }

    /// Without expanding words, each word that is a feature is kept as letters and hash: expanding them gives
    /// exactly the expanding extractor's features, and `featureCount` counts them all.
    @Test func wordsKeptAsLettersExpandToTheSameFeatures() {
        let text = Array("Ab c'h, Привет — a wordthatislongerthantwentyfourletters and x".utf8)
        var full = FeatureExtractor(), kept = FeatureExtractor(expandsWords: false)
        text.withUnsafeBytes { full.extract($0) }
        text.withUnsafeBytes { kept.extract($0) }
        #expect(kept.featureCount == full.count && full.featureCount == full.count)
        #expect(kept.wordCount == full.wordCount && kept.wordCount == 6)
        var expanded: [UInt64] = []
        var scratch = [UInt64](repeating: 0, count: FeatureExtractor.maxWordFeatures)
        for k in 0..<kept.wordCount {
            let n = scratch.withUnsafeMutableBufferPointer { kept.expand(k, into: $0.baseAddress!) }
            #expect(scratch[n - 1] == kept.wordHash(k) && kept.wordHash(k) == full.wordHash(k))
            expanded += scratch[0..<n]
        }
        #expect(kept.wordLetters(1) == [0x63, 0x27, 0x68])   // c'h, folded
        // The long word is written out (it is no feature of its own); the rest are the words' features.
        #expect(Set(expanded + kept.hashes) == Set(full.hashes) && expanded.count + kept.count == full.count)
    }

    @Test func caseApostrophesAndSeparators() {
        var a = FeatureExtractor(), b = FeatureExtractor()
        Array("C'HOAZH, 123 — Brezhoneg!".utf8).withUnsafeBytes { a.extract($0) }
        Array("c’hoazh brezhoneg".utf8).withUnsafeBytes { b.extract($0) }
        #expect(a.hashes == b.hashes)   // case folded; ’ is '; digits and punctuation only separate words
    }

    @Test func scriptsAreCounted() {
        var f = FeatureExtractor()
        Array("Привет world мир".utf8).withUnsafeBytes { f.extract($0) }
        #expect(f.dominantScript == .cyrillic)
        Array("123 !!".utf8).withUnsafeBytes { f.extract($0) }
        #expect(f.dominantScript == nil && f.hashes.isEmpty)
    }

    /// Issue 16: URLs, e-mail addresses and markup are not language: their letters neither become features
    /// nor decide the script (Belarusian lines with links were read as Latin-script English).
    @Test func urlsAddressesAndTagsAreSkipped() {
        var plain = FeatureExtractor(), marked = FeatureExtractor()
        Array("Прывітанне свет".utf8).withUnsafeBytes { plain.extract($0) }
        let text = #"<a href="https://www.example.com/path?ref=home&lang=en">Прывітанне</a> http://news.example.org/x/y свет editor@example.com www.example.eu/page <div class="footer-links">"#
        Array(text.utf8).withUnsafeBytes { marked.extract($0) }
        #expect(marked.hashes == plain.hashes)
        #expect(marked.dominantScript == .cyrillic && marked.letters == plain.letters)
        // Ordinary text with a colon, an at sign or an angle bracket is untouched.
        var a = FeatureExtractor(), b = FeatureExtractor()
        Array("Note: 3 < 4 and we meet @ noon".utf8).withUnsafeBytes { a.extract($0) }
        Array("note 3 4 and we meet noon".utf8).withUnsafeBytes { b.extract($0) }
        #expect(a.hashes == b.hashes)
    }

    @Test func longTextsAreBounded() {
        var f = FeatureExtractor()
        let text = Array(String(repeating: "lorem ipsum ", count: 10_000).utf8)
        text.withUnsafeBytes { f.extract($0, maxLetters: 500) }
        #expect(f.letters == 500)
    }

    /// A span stops between words: the word that reaches the limit is read to its end, so reading on from
    /// `consumedBytes` gives the features of one longer span (what the identifier's progressive reading needs).
    @Test func spansStopBetweenWords() {
        let text = Array("abc défg, hij klmno".utf8)
        var whole = FeatureExtractor(), parts = FeatureExtractor()
        text.withUnsafeBytes { whole.extract($0) }
        text.withUnsafeBytes { parts.extract($0, maxLetters: 2) }
        #expect(parts.letters == 3)
        var at = parts.consumedBytes
        while at < text.count {
            text.withUnsafeBytes { parts.extract(UnsafeRawBufferPointer(rebasing: $0[at...]), maxLetters: 2, appending: true) }
            at += parts.consumedBytes
        }
        #expect(parts.hashes == whole.hashes && parts.letters == whole.letters && parts.wordCount == whole.wordCount)
    }
}

/// A small model trained in the test from made-up "languages" with distinct letter habits.
enum TinyModel {
    static let model: LanguageModel = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-tiny-lid-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var rng = SeededRandom(seed: 1)
        let alphabets = ["de": "enirstaduhgmlcbo", "fr": "esaitnrulodcpmév", "pl": "aioeznrwscyłdkpmtu", "bg": "оаеинтсрвлкдпмзя"]
        for (code, letters) in alphabets {
            var lines: [String] = []
            let chars = Array(letters)
            for _ in 0..<400 {
                lines.append((0..<8).map { _ in String((0..<Int.random(in: 2...7, using: &rng)).map { _ in chars.randomElement(using: &rng)! }) }.joined(separator: " "))
            }
            try? lines.joined(separator: "\n").write(to: dir.appendingPathComponent("\(code).txt"), atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        return try! LanguageModelTrainer().train(directory: dir.path).0
    }()
}

@Suite struct LanguageModelTests {
    @Test func serialisationRoundTrips() throws {
        let bytes = TinyModel.model.serialized()
        let back = try LanguageModel(serialized: bytes)
        #expect(back.serialized() == bytes)
        #expect(back.languages == ["bg", "de", "fr", "pl"])
        #expect(back.group(for: .cyrillic)?.languages == ["bg"])
    }

    @Test func rejectsWhatIsNotAModel() {
        #expect(throws: LanguageModelError.self) { try LanguageModel(serialized: Array("hello".utf8)) }
        var bytes = TinyModel.model.serialized()
        bytes[20] ^= 0xFF
        #expect(throws: LanguageModelError.self) { try LanguageModel(serialized: bytes) }
    }

    @Test func identifiesAndAbstains() {
        var id = LanguageIdentifier(model: TinyModel.model)
        let pl = Array("łaski zyskały dwór pszczoły".utf8).withUnsafeBytes { id.identify($0, top: 3) }
        #expect(pl.code == "pl" && pl.script == .latin && pl.confidence > 0.5)
        #expect(pl.alternatives.count == 2)
        let bg = Array("отидоха старите".utf8).withUnsafeBytes { id.identify($0) }
        #expect(bg.code == "bg" && bg.confidence == 1 && bg.script == .cyrillic)
        let arabic = Array("مرحبا بالعالم".utf8).withUnsafeBytes { id.identify($0) }
        #expect(arabic.code == "und" && arabic.script == .arabic)
        let none = Array("12345 !!!".utf8).withUnsafeBytes { id.identify($0) }
        #expect(none.code == "und" && none.script == nil)
        id.minConfidence = 1.01
        let unsure = Array("łaski zyskały".utf8).withUnsafeBytes { id.identify($0) }
        #expect(unsure.code == "und" && unsure.best == "pl")
    }

    /// The first look decides plain texts; the rest is read when it is not sure, or always with
    /// `earlyConfidence` above 1; a rest in another script chooses the group again.
    @Test func progressiveReadingStopsOnlyWhenSure() {
        var id = LanguageIdentifier(model: TinyModel.model)
        id.maxLetters = 400
        let de = "hund rast erde stein mild tisch", fr = "pâte sauce épée moule clair pomme"
        // German first and in the middle for the first look, then French to the end of both spans.
        let start = Array(repeating: de, count: 3) + Array(repeating: fr, count: 12)
        let text = (start + start).joined(separator: " ")
        let early = Array(text.utf8).withUnsafeBytes { id.identify($0) }
        id.earlyConfidence = 1.01
        let full = Array(text.utf8).withUnsafeBytes { id.identify($0) }
        #expect(early.code == "de" && early.confidence >= LanguageIdentifier.defaultEarlyConfidence)
        #expect(full.code == "fr")
        id.earlyConfidence = LanguageIdentifier.defaultEarlyConfidence
        // A plain text gives the same answer either way.
        let plain = Array(repeating: fr, count: 30).joined(separator: " ")
        let a = Array(plain.utf8).withUnsafeBytes { id.identify($0) }
        id.firstLook = 0
        let b = Array(plain.utf8).withUnsafeBytes { id.identify($0) }
        #expect(a.code == "fr" && b.code == "fr")
        // 43 Latin letters, then Cyrillic: the first look (40 letters from the start, read to the word's end,
        // and 40 from the middle) has more Latin letters, the whole read more Cyrillic ones.
        id.firstLook = LanguageIdentifier.defaultFirstLook
        let mixed = "hund rast erde stein mild tisch hund rast erde stein " + Array(repeating: "на", count: 150).joined(separator: " ")
        let cyr = Array(mixed.utf8).withUnsafeBytes { id.identify($0) }
        #expect(cyr.script == .cyrillic && cyr.code == "bg")
    }

    @Test func trainingIsDeterministic() {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-det-lid")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try? "das ist ein Haus\nder Hund bellt laut\n".write(to: dir.appendingPathComponent("de.txt"), atomically: true, encoding: .utf8)
        try? "this is a house\nthe dog barks loudly\n".write(to: dir.appendingPathComponent("en.txt"), atomically: true, encoding: .utf8)
        var options = LanguageModelTrainer.Options()
        options.minimumLines = 1
        options.calibrationEvery = 1000
        let a = try? LanguageModelTrainer().train(directory: dir.path, options: options).0.serialized()
        let b = try? LanguageModelTrainer().train(directory: dir.path, options: options).0.serialized()
        #expect(a != nil && a == b)
    }
}

@Suite struct RegistryTests {
    @Test func officialLanguagesHaveSpeakersAndJoshiClasses() {
        let official = LanguageRegistry.all.filter { $0.euStatus == .official }
        #expect(official.count == 24)
        #expect(official.allSatisfy { $0.euSpeakersMillions != nil && $0.joshiClass != nil })
        #expect(Set(official.filter { $0.joshiClass == 5 }.map(\.code)) == ["en", "de", "fr", "es"])
        #expect(Set(official.filter { $0.joshiClass == 2 }.map(\.code)) == ["ga", "mt"])
        #expect(LanguageRegistry.all.count == 50 && Set(LanguageRegistry.all.map(\.code)).count == 50)
        #expect(!LanguageRegistry.speakerSource.isEmpty)
    }

    /// FineWeb-2's published figures (fineweb2-language-distribution.csv: hrv_Latn train 6,609,299,440 words
    /// and 6,195,824 documents, test 9,822,990 and 9,248; srp_Cyrl + srp_Latn summed) for every language.
    @Test func everyLanguageHasAReferenceCorpus() throws {
        #expect(LanguageRegistry.all.allSatisfy { $0.reference != nil })
        let hr = try #require(LanguageRegistry.info("hr")?.reference)
        #expect(hr.words == 6_609_299_440 + 9_822_990 && hr.documents == 6_195_824 + 9_248 && hr.subsets == "hrv_Latn")
        #expect(LanguageRegistry.info("sr")?.reference?.subsets == "srp_Cyrl+srp_Latn")
        let en = try #require(LanguageRegistry.info("en")?.reference)
        #expect(en.corpus == "FineWeb" && en.words == nil && en.tokens != nil)
    }
}
