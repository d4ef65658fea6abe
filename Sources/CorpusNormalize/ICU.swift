import CICUShims

/// The system ICU library, as this build links it.
public enum ICU {
    /// ICU's version, e.g. "72.1".
    public static var version: String {
        var buffer = [CChar](repeating: 0, count: 32)
        census_icu_version(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
