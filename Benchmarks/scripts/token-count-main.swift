// Token counting speed, one core: TokenCount over NUL-separated texts (built by token-speed.sh).
import Foundation
let args = CommandLine.arguments
let counter = try TokenCounter(file: args[1], pattern: args.count > 3 ? TokenCounter.Pattern(rawValue: args[3]) : nil)
let data = [UInt8](FileManager.default.contents(atPath: args[2])!)
var scratch = TokenCounter.Scratch()
let start = Date()
var total = 0
data.withUnsafeBufferPointer { all in
    var s = 0
    for i in 0..<all.count where all[i] == 0 {
        total += counter.count(UnsafeBufferPointer(rebasing: all[s..<i]), scratch: &scratch)
        s = i + 1
    }
}
let t = Date().timeIntervalSince(start)
print("tokens \(total) bytes \(data.count) seconds \(t) MB/s \(Double(data.count) / t / 1e6)")
