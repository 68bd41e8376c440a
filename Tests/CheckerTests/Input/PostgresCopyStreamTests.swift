import Testing

@testable import Checker

/// The binary COPY stream parser: rows cut anywhere between runs read alike; a malformed stream
/// is an error, never a read past the bytes at hand.
@Suite struct PostgresCopyStreamTests {
  static func int16(_ value: Int16) -> [UInt8] {
    [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
  }
  static func int32(_ value: Int32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
  }

  static let header = PostgresCopyStream.signature + int32(0) + int32(0)

  /// A row of text cells (nil: NULL).
  static func row(_ cells: [String?]) -> [UInt8] {
    int16(Int16(cells.count))
      + cells.flatMap { cell in cell.map { int32(Int32($0.utf8.count)) + Array($0.utf8) } ?? int32(-1) }
  }

  static let trailer = int16(-1)

  /// Parses `runs` and returns each row's cells (nil: NULL), or the first problem.
  static func parse(_ runs: [[UInt8]], columns: Int, group: Int = 64) -> (
    rows: [[String?]], problem: String?, complete: Bool
  ) {
    var stream = PostgresCopyStream(columns: columns)
    var rows: [[String?]] = []
    for run in runs {
      let problem = stream.parse(run, group: group) { group in
        for r in 0..<group.count {
          rows.append(
            (0..<columns).map { c in
              group.isNull(r, c) ? nil : group.withField(r, c) { String(decoding: $0, as: UTF8.self) }
            })
        }
        return true
      }
      if let problem { return (rows, problem, false) }
    }
    return (rows, nil, stream.isComplete)
  }

  static let expected: [[String?]] = [
    ["T0001", "received", nil], ["T0002", "", "张三"], ["T0003", "closed", "x"],
  ]
  static var bytes: [UInt8] { header + expected.flatMap(row) + trailer }

  @Test func rowsReadAlikeWhereverTheRunsAreCut() {
    let whole = Self.parse([Self.bytes], columns: 3)
    #expect(whole.rows == Self.expected && whole.problem == nil && whole.complete)
    for cut in 1..<Self.bytes.count {
      let split = Self.parse([Array(Self.bytes[..<cut]), Array(Self.bytes[cut...])], columns: 3, group: 2)
      #expect(split.rows == Self.expected && split.problem == nil && split.complete, "cut at \(cut)")
    }
    // One byte a run.
    let bytewise = Self.parse(Self.bytes.map { [$0] }, columns: 3)
    #expect(bytewise.rows == Self.expected && bytewise.complete)
  }

  @Test func malformedStreamsAreProblems() {
    #expect(Self.parse([Array("PGCOPY\n\u{7f}\r\n\0xxxxxxxxxx".utf8)], columns: 3).problem != nil)
    #expect(
      Self.parse([Self.header + Self.row(["a", "b"]) + Self.trailer], columns: 3).problem
        == "a COPY row has 2 fields; the result has 3 columns")
    #expect(
      Self.parse([Self.header + Self.int16(1) + Self.int32(-7)], columns: 1).problem
        == "a COPY field has length -7")
    #expect(
      Self.parse([Self.header + Self.row(["a"]) + Self.trailer + [0]], columns: 1).problem
        == "the COPY data goes on after its end")
    // A length past the end of the data is a cut row: kept, and the stream is not complete.
    let cut = Self.parse([Self.header + Self.int16(1) + Self.int32(1_000_000) + [1, 2, 3]], columns: 1)
    #expect(cut.problem == nil && cut.rows.isEmpty && !cut.complete)
    // Without the trailer the stream is not complete.
    let open = Self.parse([Self.header + Self.row(["a"])], columns: 1)
    #expect(open.rows == [["a"]] && !open.complete)
  }

  @Test func stoppingAGroupStopsTheRun() {
    var stream = PostgresCopyStream(columns: 3)
    var seen = 0
    _ = stream.parse(Self.bytes, group: 1) { group in
      seen += group.count
      return false
    }
    #expect(seen == 1)
  }
}
