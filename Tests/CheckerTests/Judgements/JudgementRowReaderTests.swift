import PolicyRules
import Testing

@testable import Checker

/// The evidence items of a judgement row, as the compiled SQL writes them.
@Suite struct JudgementRowReaderTests {
  @Test("an evidence item: label, time, file and line, then the resource with its ; restored")
  func evidenceItem() throws {
    let item = try #require(JudgementRowReader.evidence("a@b@1726716600000 data/x y.csv:12\u{1F}王;\u{1E}c"))
    #expect(item.label == "a@b")
    #expect(item.time == Timestamp(milliseconds: 1_726_716_600_000))
    #expect(item.file == "data/x y.csv")
    #expect(item.line == 12)
    #expect(item.resource == "王;;c")
    let record = try #require(JudgementRowReader.evidence("repair_order@ Fixtures/r.jsonl:3"))
    #expect(record.time == nil && record.resource == nil && record.line == 3)
    #expect(JudgementRowReader.evidence("registered 12:30") == nil)
    #expect(JudgementRowReader.evidence("x@12 file") == nil)
  }

  @Test("CSV records: quotes, doubled quotes, line breaks in a value, an empty value is null")
  func csvRecords() throws {
    let records = try JudgementLineParser.csvRecords(
      Array("a,b,c\r\n\"x,\"\"y\"\"\",,\"p\nq\"\nz,\"\",w\n".utf8))
    #expect(records.count == 3)
    #expect(records[1].line == 2 && records[2].line == 4)
    #expect(records[1].cells.map(\.text) == ["x,\"y\"", nil, "p\nq"])
    #expect(records[2].cells.map(\.text) == ["z", "", "w"])
  }
}
