import Testing

@testable import Checker

@Suite struct CSVReaderTests {
  /// All records as (line, fields, unterminated).
  func records(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) -> [(Int, [String], Bool)] {
    let bytes = Array(text.utf8)
    var result: [(Int, [String], Bool)] = []
    bytes.withUnsafeBufferPointer { buffer in
      CSVReader(bytes: buffer, delimiter: delimiter).forEachRecord { record in
        result.append((record.line, (0..<record.count).map { record.string($0) }, record.isUnterminated))
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

  @Test func unterminatedQuoteAtEndIsFlagged() {
    let rows = records("a,b\n1,\"open\nstill open")
    #expect(rows.count == 2)
    #expect(rows[1].0 == 2)
    #expect(rows[1].2)
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
    #expect(dataset.rejections.first?.reason == "unterminated quoted field")
    #expect(dataset.rejections.first?.source.line == 3)
  }
}
