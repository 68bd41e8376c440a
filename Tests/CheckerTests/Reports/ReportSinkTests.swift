import Foundation
import PolicyRules
import Testing

@testable import Checker

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct ReportSinkTests {
  /// A fresh empty folder, removed by the caller.
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "report-sink-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func contents(of folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  /// 0, 1, …, 250, 0, 1, … — bytes whose position is visible in the output.
  static func pattern(_ count: Int, from start: Int = 0) -> [UInt8] {
    (start..<start + count).map { UInt8($0 % 251) }
  }

  @Test func memorySinkKeepsManySmallWritesAndLargeOnes() {
    var sink = ReportSink()
    var expected: [UInt8] = []
    for byte in ReportSinkTests.pattern(5000) {
      sink.write(byte: byte)
      expected.append(byte)
    }
    let large = ReportSinkTests.pattern(100_000, from: 7)
    large.withUnsafeBytes { sink.write($0) }
    expected += large
    sink.write("末尾")
    expected += Array("末尾".utf8)
    #expect(sink.bytes == expected)
    #expect(sink.byteCount == 105_006)
  }

  @Test func fileSinkFlushesAcrossBufferBoundaries() throws {
    let folder = try ReportSinkTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("report.json").path
    var expected: [UInt8] = []
    do {
      var sink = try ReportSink(path: path, capacity: 64)
      // Many small writes crossing the 64-byte buffer many times.
      for byte in ReportSinkTests.pattern(1000) {
        sink.write(byte: byte)
        expected.append(byte)
      }
      // A write that fills the rest of the buffer exactly, one larger than the buffer (written
      // directly), and one exactly as large.
      let rest = 64 - 1000 % 64
      for size in [rest, 200, 64, 3] {
        let chunk = ReportSinkTests.pattern(size, from: expected.count)
        chunk.withUnsafeBytes { sink.write($0) }
        expected += chunk
      }
      sink.write(integer: -9_876)
      expected += Array("-9876".utf8)
      try sink.finish()
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    #expect(try ReportSinkTests.contents(of: folder) == ["report.json"])
  }

  @Test func destinationAppearsOnlyOnFinish() throws {
    let folder = try ReportSinkTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("r.csv").path
    try Data("old report".utf8).write(to: URL(fileURLWithPath: path))
    var sink = try ReportSink(path: path, capacity: 16)
    sink.write("a line longer than sixteen bytes\n")
    sink.write("tail")
    // Flushed bytes sit in a hidden temporary file; the old report is untouched.
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "old report")
    let during = try ReportSinkTests.contents(of: folder)
    #expect(during.count == 2)
    #expect(during.contains { $0.hasPrefix(".r.csv.") && $0.hasSuffix(".tmp") })
    try sink.finish()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a line longer than sixteen bytes\ntail")
    #expect(try ReportSinkTests.contents(of: folder) == ["r.csv"])
    // A second finish changes nothing.
    try sink.finish()
    #expect(try ReportSinkTests.contents(of: folder) == ["r.csv"])
  }

  @Test func abandonedSinkRemovesItsTemporaryFile() throws {
    let folder = try ReportSinkTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("r.sarif").path
    do {
      var sink = try ReportSink(path: path, capacity: 16)
      sink.write("more than sixteen bytes, flushed to the temporary file")
      #expect(try ReportSinkTests.contents(of: folder).count == 1)
    }
    #expect(try ReportSinkTests.contents(of: folder) == [])
  }

  @Test func missingFolderFailsAtOpen() throws {
    let folder = try ReportSinkTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("no/such/folder/r.json").path
    #expect(throws: ReportWriteError(path: path, code: ENOENT)) { _ = try ReportSink(path: path) }
  }

  @Test func directoryInTheWayFailsAtFinishAndLeavesNoTemporaryFile() throws {
    let folder = try ReportSinkTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("taken").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    var sink = try ReportSink(path: path)
    sink.write("{}\n")
    #expect(throws: ReportWriteError(path: path, code: EISDIR)) { try sink.finish() }
    #expect(try ReportSinkTests.contents(of: folder) == ["taken"])
  }

  @Test func specialFilesAreWrittenInPlaceNotReplaced() throws {
    // A FIFO of its own stands for `/dev/null` and friends: renaming over one would replace it.
    let folder = try ReportSinkTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("pipe").path
    #expect(mkfifo(path, 0o600) == 0)
    // The read end is open first, so opening the write end does not block.
    let reader = open(path, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    var sink = try ReportSink(path: path, capacity: 16)
    sink.write("more than sixteen bytes go to the pipe")
    try sink.finish()
    var received = [UInt8](repeating: 0, count: 100)
    let n = read(reader, &received, received.count)
    #expect(
      String(decoding: received.prefix(max(n, 0)), as: UTF8.self) == "more than sixteen bytes go to the pipe")
    var status = stat()
    #expect(stat(path, &status) == 0)
    #expect(status.st_mode & S_IFMT == S_IFIFO)
    #expect(try ReportSinkTests.contents(of: folder) == ["pipe"])
  }

  @Test func endsWithNewlineJudgesAsStringHasSuffixDoes() {
    for text in ["", "a", "a\n", "a\r\n", "\n", "\r", "x\n\r\n", "x\r\n\n"] {
      var sink = ReportSink()
      // Byte by byte and in one piece must agree.
      for byte in text.utf8 { sink.write(byte: byte) }
      var whole = ReportSink()
      whole.write(text)
      #expect(sink.endsWithNewline == text.hasSuffix("\n"), "\(text.debugDescription)")
      #expect(whole.endsWithNewline == text.hasSuffix("\n"), "\(text.debugDescription)")
    }
  }

  @Test func writesIntegersAndSpaces() {
    var sink = ReportSink()
    for value in [0, 7, -7, 10, 1_000_000, Int.max, Int.min] {
      sink.write(integer: value)
      sink.write(byte: UInt8(ascii: ","))
    }
    sink.writeSpaces(70)
    sink.write(byte: UInt8(ascii: "|"))
    #expect(
      sink.text
        == "0,7,-7,10,1000000,9223372036854775807,-9223372036854775808," + String(repeating: " ", count: 70)
        + "|")
  }

  @Test(arguments: [
    "plain", "", "quote \" backslash \\ slash /", "tab\tcr\rlf\nbs\u{8}ff\u{C}", "\u{0}\u{1F}\u{7F}",
    "sep\u{2028}para\u{2029}end", "中文 ⚠ €", "\u{E2}\u{80}",
  ])
  func jsonStringsEscapeAsReportEscapingDoes(text: String) {
    var sink = ReportSink()
    sink.writeJSONString(text)
    #expect(sink.text == ReportEscaping.jsonString(text))
  }

  @Test func jsonEscapesAreFoundAtEveryPositionOfLongStrings() {
    // Eight bytes are scanned at a time: each special character is tried at every offset.
    for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{2028}", "\u{2029}", "…", "中", "\u{7F}", " "] {
      for position in 0..<20 {
        let text =
          String(repeating: "a", count: position) + special + String(repeating: "b", count: 19 - position)
        var sink = ReportSink()
        sink.writeJSONString(text)
        #expect(sink.text == ReportEscaping.jsonString(text), "\(special.debugDescription) at \(position)")
      }
    }
  }

  @Test func uriPathsKeepUnreservedRunsAndEncodeTheRest() {
    #expect(ReportEscaping.uriPath("data/helpdesk.csv") == "data/helpdesk.csv")
    #expect(ReportEscaping.uriPath("my data/工单 1.csv") == "my%20data/%E5%B7%A5%E5%8D%95%201.csv")
    #expect(ReportEscaping.uriPath("%#?") == "%25%23%3F")
    #expect(ReportEscaping.uriPath("") == "")
  }

  @Test func jsonNumbersPrintAsJSONValueDoes() {
    for value in [0, -0.0, 1, -3, 0.0025, 1e15, 1e16, 123.5, .infinity, .nan, -1e300] {
      var sink = ReportSink()
      sink.writeJSONNumber(value)
      #expect(sink.text == JSONValue.numberText(value), "\(value)")
    }
    var sink = ReportSink()
    sink.writeJSONNumber(2.5)
    sink.write(" ")
    sink.writeJSONNumber(50)
    #expect(sink.text == "2.5 50")
  }
}
