import Foundation
import PolicyRules
import Testing

@testable import Checker

@Suite struct DatasetLoaderTests {
  let shanghai = TimeZone(identifier: "Asia/Shanghai")!

  func instant(_ text: String) -> Timestamp {
    var parser = TimestampParser(format: .auto, timeZone: shanghai)
    return parser.parse(text)!
  }

  /// The fixture description, built by hand (as `DatasetDescription.load` would build it).
  var repairDescription: DatasetDescription {
    let orders = SourceDescription(
      file: "repair_orders.csv", resolvedPath: InputTestSupport.fixture("repair_orders.csv"),
      recordType: "repair_order",
      kind: .records, format: .csv, caseId: ColumnReference("工单号"),
      renames: [
        (ColumnReference("工单号"), "order_id"), (ColumnReference("受理时间"), "received_at"),
        (ColumnReference("到场时间"), "arrived_at"), (ColumnReference("金额"), "amount"),
      ],
      timestamps: [
        (ColumnReference("received_at"), .pattern("%Y-%m-%d %H:%M")), (ColumnReference("arrived_at"), .auto),
      ],
      events: [
        (ColumnReference("received_at"), "call_received"), (ColumnReference("arrived_at"), "arrived"),
      ],
      numbers: [ColumnReference("amount")])
    let callbacks = SourceDescription(
      file: "callbacks.jsonl", resolvedPath: InputTestSupport.fixture("callbacks.jsonl"),
      recordType: "repair_order",
      kind: .events, format: .jsonl, caseId: ColumnReference("order_id"), activity: ColumnReference("type"),
      time: ColumnReference("at"), resource: ColumnReference("staff"))
    return DatasetDescription(sources: [orders, callbacks])
  }

  @Test func recordsJoinEventsByCaseId() {
    let dataset = DatasetLoader.load(repairDescription)
    #expect(InputTestSupport.expectInvariant(dataset))
    #expect(
      dataset.fileCounts == [
        ReadCounts(read: 3, used: 2, rejected: 1), ReadCounts(read: 4, used: 3, rejected: 1),
      ])
    #expect(
      dataset.rejections.map(\.reason) == [
        "bad timestamp '2024-13-01 10:00' in column 受理时间",
        "invalid JSON: expected ',' or '}' at column 67",
      ])
    #expect(
      dataset.rejections.map(\.source) == [
        SourceLocation(file: 0, line: 4), SourceLocation(file: 1, line: 4),
      ])
    // Natural order: R-2 < R-10 < R-99.
    #expect(dataset.cases.map(\.id) == ["R-2", "R-10", "R-99"])
    let r2 = dataset.cases[0]
    #expect(r2.recordType == "repair_order")
    #expect(r2.events.map(\.activity) == ["call_received", "closed", "callback"])
    #expect(
      r2.events.map(\.time) == [
        instant("2024-09-12 10:00"), instant("2024-09-12 11:00"), instant("2024-09-13 10:00"),
      ])
    #expect(r2.events[1].resource == "李四")
    #expect(r2.events[1].attributes["extra"] == .string("{\"a\": [1, 2]}"))
    #expect(r2.fields["order_id"] == .string("R-2"))
    #expect(r2.fields["amount"] == .number(80))
    #expect(r2.fields["arrived_at"] == .null)
    // Filled from the latest event that has it.
    #expect(r2.fields["score"] == .number(5))
    #expect(r2.fields["staff"] == .string("王五"))
    #expect(r2.source == SourceLocation(file: 0, line: 3))
    let r10 = dataset.cases[1]
    #expect(r10.events.map(\.activity) == ["call_received", "arrived"])
    #expect(r10.fields["amount"] == .number(120.5))
    #expect(r10.fields["received_at"] == .timestamp(instant("2024-09-12 08:00")))
    // An event whose case id matches no record still makes a case.
    let r99 = dataset.cases[2]
    #expect(r99.events.count == 1)
    #expect(r99.fields["amount"] == .null)
    #expect(r99.source == SourceLocation(file: 1, line: 3))
  }

  @Test func xesTracesBecomeCases() {
    let path = InputTestSupport.fixture("small.xes")
    let dataset = DatasetLoader.autodetect(files: [path])
    #expect(dataset.counts == ReadCounts(read: 2, used: 2, rejected: 0))
    #expect(dataset.cases.count == 1)
    let trace = dataset.cases[0]
    #expect(trace.id == "T-1")
    #expect(trace.events.map(\.activity) == ["register", "resolve"])
    #expect(trace.events[0].time == instant("2024-09-12 08:00"))
    #expect(trace.events[0].resource == "alice")
    #expect(trace.events[0].source.line == 7)
    #expect(trace.events[0].attributes["cost"] == .number(12))
    #expect(trace.events[1].attributes["urgent"] == .bool(true))
    #expect(trace.fields["case:channel"] == .string("phone"))
    #expect(trace.fields["cost"] == .number(12))
  }

  @Test func jsonLinesErrorsNameTheLineAndColumn() {
    let text =
      "{\"case\": \"a\", \"activity\": \"x\", \"time\": \"2024-01-01 10:00\"}\n\n{\"case\": \"a\", \"activity\": 1e, \"time\": 0}\n[1]\n"
    let path = InputTestSupport.write(text, name: "log.jsonl")
    let dataset = DatasetLoader.autodetect(files: [path])
    #expect(dataset.counts == ReadCounts(read: 3, used: 1, rejected: 2))
    #expect(
      dataset.rejections == [
        RowRejection(
          source: SourceLocation(file: 0, line: 3), column: 29,
          reason: "invalid JSON: expected digits in exponent at column 29"),
        RowRejection(
          source: SourceLocation(file: 0, line: 4), column: 1,
          reason: "invalid JSON: expected an object at column 1"),
      ])
  }

  @Test func rowProblemsAreCountedWithReasons() {
    let text = """
      case,activity,time,resource
      c1,a,2024-01-01 10:00,r
      ,a,2024-01-01 10:00,r
      c1,,2024-01-01 10:00,r
      c1,b,,r
      c1,b,2024-02-30 10:00,r
      """
    let path = InputTestSupport.write(text, name: "rows.csv")
    let dataset = InputTestSupport.load([InputTestSupport.eventLog(path)])
    #expect(InputTestSupport.expectInvariant(dataset))
    #expect(dataset.counts == ReadCounts(read: 5, used: 1, rejected: 4))
    #expect(
      dataset.rejections.map(\.reason) == [
        "missing case id in column case", "missing activity in column activity",
        "missing timestamp in column time",
        "bad timestamp '2024-02-30 10:00' in column time",
      ])
    #expect(dataset.rejections.map(\.column) == [1, 2, 3, 3])
  }

  @Test func maxErrorsStopsEarlyAndKeepsTheInvariant() {
    var lines = ["case,activity,time,resource"]
    for k in 1...10 { lines.append(k % 2 == 0 ? "c\(k),a,not a time,r" : "c\(k),a,2024-01-01 10:00,r") }
    let path = InputTestSupport.write(lines.joined(separator: "\n"), name: "many.csv")
    let second = InputTestSupport.write(
      "case,activity,time,resource\nz,a,2024-01-01 10:00,r\n", name: "second.csv")
    let dataset = InputTestSupport.load(
      [InputTestSupport.eventLog(path), InputTestSupport.eventLog(second)],
      options: DatasetLoadOptions(maxErrors: 3))
    #expect(dataset.stoppedEarly)
    #expect(dataset.counts == ReadCounts(read: 6, used: 3, rejected: 3))
    #expect(dataset.fileCounts == [ReadCounts(read: 6, used: 3, rejected: 3), ReadCounts()])
    #expect(dataset.cases.map(\.id) == ["c1", "c3", "c5"])
    #expect(InputTestSupport.expectInvariant(dataset))
  }

  @Test func unreadableFileIsAFileErrorAndOthersStillLoad() {
    let good = InputTestSupport.write(
      "case,activity,time,resource\nz,a,2024-01-01 10:00,r\n", name: "good.csv")
    let dataset = InputTestSupport.load([
      InputTestSupport.eventLog("/nonexistent/x.csv"), InputTestSupport.eventLog(good),
    ])
    #expect(dataset.hasFileErrors)
    #expect(
      dataset.diagnostics.first?.description
        == "/nonexistent/x.csv: error: cannot open input file: no such file or directory")
    #expect(dataset.cases.map(\.id) == ["z"])
    #expect(dataset.fileCounts == [ReadCounts(), ReadCounts(read: 1, used: 1, rejected: 0)])
  }

  @Test func unknownColumnInDescriptionPointsAtTheDescription() {
    var source = InputTestSupport.eventLog(
      InputTestSupport.write("case,activity,time\nz,a,2024-01-01 10:00\n", name: "x.csv"))
    source.resource = ColumnReference("resouce", mark: SourceMark(line: 7, column: 15))
    source.descriptionPath = "d.yaml"
    let dataset = InputTestSupport.load([source])
    #expect(
      dataset.diagnostics.map(\.description) == [
        "d.yaml:7:15: error: column 'resouce' not found in the header of \(source.file)"
      ])
    #expect(dataset.cases.isEmpty)
  }

  @Test func outputIsTheSameInParallelAndSequentially() {
    let a = DatasetLoader.load(repairDescription, options: DatasetLoadOptions(parallel: true))
    let b = DatasetLoader.load(repairDescription, options: DatasetLoadOptions(parallel: false))
    #expect(a.cases.map(\.id) == b.cases.map(\.id))
    #expect(a.cases.map { $0.events.map(\.source) } == b.cases.map { $0.events.map(\.source) })
    #expect(a.rejections == b.rejections)
  }

  @Test func numberedIdsSortLikeTheGeneralOrder() {
    let numbered = ["T10", "T0009", "T9", "T00010", "T1", "T010", "T2", "T20", "T0"]
    let mixed = numbered + ["T1a", "S5", "T"]
    for ids in [numbered, mixed, ["7", "07", "10", "1"], ["A", "A1"]] {
      let general = ids.indices.sorted { NaturalOrder.less(ids[$0], ids[$1]) }
      #expect(NaturalOrder.sortedIndices(ids).map { ids[$0] } == general.map { ids[$0] }, "\(ids)")
    }
    #expect(NaturalOrder.numberedKeys(numbered) != nil)
    #expect(NaturalOrder.numberedKeys(mixed) == nil)
    #expect(
      NaturalOrder.sortedIndices(numbered).map { numbered[$0] } == [
        "T0", "T1", "T2", "T9", "T0009", "T10", "T010", "T00010", "T20",
      ])
  }

  @Test func naturalOrderOfCaseIds() {
    let ids = ["Case 10", "Case 2", "Case 1", "case 3", "Case 02", "A"]
    #expect(ids.sorted(by: NaturalOrder.less) == ["A", "Case 1", "Case 2", "Case 02", "Case 10", "case 3"])
  }

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: InputTestSupport.helpdeskPath),
      "shared/data/helpdesk.csv is absent"))
  func helpdeskLoadsWithoutFlags() throws {
    let path = InputTestSupport.helpdeskPath
    let dataset = DatasetLoader.autodetect(files: [path])
    #expect(dataset.counts == ReadCounts(read: 21_348, used: 21_348, rejected: 0))
    #expect(InputTestSupport.expectInvariant(dataset))
    #expect(dataset.cases.count == 4_580)
    #expect(dataset.cases.first?.id == "Case 1")
    #expect(dataset.cases.first?.events.first?.activity == "Assign seriousness")
    #expect(dataset.cases.first?.events.first?.time == instant("2012/10/09 14:50:17.000"))
    #expect(dataset.cases.first?.fields["Variant_2"] == .string("Variant 12"))
    #expect(dataset.diagnostics.map(\.severity) == [.warning])
  }

  @Test func recordFieldsAreTypedAsDeclared() {
    let text = "id|urgent|units|note\nA|是|3|\nB|否|2.5|x\nC|maybe|1|\nD|true|lots|\n"
    let path = InputTestSupport.write(text, name: "orders.txt")
    let source = SourceDescription(
      file: path, resolvedPath: path, recordType: "order", kind: .records, format: .csv,
      caseId: ColumnReference("id"), numbers: [ColumnReference("units")],
      booleans: [ColumnReference("urgent")])
    let dataset = InputTestSupport.load([source])
    #expect(dataset.counts == ReadCounts(read: 4, used: 2, rejected: 2))
    #expect(
      dataset.rejections.map(\.reason) == [
        "bad boolean 'maybe' in column urgent", "bad number 'lots' in column units",
      ])
    #expect(dataset.rejections.map(\.column) == [2, 3])
    #expect(dataset.cases.map(\.id) == ["A", "B"])
    #expect(dataset.cases[0].fields["urgent"] == .bool(true))
    #expect(dataset.cases[0].fields["units"] == .number(3))
    #expect(dataset.cases[0].fields["note"] == .null)
    #expect(dataset.cases[1].fields["urgent"] == .bool(false))
    #expect(dataset.cases[1].fields["note"] == .string("x"))
    #expect(dataset.cases[0].events.isEmpty)
  }
}
