import CorpusIO
import Foundation

/// A fixed-size record of a key and a document id (input << 40 | index in the input), ordered by key, then id.
package protocol KeyRecord: Comparable {
    static var words: Int { get }
    init(_ words: UnsafePointer<UInt64>)
    func store(_ words: UnsafeMutablePointer<UInt64>)
    var id: UInt64 { get }
    func sameKey(_ other: Self) -> Bool
}

/// A band key and a document id.
package struct BandRecord: KeyRecord {
    package var key: UInt64
    package var id: UInt64
    package static var words: Int { 2 }
    package init(_ w: UnsafePointer<UInt64>) { key = w[0]; id = w[1] }
    package func store(_ w: UnsafeMutablePointer<UInt64>) { w[0] = key; w[1] = id }
    package func sameKey(_ other: BandRecord) -> Bool { key == other.key }
    package static func < (a: BandRecord, b: BandRecord) -> Bool { a.key != b.key ? a.key < b.key : a.id < b.id }
}

/// A 128-bit exact key and a document id.
package struct ExactRecord: KeyRecord {
    package var k0: UInt64
    package var k1: UInt64
    package var id: UInt64
    package static var words: Int { 3 }
    package init(_ w: UnsafePointer<UInt64>) { k0 = w[0]; k1 = w[1]; id = w[2] }
    package func store(_ w: UnsafeMutablePointer<UInt64>) { w[0] = k0; w[1] = k1; w[2] = id }
    package func sameKey(_ other: ExactRecord) -> Bool { k0 == other.k0 && k1 == other.k1 }
    package static func < (a: ExactRecord, b: ExactRecord) -> Bool {
        if a.k0 != b.k0 { return a.k0 < b.k0 }
        if a.k1 != b.k1 { return a.k1 < b.k1 }
        return a.id < b.id
    }
}

/// Collects the ids of consecutive records with equal keys and hands each group over when the key changes.
package struct Grouper<R: KeyRecord> {
    private var current: R?
    private var ids: [UInt64] = []

    package mutating func add(_ r: R, _ body: ([UInt64]) -> Void) {
        if let c = current, c.sameKey(r) {
            ids.append(r.id)
            return
        }
        finish(body)
        current = r
        ids.append(r.id)
    }

    package mutating func finish(_ body: ([UInt64]) -> Void) {
        if current != nil && !ids.isEmpty { body(ids) }
        ids.removeAll(keepingCapacity: true)
    }
}

/// Reads fixed-size records from a file through a buffer of `bufferBytes`.
package final class RecordReader<R: KeyRecord> {
    package let path: String
    private let fd: Int32
    private var buffer: [UInt64]
    private var count = 0
    private var position = 0
    private var pendingBytes = 0

    package init(path: String, bufferBytes: Int) throws(InputError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(.unreadable, path: path, "cannot open (\(String(cString: strerror(errno))))") }
        buffer = [UInt64](repeating: 0, count: max(R.words * 1024, bufferBytes / 8 / R.words * R.words))
    }

    deinit { close(fd) }

    /// The next record, or nil at the end.
    package func next() throws(InputError) -> R? {
        if position == count {
            try refill()
            if count == 0 { return nil }
        }
        let r = buffer.withUnsafeBufferPointer { R($0.baseAddress! + position * R.words) }
        position += 1
        return r
    }

    private func refill() throws(InputError) {
        let bytes = buffer.count * 8
        var filled = pendingBytes
        while filled < bytes {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, bytes - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(.readFailed, path: path, "read failed (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            filled += n
        }
        let recordBytes = R.words * 8
        count = filled / recordBytes
        position = 0
        pendingBytes = filled % recordBytes
        if count == 0 && pendingBytes > 0 {
            throw InputError(.unreadable, path: path, "ends in a partial record (\(pendingBytes) bytes)")
        }
        if pendingBytes > 0 {
            // Keep the partial record's bytes at the front for the next refill.
            buffer.withUnsafeMutableBytes { raw in
                let start = raw.baseAddress! + count * recordBytes
                raw.baseAddress!.copyMemory(from: start, byteCount: pendingBytes)
            }
        }
    }
}

/// ``ExternalKeySort`` of the two record types, called from this module so that the sort, the heap and the
/// record readers are specialised for them (a generic call from another module runs through metadata lookups
/// and witness tables: 5–10 times slower).
package enum KeyGroups {
    /// Groups the exact keys of `files` (``ExactRecord``s); `body` gets each key's ids in ascending order.
    package static func exact(_ files: [String], memoryBytes: Int, scratch: String, _ body: ([UInt64]) -> Void) throws(InputError) {
        try ExternalKeySort<ExactRecord>(memoryBytes: memoryBytes, scratch: scratch).group(files, body)
    }

    /// The same for band keys (``BandRecord``s).
    package static func bands(_ files: [String], memoryBytes: Int, scratch: String, _ body: ([UInt64]) -> Void) throws(InputError) {
        try ExternalKeySort<BandRecord>(memoryBytes: memoryBytes, scratch: scratch).group(files, body)
    }
}

/// Groups key records from several files by key in bounded memory: records are sorted in runs of at most
/// `memoryBytes` (with the sort's own buffer), runs spill to files in `scratch`, and the runs are merged
/// (a heap of run readers, each with a share of the memory). For each key, `body` gets the ids of its
/// records in ascending order.
package struct ExternalKeySort<R: KeyRecord> {
    package let memoryBytes: Int
    package let scratch: String

    package init(memoryBytes: Int, scratch: String) {
        self.memoryBytes = memoryBytes
        self.scratch = scratch
    }

    package func group(_ files: [String], _ body: ([UInt64]) -> Void) throws(InputError) {
        // Records take half the memory: Swift's sort needs up to half the array again as scratch, and the
        // array is reserved at once (no doubling on the way).
        let capacity = max(1024, memoryBytes / 2 / (R.words * 8))
        let total = files.reduce(0) { $0 + (InputSource(path: $1).fileSize ?? 0) } / (R.words * 8)
        var runs: [String] = []
        var records: [R] = []
        records.reserveCapacity(min(capacity, total))
        defer { for run in runs { unlink(run) } }
        for file in files {
            let reader = try RecordReader<R>(path: file, bufferBytes: 1 << 20)
            while let r = try reader.next() {
                records.append(r)
                if records.count == capacity {
                    records.sort()
                    runs.append(try spill(records, number: runs.count))
                    records.removeAll(keepingCapacity: true)
                }
            }
        }
        records.sort()
        if runs.isEmpty {
            Self.groups(records.makeIterator(), body)
            return
        }
        if !records.isEmpty { runs.append(try spill(records, number: runs.count)) }
        records = []
        // Merge: a binary heap of (record, run).
        let share = max(64 << 10, memoryBytes / 2 / runs.count)
        let readers = try runs.map { (path: String) throws(InputError) -> RecordReader<R> in try RecordReader<R>(path: path, bufferBytes: share) }
        var heap: [HeapEntry] = []
        for (k, reader) in readers.enumerated() { if let r = try reader.next() { heap.append(HeapEntry(record: r, run: k)) } }
        func siftDown(_ i: Int) {
            heap.withUnsafeMutableBufferPointer { h in
                var i = i
                let n = h.count
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < n && h[l].record < h[m].record { m = l }
                    if r < n && h[r].record < h[m].record { m = r }
                    if m == i { return }
                    h.swapAt(i, m)
                    i = m
                }
            }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        var grouper = Grouper<R>()
        while let top = heap.first {
            let k = top.run
            grouper.add(top.record, body)
            if let next = try readers[k].next() {
                heap[0] = HeapEntry(record: next, run: k)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
        }
        grouper.finish(body)
    }

    private struct HeapEntry {
        var record: R
        var run: Int
    }

    private static func groups<I: IteratorProtocol>(_ iterator: I, _ body: ([UInt64]) -> Void) where I.Element == R {
        var iterator = iterator
        var grouper = Grouper<R>()
        while let r = iterator.next() { grouper.add(r, body) }
        grouper.finish(body)
    }

    private func spill(_ records: [R], number: Int) throws(InputError) -> String {
        let path = scratch + "/run-\(R.words)-\(number).bin"
        try AppendLog.restore(path: path, length: 0, checksum: 0)
        let log = try AppendLog(path: path)
        var words = [UInt64](repeating: 0, count: 4096 * R.words)
        var i = 0
        while i < records.count {
            let n = min(4096, records.count - i)
            words.withUnsafeMutableBufferPointer { w in
                for k in 0..<n { records[i + k].store(w.baseAddress! + k * R.words) }
            }
            try log.append(words.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[0..<(n * R.words * 8)]) })
            i += n
        }
        try log.flush()
        return path
    }
}
