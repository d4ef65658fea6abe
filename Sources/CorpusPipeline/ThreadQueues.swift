import Foundation

/// A value shared with one thread that alone uses it.
package final class Box<T>: @unchecked Sendable {
    package var value: T
    package init(_ value: T) { self.value = value }
}

/// An unbounded FIFO queue between threads (bounded by the ``Gate``s of its producers).
package final class WorkQueue<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [T?] = []
    private var head = 0
    private var closed = false

    package func push(_ item: T) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// The next item; nil once the queue is closed and empty.
    package func pop() -> T? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        items[head] = nil   // the consumer owns it now: do not keep it alive here
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }

    package func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Counts a producer's items in flight; ``acquire()`` waits while `limit` are.
package final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private let limit: Int
    private var inFlight = 0
    private var isCancelled = false

    package init(limit: Int) { self.limit = limit }

    package var cancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isCancelled
    }

    /// Waits for room; false when cancelled.
    package func acquire() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while inFlight >= limit && !isCancelled { condition.wait() }
        inFlight += 1
        return !isCancelled
    }

    package func release() {
        condition.lock()
        inFlight -= 1
        condition.signal()
        condition.unlock()
    }

    package func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Analysed batches by (input, batch number), until the consumer takes them in order.
package final class ReorderBuffer<Batch: AnalyzedOutput>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [Int: [Int: Batch]] = [:]

    package func put(_ batch: Batch) {
        condition.lock()
        batches[batch.file, default: [:]][batch.index] = batch
        condition.broadcast()
        condition.unlock()
    }

    package func take(file: Int, index: Int) -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while batches[file]?[index] == nil { condition.wait() }
        let batch = batches[file]!.removeValue(forKey: index)!
        if batches[file]!.isEmpty { batches[file] = nil }
        return batch
    }
}
