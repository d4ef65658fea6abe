import CorpusCore
import CorpusIO
import CorpusStats
import Dedup
import Foundation
import LanguageID

/// Where the ordered stage writes kept documents (per-language parts) and keeps samples.
extension OrderedStage {
    /// Keeps the document among the language's samples when its priority is among the smallest.
    func sample(_ l: Int, priority: UInt64, _ line: () -> ArraySlice<UInt8>) {
        let limit = configuration.output.samples
        if languages[l].samples.count >= limit, let last = languages[l].samples.last, priority > last.priority { return }
        let candidate = LanguageStatistics.Sample(priority: priority, record: String(decoding: line(), as: UTF8.self))
        if languages[l].samples.count >= limit, let last = languages[l].samples.last, !(candidate < last) { return }
        let at = languages[l].samples.firstIndex { candidate < $0 } ?? languages[l].samples.count
        languages[l].samples.insert(candidate, at: at)
        if languages[l].samples.count > limit { languages[l].samples.removeLast() }
    }

    /// The folder of a language under DIR/data: the code with anything but ASCII letters, digits, `-` and
    /// `_` replaced by `_` (codes can come from a `--lang-field` of the input), at most 32 characters.
    package static func folder(_ code: String) -> String {
        let safe = String(code.unicodeScalars.prefix(32).map {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")) ? Character($0) : "_"
        })
        return safe.isEmpty ? "_" : safe
    }

    func writer(_ code: String) -> PartWriter {
        if let w = writers[code] { return w }
        let w = makeWriter(configuration.out + "/data/" + code, PartWriter.Position())
        writers[code] = w
        becomeFrugalIfMany()
        w.frugal = frugal
        return w
    }

    /// With many languages (--lang-field values), from then on no writer keeps its file open or its buffer
    /// between members.
    func becomeFrugalIfMany() {
        guard writers.count > Self.maxOpenWriters && !frugal else { return }
        frugal = true
        for w in writers.values { w.frugal = true }
    }

    /// Appends a kept document's record to its language's shards.
    func write(_ record: ArraySlice<UInt8>, to folder: String) throws(InputError) {
        let w = writer(folder)
        let before = w.bufferedBytes
        try w.append(record)
        bufferedBytes += w.bufferedBytes - before
        if bufferedBytes > Self.maxBufferedBytes {
            for code in writers.keys.sorted() { try writers[code]!.endMember() }
            bufferedBytes = 0
        }
    }

    func makeWriter(_ directory: String, _ position: PartWriter.Position) -> PartWriter {
        PartWriter(directory: directory, partBytes: configuration.output.partBytes, compressor: compressor, position: position)
    }
}
