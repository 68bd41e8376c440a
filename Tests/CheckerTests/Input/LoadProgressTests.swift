import Foundation
import Testing

@testable import Checker

/// The loading progress: readers count the bytes and rows they have read from their real
/// position, in steps, from any thread; the line shows bytes of the total and rows per second.
@Suite struct LoadProgressTests {
  static let zone = TimeZone(identifier: "Asia/Shanghai")!

  @Test func advancesFromManyThreadsAddUp() {
    let progress = LoadProgress()
    Parallel.run(8, workers: 4) { _ in
      for _ in 0..<10_000 { progress.advance(bytes: 3, rows: 1) }
    }
    #expect(progress.read == (bytes: 240_000, rows: 80_000))
  }

  @Test func aCursorAdvancesInStepsAndReportsTheRestWhenItFinishes() {
    let progress = LoadProgress()
    var cursor = LoadProgressCursor(progress)
    cursor.moved(to: LoadProgress.step - 1)
    #expect(progress.read == (bytes: 0, rows: 0))
    cursor.moved(to: LoadProgress.step + 10)
    #expect(progress.read == (bytes: LoadProgress.step + 10, rows: 2))
    cursor.moved(to: LoadProgress.step + 20, rows: 5)
    cursor.finish(at: LoadProgress.step + 30)
    #expect(progress.read == (bytes: LoadProgress.step + 30, rows: 7))
    // A cursor without a progress counts nothing and costs nothing.
    var none = LoadProgressCursor(nil)
    none.moved(to: 1 << 30)
    none.finish(at: 1 << 30)
  }

  /// A CSV file read in parts on several threads counts each byte and row once.
  @Test(arguments: [1, 3])
  func csvPartsCountTheWholeFile(parts: Int) throws {
    var text = "case,activity,time,resource\n"
    for k in 0..<40_000 {
      text += "C\(k % 5000),step\(k % 7),2024-09-\(10 + k % 9) 10:\(10 + k % 50),r\(k % 3)\n"
    }
    let path = InputTestSupport.write(text, name: "progress.csv")
    let progress = LoadProgress()
    let outputs = SourceReader.read(
      DatasetLoader.withFormatDefaults(InputTestSupport.eventLog(path)), fileIndex: 0, timeZone: Self.zone,
      encodingOverride: nil, errorBudget: nil, parts: parts, minimumPartSize: 64 << 10, progress: progress)
    #expect(outputs.count == parts)
    #expect(progress.read == (bytes: text.utf8.count, rows: 40_000))
  }

  @Test func jsonLinesCountEveryLine() {
    var text = ""
    for k in 0..<20_000 {
      text += "{\"case\": \"C\(k % 900)\", \"activity\": \"a\(k % 4)\", \"time\": \"2024-09-12 10:00\"}\n"
    }
    let path = InputTestSupport.write(text, name: "progress.jsonl")
    var source = InputTestSupport.eventLog(path)
    source.format = .jsonl
    let progress = LoadProgress()
    _ = SourceReader.read(
      DatasetLoader.withFormatDefaults(source), fileIndex: 0, timeZone: Self.zone, encodingOverride: nil,
      errorBudget: nil, progress: progress)
    #expect(progress.read.bytes == text.utf8.count)
    #expect(progress.read.rows == 20_000)
  }

  @Test func xesCountsTheDocumentAndItsEvents() {
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xes.version=\"1.0\">\n"
    for t in 0..<3000 {
      text += "  <trace>\n    <string key=\"concept:name\" value=\"T-\(t)\"/>\n"
      for e in 0..<3 {
        text += "    <event>\n      <string key=\"concept:name\" value=\"step\(e)\"/>\n"
        text +=
          "      <date key=\"time:timestamp\" value=\"2024-09-12T0\(e):00:00.000+08:00\"/>\n    </event>\n"
      }
      text += "  </trace>\n"
    }
    text += "</log>\n"
    let progress = LoadProgress()
    guard case .success(let log) = XESReader.read(Data(text.utf8), progress: progress) else {
      Issue.record("the log did not parse")
      return
    }
    #expect(log.traces.count == 3000)
    #expect(progress.read == (bytes: text.utf8.count, rows: 9000))
  }

  @Test func theLineShowsBytesOfTheTotalAndRowsPerSecond() {
    #expect(
      ProgressText.loading(
        "2 files", read: (bytes: 45 << 20, rows: 600_000), totalBytes: 133 << 20, seconds: 1.5)
        == "loading 2 files: 45.0 MB of 133 MB (33%) · 400,000 rows/s · 1.50 s")
    // Every byte read (or more: a decoded or re-read file may count more than its size): the
    // cases are being assembled.
    #expect(
      ProgressText.loading("1 file", read: (bytes: 900 << 10, rows: 10), totalBytes: 800 << 10, seconds: 0)
        == "loading 1 file: 800 KB read, 10 rows; assembling cases · 0.00 s")
    #expect(
      ProgressText.loading(
        "2 files", read: (bytes: 133 << 20, rows: 1_330_449), totalBytes: 133 << 20, seconds: 2.8)
        == "loading 2 files: 133 MB read, 1,330,449 rows; assembling cases · 2.80 s")
    // Database sources have no size: rows only.
    #expect(
      ProgressText.loading("1 file", read: (bytes: 0, rows: 12_345), totalBytes: 0, seconds: 2)
        == "loading 1 file: 12,345 rows · 6,172 rows/s · 2.00 s")
    #expect(ProgressText.bytes(5 << 20 + 512 << 10) == "5.5 MB")
    #expect(ProgressText.count(1_234_567) == "1,234,567")
  }
}
