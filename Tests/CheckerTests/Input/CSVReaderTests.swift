import Foundation
import Testing

@testable import Checker

@Suite struct CSVReaderTests {
  /// All records as (line, fields, flaw).
  func records(
    _ text: String, delimiter: UInt8 = UInt8(ascii: ","), limits: CSVReader.QuotedFieldLimits = .standard,
    expectedFieldCount: Int? = nil
  ) -> [(Int, [String], CSVReader.Flaw?)] {
    let bytes = Array(text.utf8)
    var result: [(Int, [String], CSVReader.Flaw?)] = []
    bytes.withUnsafeBufferPointer { buffer in
      CSVReader(bytes: buffer, delimiter: delimiter, limits: limits, expectedFieldCount: expectedFieldCount)
        .forEachRecord { record in
          result.append((record.line, (0..<record.count).map { record.string($0) }, record.flaw))
          return true
        }
    }
    return result
  }

  @Test func quotedFieldsDoubledQuotesAndEmbeddedNewlinesKeepStartLines() {
    let rows = records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line1\nline2\nline3\",z\nlast,row\n")
    #expect(rows.map(\.0) == [1, 2, 3, 6])
    #expect(rows[1].1 == ["x, y", "say \"hi\""])
    #expect(rows[2].1 == ["line1\nline2\nline3", "z"])
    #expect(rows[3].1 == ["last", "row"])
  }

  @Test func crlfAndBlankLinesAndEmptyFields() {
    let rows = records("a,b\r\n1,\r\n\r\n,2\r\n3,4")
    #expect(rows.map(\.0) == [1, 2, 4, 5])
    #expect(rows[1].1 == ["1", ""])
    #expect(rows[2].1 == ["", "2"])
    #expect(rows[3].1 == ["3", "4"])
  }

  @Test func trailingDelimiterAtEndOfInputIsAnEmptyField() {
    #expect(records("a,b\n1,").last?.1 == ["1", ""])
  }

  @Test func unterminatedQuoteIsItsFirstLineAloneAndReadingGoesOn() {
    let rows = records("a,b\n1,\"open\nstill open\n3,4")
    #expect(rows.map(\.0) == [1, 2, 3, 4])
    #expect(rows[1].1 == [])
    #expect(
      rows[1].2
        == CSVReader.Flaw(kind: .unterminated, field: 2, openLine: 2, lastLine: 4))
    #expect(rows[2].1 == ["still open"])
    #expect(rows[3].1 == ["3", "4"])
    #expect(
      rows[1].2?.reason(.standard) == "unterminated quoted field: no closing quote before the end of the file"
    )
  }

  @Test func quotedFieldsOverTheLimitsAreGivenUpOnAtTheLineTheyOpen() {
    let text = "a,b\n1,\"x\ny\nz\",2\n3,4\n"
    // Three lines are allowed by default, not by a limit of two.
    #expect(records(text).map(\.1) == [["a", "b"], ["1", "x\ny\nz", "2"], ["3", "4"]])
    let tight = records(text, limits: .init(maxLines: 2))
    #expect(tight.map(\.0) == [1, 2, 3, 4, 5])
    #expect(tight[1].2 == CSVReader.Flaw(kind: .tooManyLines, field: 2, openLine: 2, lastLine: 4))
    #expect(tight[4].1 == ["3", "4"])
    #expect(
      tight[1].2?.reason(.init(maxLines: 2))
        == "unterminated quoted field: no closing quote within 2 lines (max_field_lines)")
    let small = records("a,b\n1,\"0123456789\",2\n3,4\n", limits: .init(maxBytes: 5))
    #expect(small[1].2?.kind == .tooManyBytes)
    #expect(small.map(\.1).last == ["3", "4"])
    // Exactly at the limits is still a field.
    #expect(records("a\n\"01234\"\n", limits: .init(maxBytes: 5))[1].1 == ["01234"])
    #expect(records("a\n\"x\ny\"\n", limits: .init(maxLines: 2))[1].1 == ["x\ny"])
  }

  @Test func aMultiLineFieldMustEndAtItsClosingQuoteAndFitTheHeader() {
    // A stray quote on line 2 closes at the quote that opens line 3's field: text follows it.
    let stray = records("a,b,c\n1,\"stray,x\n2,\"note\",y\n3,z,w\n", expectedFieldCount: 3)
    #expect(stray.map(\.0) == [1, 2, 3, 4])
    #expect(stray[1].2 == CSVReader.Flaw(kind: .textAfterClosingQuote, field: 2, openLine: 2, lastLine: 3))
    #expect(stray[2].1 == ["2", "note", "y"])
    #expect(stray[3].1 == ["3", "z", "w"])
    // Closing before a delimiter but leaving the record too wide.
    let wide = records("a,b\n1,\"stray\n2,x\",y\n3,z\n", expectedFieldCount: 2)
    #expect(wide[1].2?.kind == .fieldCount(found: 3, expected: 2))
    #expect(
      wide[1].2?.reason(.standard)
        == "quoted field spans lines 2–3 and the record has 3 fields, expected 2 (a stray quote?)")
    #expect(wide.map(\.1).suffix(2) == [["2", "x\"", "y"], ["3", "z"]])
    // On one line, text after the closing quote is kept, as before.
    #expect(records("a,b\n\"x\"y,2\n", expectedFieldCount: 2)[1].1 == ["xy", "2"])
  }

  @Test func delimiterDetectionIgnoresQuotedText() {
    func detect(_ text: String) -> UInt8 {
      Array(text.utf8).withUnsafeBufferPointer { CSVReader.detectDelimiter($0) }
    }
    #expect(detect("a;b;c\n1,2;3;4") == UInt8(ascii: ";"))
    #expect(detect("a\tb\tc\n") == 0x09)
    #expect(detect("\"x,y,z\"|b|c\n") == UInt8(ascii: "|"))
    #expect(detect("single\n") == UInt8(ascii: ","))
  }

  @Test func wrongColumnCountDuplicateHeaderAndBOMThroughTheLoader() {
    let text =
      "\u{FEFF}case,activity,time,resource,Variant,Variant\nc1,a,2024-01-01 10:00,r,v1,v2\nc1,b,2024-01-01 11:00,r,v1\n"
    let path = InputTestSupport.write(text, name: "log.csv")
    let dataset = InputTestSupport.load([InputTestSupport.eventLog(path)])
    #expect(dataset.counts == ReadCounts(read: 2, used: 1, rejected: 1))
    #expect(
      dataset.rejections == [
        RowRejection(source: SourceLocation(file: 0, line: 3), reason: "expected 6 fields, found 5")
      ])
    #expect(dataset.cases.count == 1)
    let fields = dataset.cases[0].fields
    #expect(fields["case"] == .string("c1"))
    #expect(fields["Variant"] == .string("v1"))
    #expect(fields["Variant_2"] == .string("v2"))
    let warning = dataset.diagnostics.first { $0.severity == .warning }
    #expect(warning?.mark == SourceMarkFixture.at(1, 6))
    #expect(
      warning?.message == "duplicate column name 'Variant' in the header; column 6 is read as 'Variant_2'")
  }

  @Test func unterminatedQuoteRejectsOnlyThatRecord() {
    let path = InputTestSupport.write(
      "case,activity,time,resource\nc1,a,2024-01-01 10:00,r\nc2,\"b,2024-01-01 11:00,r\n", name: "u.csv")
    let dataset = InputTestSupport.load([InputTestSupport.eventLog(path)])
    #expect(dataset.counts == ReadCounts(read: 2, used: 1, rejected: 1))
    #expect(
      dataset.rejections.first?.reason
        == "unterminated quoted field: no closing quote before the end of the file")
    #expect(dataset.rejections.first?.source.line == 3)
  }
}

/// Batches split the same records as one-at-a-time reading, wherever a batch ends.
@Suite struct CSVReaderBatchTests {
  struct Split: Equatable {
    var line: Int
    var fields: [String]
    var unterminated: Bool
    var endOffset: Int
  }

  func batched(_ bytes: [UInt8], capacity: Int) -> [Split] {
    var result: [Split] = []
    bytes.withUnsafeBufferPointer { buffer in
      CSVReader(bytes: buffer, delimiter: UInt8(ascii: ",")).forEachBatch(capacity: capacity) { batch in
        #expect(batch.count > 0 && batch.count <= capacity)
        for r in 0..<batch.count {
          let fields = (0..<batch.fieldCount(r)).map { c in
            batch.withField(r, c) { String(decoding: $0, as: UTF8.self) }
          }
          result.append(
            Split(
              line: batch.line(r), fields: fields, unterminated: batch.flaw(r) != nil,
              endOffset: batch.endOffset(r)))
        }
        return true
      }
    }
    return result
  }

  @Test func everyCapacitySplitsAlike() {
    // A BOM kept in the first field (the reader gets bytes after the caller strips it or not),
    // CRLF, quoted fields with line breaks and doubled quotes, blank lines, short and long rows.
    let text =
      "\u{FEFF}id,name,n\r\n1,\"two\r\nlines\",3\r\n\r\n2,\"say \"\"hi\"\"\",4\n3,short\n"
      + "4,\"x\",5,extra\n\n5,\"a\nb\nc\",6\r\n6,last,\"open\nstill"
    let bytes = Array(text.utf8)
    let single = batched(bytes, capacity: 1)
    #expect(single.map(\.line) == [1, 2, 5, 6, 7, 9, 12, 13])
    #expect(single[1].fields == ["1", "two\r\nlines", "3"])
    #expect(single[2].fields == ["2", "say \"hi\"", "4"])
    #expect(single[3].fields == ["3", "short"])
    #expect(single[4].fields == ["4", "x", "5", "extra"])
    #expect(single[5].fields == ["5", "a\nb\nc", "6"])
    #expect(single[6].fields == [])
    #expect(single[7].fields == ["still"])
    #expect(single.map(\.unterminated) == [false, false, false, false, false, false, true, false])
    #expect(single[0].fields[0] == "\u{FEFF}id")
    #expect(single[7].endOffset == bytes.count)
    for capacity in [2, 3, 4, 5, 6, 7, 64] {
      #expect(batched(bytes, capacity: capacity) == single, "\(capacity)")
    }
    // forEachRecord is built on batches too.
    var records: [Split] = []
    bytes.withUnsafeBufferPointer { buffer in
      CSVReader(bytes: buffer, delimiter: UInt8(ascii: ",")).forEachRecord { record in
        records.append(
          Split(
            line: record.line, fields: (0..<record.count).map { record.string($0) },
            unterminated: record.flaw != nil, endOffset: record.endOffset))
        return true
      }
    }
    #expect(records == single)
  }

  @Test func stoppingEarlyStopsInsideABatch() {
    let bytes = Array("a\nb\nc\nd\ne\n".utf8)
    var seen: [Int] = []
    bytes.withUnsafeBufferPointer { buffer in
      CSVReader(bytes: buffer, delimiter: UInt8(ascii: ",")).forEachRecord { record in
        seen.append(record.line)
        return record.line < 3
      }
    }
    #expect(seen == [1, 2, 3])
  }
}

/// The split of a large file into parts: the 64-byte block scan must find the same points and
/// line numbers as reading every byte.
@Suite struct CSVSplitPointTests {
  /// `CSVReader.splitPoints` byte by byte (the definition the block scan must keep).
  func referenceSplitPoints(
    _ bytes: [UInt8], from: Int, parts: Int, firstLine: Int
  ) -> [(offset: Int, line: Int)] {
    var points: [(offset: Int, line: Int)] = []
    var position = from
    var line = firstLine
    var quotes = 0
    let to = bytes.count
    for k in 1..<max(1, parts) {
      let target = from + (to - from) * k / parts
      while position < to {
        let byte = bytes[position]
        position += 1
        if byte == 0x22 {
          quotes += 1
        } else if byte == 0x0A {
          line += 1
          if position > target && quotes % 2 == 0 { break }
        } else if byte == 0x0D && quotes % 2 == 0 && (position >= to || bytes[position] != 0x0A) {
          line += 1
          if position > target && quotes % 2 == 0 { break }
        }
      }
      guard position < to else { break }
      points.append((position, line))
    }
    return points
  }

  @Test func blockScanFindsTheSamePointsAsByteByByte() {
    var generator = SystemRandomNumberGenerator()
    // Quotes, lone CRs, CRLFs and quoted line breaks, near and across 64-byte block edges.
    let pieces = ["a", "bc", ",", "\n", "\r\n", "\r", "\"", "\"x\ny\"", "\"\"", "long-field-text-0123456789"]
    var compared = 0
    for round in 0..<300 {
      var text = ""
      let length = [10, 63, 64, 65, 128, 500, 3_000, 9_000][round % 8]
      while text.utf8.count < length { text += pieces[Int.random(in: 0..<pieces.count, using: &generator)] }
      if round % 3 == 0 { text = text.replacingOccurrences(of: "\r", with: "") }
      if round % 5 == 0 { text = text.replacingOccurrences(of: "\"", with: "") }
      let bytes = Array(text.utf8)
      for parts in [2, 3, 4, 7] {
        for from in [0, 1, min(5, bytes.count)] {
          let expected = referenceSplitPoints(bytes, from: from, parts: parts, firstLine: 2)
          let found = bytes.withUnsafeBufferPointer {
            CSVReader.splitPoints($0, from: from, to: $0.count, parts: parts, firstLine: 2)
          }
          #expect(found.map(\.offset) == expected.map(\.offset), "\(text.debugDescription) parts \(parts)")
          #expect(found.map(\.line) == expected.map(\.line), "\(text.debugDescription) parts \(parts)")
          compared += expected.count
        }
      }
    }
    #expect(compared > 1_000)
  }

  /// The scan tells of the windows it has read (a mapped file's pages are handed back by
  /// them): in order, none longer than asked, none past the last split, and the points are the
  /// same whatever the window.
  @Test func scanWindowsAreInOrderAndLeaveThePointsAlone() {
    let record = "T-1,received,2024-09-01 08:00,\"a, \"\"quoted\"\"\nline\"\n"
    let bytes = Array(String(repeating: record, count: 400).utf8)
    let whole = bytes.withUnsafeBufferPointer {
      CSVReader.splitPoints($0, from: 0, to: $0.count, parts: 3, firstLine: 2, window: 1 << 30)
    }
    #expect(whole.map(\.offset) == referenceSplitPoints(bytes, from: 0, parts: 3, firstLine: 2).map(\.offset))
    for window in [64, 100, 1_000, 7_777] {
      var windows: [(Int, Int)] = []
      let found = bytes.withUnsafeBufferPointer {
        CSVReader.splitPoints($0, from: 0, to: $0.count, parts: 3, firstLine: 2, window: window) {
          windows.append(($0, $1))
        }
      }
      #expect(found.map(\.offset) == whole.map(\.offset), "window \(window)")
      #expect(found.map(\.line) == whole.map(\.line), "window \(window)")
      #expect(
        windows.count >= bytes.count / 2 / max(64, window), "window \(window): \(windows.count) windows")
      #expect(windows.allSatisfy { $0.0 <= $0.1 && $0.1 - $0.0 <= max(64, window) })
      #expect(zip(windows, windows.dropFirst()).allSatisfy { $0.1 <= $1.0 })
      #expect((windows.last?.1 ?? 0) <= (whole.last?.offset ?? 0))
    }
  }

  @Test func blockCountStopsAtACarriageReturnAndCountsPastEveryFlush() {
    // 300 blocks (past the 63-block flush of the lane counters): each holds 3 line feeds and 2
    // quotes; block 250 also a carriage return, so the count stops there.
    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 300)
    for block in 0..<300 {
      for k in [0, 31, 63] { bytes[64 * block + k] = 0x0A }
      for k in [5, 47] { bytes[64 * block + k] = 0x22 }
    }
    bytes[64 * 250 + 20] = 0x0D
    let counted = bytes.withUnsafeBytes {
      CSVReader.countLineFeedsAndQuotes($0.baseAddress!, from: 64, to: $0.count)
    }
    #expect(counted.end == 64 * 250)
    #expect(counted.lineFeeds == 3 * 249)
    #expect(counted.quotes == 2 * 249)
    // A range that ends mid-block counts only the whole blocks before its end.
    let partial = bytes.withUnsafeBytes {
      CSVReader.countLineFeedsAndQuotes($0.baseAddress!, from: 0, to: 64 * 100 + 63)
    }
    #expect(partial.end == 64 * 100)
    #expect(partial.lineFeeds == 300)
    #expect(partial.quotes == 200)
  }
}
