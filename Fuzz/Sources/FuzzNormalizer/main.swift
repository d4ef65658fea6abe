import CorpusCore
import CorpusNormalize
import FuzzSupport

nonisolated(unsafe) var normalizers = NormalizationForm.allCases.map { TextNormalizer(form: $0) }

/// libFuzzer target: clean-up and normalisation in every form (first byte picks it) on any text. The output is
/// valid UTF-8 and normalising it again changes nothing.
runFuzzer { data, size in
    guard size > 0 else { return }
    let k = Int(data[0]) % normalizers.count
    var text: [UInt8] = []
    _ = UTF8Repair.append(UnsafeRawBufferPointer(start: data + 1, count: size - 1), to: &text)
    var once: [UInt8] = [], twice: [UInt8] = []
    text.withUnsafeBytes { _ = normalizers[k].normalize($0, into: &once) }
    once.withUnsafeBytes { check(UTF8Repair.firstInvalidOffset(in: $0) == nil, "normalised text is not UTF-8") }
    once.withUnsafeBytes { _ = normalizers[k].normalize($0, into: &twice) }
    check(once == twice, "normalising twice differs from once (\(normalizers[k].form))")
}
