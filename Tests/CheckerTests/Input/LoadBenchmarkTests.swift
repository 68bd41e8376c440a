import Foundation
import Glibc
import Testing

@testable import Checker

/// Timing harness for `scripts/bench-load.sh`: runs only when `POLICY_CHECK_BENCH_FILE` names a file.
///
/// Reports CPU time of this thread as well as wall time, since the build machine is shared.
@Suite struct LoadBenchmarkTests {
  static var benchFile: String? { ProcessInfo.processInfo.environment["POLICY_CHECK_BENCH_FILE"] }

  func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  @Test(.enabled(if: benchFile != nil))
  func parseOnlyBenchmark() throws {
    let file = try MappedFile(path: try #require(Self.benchFile))
    let cpu = cpuSeconds()
    var rows = 0
    var bytes = 0
    CSVReader(bytes: file.bytes, delimiter: CSVReader.detectDelimiter(file.bytes)).forEachRecord { record in
      rows += 1
      for k in 0..<record.count { bytes += record.withField(k) { $0.count } }
      return true
    }
    let seconds = cpuSeconds() - cpu
    print(
      "bench-parse: \(rows) records (\(bytes) field bytes) in \(String(format: "%.2f", seconds)) s CPU = \(Int(Double(rows) / seconds)) rows/s"
    )
  }

  @Test(.enabled(if: benchFile != nil))
  func loadBenchmark() throws {
    let path = try #require(Self.benchFile)
    let start = Date()
    let cpu = cpuSeconds()
    let dataset = DatasetLoader.autodetect(files: [path])
    let cpuTime = cpuSeconds() - cpu
    let seconds = Date().timeIntervalSince(start)
    let events = dataset.cases.reduce(0) { $0 + $1.events.count }
    print(
      "bench-load: \(dataset.counts.read) rows, \(dataset.counts.rejected) rejected, \(dataset.cases.count) cases, "
        + "\(events) events in \(String(format: "%.2f", seconds)) s wall, \(String(format: "%.2f", cpuTime)) s CPU = "
        + "\(Int(Double(dataset.counts.read) / cpuTime)) rows/s (CPU)")
    #expect(dataset.counts.read == dataset.counts.used + dataset.counts.rejected)
  }
}
