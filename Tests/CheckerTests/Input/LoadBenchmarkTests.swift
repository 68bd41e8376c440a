import Foundation
import Testing

@testable import Checker

/// Timing harness for `scripts/bench-load.sh`: runs only when `POLICY_CHECK_BENCH_FILE` names a file.
@Suite struct LoadBenchmarkTests {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["POLICY_CHECK_BENCH_FILE"] != nil))
  func loadBenchmarkFile() throws {
    let path = try #require(ProcessInfo.processInfo.environment["POLICY_CHECK_BENCH_FILE"])
    let start = Date()
    let dataset = DatasetLoader.autodetect(files: [path])
    let seconds = Date().timeIntervalSince(start)
    let events = dataset.cases.reduce(0) { $0 + $1.events.count }
    print(
      "bench-load: \(dataset.counts.read) rows, \(dataset.counts.rejected) rejected, \(dataset.cases.count) cases, "
        + "\(events) events in \(String(format: "%.2f", seconds)) s = "
        + "\(Int(Double(dataset.counts.read) / seconds)) rows/s")
    #expect(dataset.counts.read == dataset.counts.used + dataset.counts.rejected)
  }
}
