import CorpusCore
import CorpusIO
import CorpusStats
import Dedup
import Foundation
import LanguageID

/// The statistics rows of the ordered stage: one per language code, bounded for codes census does not know.
extension OrderedStage {
    /// The statistics row of the values beyond ``Configuration/maxLanguages``.
    package static let otherCode = "_other"

    /// Whether a code always has a row of its own: the languages census knows, and `und`.
    package static func isExempt(_ code: String) -> Bool {
        code == LanguageGuess.undetermined || LanguageRegistry.info(code) != nil
    }

    func newRow(_ code: String) -> Int {
        codeIndex[code] = codes.count
        codes.append(code)
        var s = LanguageStatistics()
        s.sampleLimit = configuration.output.samples
        languages.append(s)
        return codes.count - 1
    }

    var otherRow: Int {
        if let o = codeIndex[Self.otherCode] { return o }
        return newRow(Self.otherCode)
    }

    /// Admits a code census does not know to the rows of their own, if its hash is among the
    /// `maxLanguages` smallest seen; returns false when it goes to `_other`.
    func admit(_ code: String) -> Bool {
        let h = Hash64.hash(Array(code.utf8))
        if ownHashes.count >= configuration.output.maxLanguages {
            guard let largest = ownHashes.last, h < largest else { return false }
            // The code with the largest hash gives up its row: its statistics move to _other.
            ownHashes.removeLast()
            if let evicted = ownCodes.removeValue(forKey: largest), let i = codeIndex[evicted] {
                let o = otherRow
                languages[o].merge(languages[i])
                languages[i] = LanguageStatistics()
                retiredRows.insert(i)
                codeIndex[evicted] = o
            }
        }
        var low = 0, high = ownHashes.count
        while low < high {
            let mid = (low + high) / 2
            if ownHashes[mid] < h { low = mid + 1 } else { high = mid }
        }
        ownHashes.insert(h, at: low)
        ownCodes[h] = code
        return true
    }

    /// The statistics row of a language code. Codes census knows (and `und`) have rows of their own; other
    /// values (from `--lang-field`) too while they are among the `maxLanguages` with the smallest hash of
    /// the code, the rest share the row `_other`. Which codes keep a row depends only on the set of codes,
    /// never on their order, so shards merge exactly; and memory stays bounded however many values the
    /// input holds. Documents are written under their own code whatever their row.
    func language(_ code: String) -> Int {
        if let known = codeIndex[code] { return known }
        if code == Self.otherCode { return otherRow }
        if !Self.isExempt(code) && !admit(code) {
            let o = otherRow
            codeIndex[code] = o
            return o
        }
        return newRow(code)
    }

    /// Adds statistics found elsewhere (a merge: the shards' per-language totals of what does not depend on
    /// deduplication).
    /// (The hosts are left out: they come again with the replayed batches, so they merge in input order.)
    package func seed(_ other: [String: LanguageStatistics]) {
        for (code, s) in other.sorted(by: { $0.key < $1.key }) {
            var s = s
            s.domains = [:]
            languages[language(code)].merge(s)
        }
    }
}
