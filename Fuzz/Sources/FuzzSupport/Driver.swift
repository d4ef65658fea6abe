#if canImport(Glibc)
import Glibc
#endif
/// libFuzzer's driver (FuzzerDriver.cpp): runs the fuzzing loop with the command line and a callback.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) private var target: ((UnsafePointer<UInt8>, Int) -> Void)?

/// Runs libFuzzer on `body` with this process's command line (`-max_total_time=…`, corpus folders, …) and
/// exits with its status. (SwiftPM gives every executable its own main, so the fuzz targets start libFuzzer
/// through its driver function rather than libFuzzer's main.)
public func runFuzzer(_ body: @escaping (UnsafePointer<UInt8>, Int) -> Void) -> Never {
    target = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let empty: [UInt8] = [0]
        if let data { target!(data, size) } else { empty.withUnsafeBufferPointer { target!($0.baseAddress!, 0) } }
        return 0
    }
    exit(status)
}
