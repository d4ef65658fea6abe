/// Counts what the decoders produce and forwards it to the caller's handlers.
///
/// One per input; decoders call ``emit(_:)`` for each document and ``reject(_:)`` for each record they
/// cannot use, so the counts and the handlers can never disagree.
@usableFromInline
final class RecordEvents {
    let onDocument: (Document) -> Void
    let onRejection: (Rejection) -> Void
    var documents = 0
    var textBytes = 0
    var repairedBytes = 0
    var rejected: [RejectReason: Int] = [:]
    var skipped: [String: Int] = [:]
    /// Records that needed UTF-8 repair, and where the first one was.
    var repairedRecords = 0
    var firstRepair: (location: Int, unit: LocationUnit)?

    init(onDocument: @escaping (Document) -> Void, onRejection: @escaping (Rejection) -> Void) {
        self.onDocument = onDocument
        self.onRejection = onRejection
    }

    @inline(__always)
    func emit(_ document: Document) {
        documents &+= 1
        textBytes &+= document.text.count
        if document.repairedBytes > 0 { noteRepair(document) }
        onDocument(document)
    }

    @inline(never)
    func noteRepair(_ document: Document) {
        repairedBytes &+= document.repairedBytes
        repairedRecords &+= 1
        if firstRepair == nil { firstRepair = (document.location, document.locationUnit) }
    }

    @inline(never)
    func reject(_ reason: RejectReason, record: Int, at location: Int, _ unit: LocationUnit, _ detail: String) {
        rejected[reason, default: 0] += 1
        onRejection(Rejection(reason: reason, recordNumber: record, location: location, locationUnit: unit, detail: detail))
    }

    @inline(never)
    func skip(type: String) {
        skipped[type, default: 0] += 1
    }
}
