import CorpusCore
import FuzzSupport

/// libFuzzer target: UTF-8 validation and repair. The repaired bytes are valid, valid input is unchanged, and the
/// validator agrees with Swift's own decoding.
runFuzzer { data, size in
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let invalid = UTF8Repair.firstInvalidOffset(in: bytes)
    let swiftValid = String(validating: Array(bytes), as: UTF8.self) != nil
    check((invalid == nil) == swiftValid, "validator disagrees with Swift at \(String(describing: invalid))")
    var repaired: [UInt8] = []
    let replaced = UTF8Repair.append(bytes, to: &repaired)
    repaired.withUnsafeBytes { check(UTF8Repair.firstInvalidOffset(in: $0) == nil, "repair left invalid UTF-8") }
    check((replaced == 0) == (invalid == nil), "replacement count \(replaced) vs validity")
    if invalid == nil { check(repaired.elementsEqual(bytes), "valid input changed by repair") }
}
