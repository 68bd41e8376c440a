import Foundation
import PolicyRules
import Testing

@testable import Checker

/// The column store: rows in and out, attributes kept only where an event differs from its case,
/// and large CSV files read in parts giving the same dataset as one pass.
struct CaseTableTests {
  let t0 = Timestamp(milliseconds: 1_725_000_000_000)

  func row(_ names: [String], _ values: [Value]) -> FieldRow {
    FieldRow(schema: FieldSchema(names: names), values: values)
  }

  /// The source loaded on one thread, loaded split into `parts`, and its outputs when split.
  func readWholeAndInParts(_ source: SourceDescription, parts: Int, partSize: Int) -> (
    whole: Dataset, parts: Dataset, pieces: [SourceOutput]
  ) {
    let whole = InputTestSupport.load([source], options: DatasetLoadOptions(threads: 1))
    var options = DatasetLoadOptions(threads: parts)
    options.minimumPartSize = partSize
    let split = InputTestSupport.load([source], options: options)
    let pieces = SourceReader.read(
      source, fileIndex: 0, timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .current,
      encodingOverride: nil,
      errorBudget: nil, parts: parts, minimumPartSize: partSize)
    return (whole, split, pieces)
  }

  @Test func eventsKeepOnlyAttributesThatDifferFromTheirCase() {
    let events = [
      Event(
        activity: "received", time: t0, resource: "portal",
        attributes: row(["team", "role"], [.string("A"), .string("dispatch")]),
        source: SourceLocation(file: 0, line: 2)),
      Event(
        activity: "approved", time: t0 + 60_000, resource: nil,
        attributes: row(["team", "role"], [.string("A"), .string("manager")]),
        source: SourceLocation(file: 0, line: 3)),
      Event(
        activity: "closed", time: t0 + 120_000, resource: "王",
        attributes: row(["team", "amount"], [.null, .number(12.5)]),
        source: SourceLocation(file: 1, line: 9)),
    ]
    let item = Case(
      id: "T1", recordType: "ticket", fields: row(["team", "role"], [.string("A"), .string("dispatch")]),
      events: events, source: SourceLocation(file: 0, line: 2))
    let other = Case(
      id: "W1", recordType: "work_log", fields: row(["employee"], [.string("E")]), events: [],
      source: SourceLocation(file: 2, line: 5))
    let table = CaseTable(cases: [item, other])
    // Differences: role=manager on the 2nd event; team=null and amount=12.5 on the 3rd.
    #expect(table.columns.attributeSlots.count == 3)
    #expect(table.schemas[0].names == ["team", "role", "amount"])
    #expect(table.field(0, "amount") == .null)
    #expect(table.eventAttribute(1, of: 0, "role") == .string("manager"))
    #expect(table.eventAttribute(0, of: 0, "role") == nil)

    let back = table.rows
    #expect(back.map(\.id) == ["T1", "W1"])
    #expect(back.map(\.recordType) == ["ticket", "work_log"])
    #expect(back[1].source == SourceLocation(file: 2, line: 5))
    for (k, event) in back[0].events.enumerated() {
      #expect(event.activity == events[k].activity)
      #expect(event.time == events[k].time)
      #expect(event.resource == events[k].resource)
      #expect(event.source == events[k].source)
      for name in events[k].attributes.schema.names {
        #expect(event.attributes[name] == events[k].attributes[name], "event \(k) \(name)")
      }
    }
  }

  @Test func eventScopeReadsTheEventsOwnValueThenTheCase() {
    let events = [
      Event(
        activity: "approved", time: t0, resource: "m1", attributes: row(["role"], [.string("manager")]),
        source: SourceLocation(file: 0, line: 2)),
      Event(
        activity: "approved", time: t0 + 1, resource: nil, attributes: row(["role"], [.null]),
        source: SourceLocation(file: 0, line: 3)),
    ]
    let table = CaseTable(cases: [
      Case(
        id: "T1", recordType: "case", fields: row(["role", "team"], [.string("agent"), .string("B")]),
        events: events, source: SourceLocation(file: 0, line: 2))
    ])
    let view = CaseView(CaseLookups(table, timeZoneIdentifier: "Asia/Shanghai"), 0, asOf: t0 + 10)
    let first = EventScope(event: view.events[view.events.startIndex], owner: view)
    let second = EventScope(event: view.events[view.events.startIndex + 1], owner: view)
    #expect(first.field("role") == .string("manager"))
    #expect(first.field("resource") == .string("m1"))
    #expect(first.field("team") == .string("B"))
    // An empty own value falls back to the case's field, as before the column store.
    #expect(second.field("role") == .string("agent"))
    #expect(view.eventTimes("approved").count == 2)
    #expect(view.eventTimes("missing").isEmpty)
  }

  @Test func splitPointsFallOnRecordBoundariesOutsideQuotes() {
    let text = "a,b\n1,\"x\ny\"\n2,z\r\n3,w\n4,v\n"
    let bytes = Array(text.utf8)
    bytes.withUnsafeBufferPointer { buffer in
      // Header ends at offset 4 (line 2 starts there). The quoted newline at offset 8 is skipped.
      let points = CSVReader.splitPoints(buffer, from: 4, to: buffer.count, parts: 4, firstLine: 2)
      for point in points {
        #expect(point.offset > 4 && point.offset < buffer.count)
        // Every part starts right after a line break.
        #expect(buffer[point.offset - 1] == UInt8(ascii: "\n"))
        #expect(point.offset != 9, "offset 9 is inside the quoted field")
      }
      // Lines: "1,\"x\ny\"" spans lines 2–3, "2,z" is line 4, "3,w" line 5, "4,v" line 6.
      let expectedLine = [12: 4, 17: 5, 21: 6]
      for point in points { #expect(expectedLine[point.offset] == point.line, "\(point)") }
      #expect(!points.isEmpty)
    }
  }

  /// A CSV whose cases straddle part boundaries, with a quoted line break, CRLF endings and
  /// broken rows, read in one pass and in many small parts.
  @Test func readingInPartsGivesTheSameDataset() throws {
    var lines = ["case,activity,time,resource,team,note"]
    for k in 0..<400 {
      let c = k % 37
      let minute = k % 60
      let team = k < 200 ? "early" : (k % 3 == 0 ? "" : "late")
      let note = k == 123 ? "\"two\nlines, quoted\"" : (k % 5 == 0 ? "n\(k)" : "")
      lines.append(
        "C\(c),step\(k % 4),2024-09-\(10 + k / 60) 10:\(minute < 10 ? "0" : "")\(minute),r\(k % 7),\(team),\(note)"
      )
    }
    lines.insert("C1,step1,not a time,r1,early,", at: 50)
    lines.insert("C2,step1", at: 300)
    let path = InputTestSupport.write(lines.joined(separator: "\r\n") + "\r\n", name: "parts.csv")
    let source = InputTestSupport.eventLog(path)
    let (whole, parts, pieces) = readWholeAndInParts(source, parts: 5, partSize: 256)
    #expect(pieces.count == 5, "the file is really read in parts")
    // Ranges of cases assembled on several threads give the same table.
    var first = pieces
    var second = pieces
    let oneChunk = CaseAssembler.assemble(&first, workers: 1).rows
    let chunked = CaseAssembler.assemble(&second, workers: 4, minimumChunk: 5).rows
    #expect(oneChunk.map(\.id) == chunked.map(\.id))
    #expect(oneChunk.map { $0.fields.values } == chunked.map { $0.fields.values })
    #expect(oneChunk.map { $0.events.map(\.source) } == chunked.map { $0.events.map(\.source) })
    #expect(
      oneChunk.map { $0.events.map { $0.attributes.values } }
        == chunked.map { $0.events.map { $0.attributes.values } })

    #expect(whole.counts == ReadCounts(read: 402, used: 400, rejected: 2))
    #expect(parts.counts == whole.counts)
    #expect(parts.fileCounts == whole.fileCounts)
    #expect(parts.rejections == whole.rejections)
    #expect(whole.rejections.map(\.source.line) == [51, 302])
    let a = whole.cases
    let b = parts.cases
    #expect(a.map(\.id) == b.map(\.id))
    #expect(a.count == 37)
    for (x, y) in zip(a, b) {
      #expect(x.source == y.source)
      #expect(x.fields.schema.names == y.fields.schema.names)
      #expect(x.fields.values == y.fields.values, "fields of \(x.id)")
      #expect(x.events.map(\.source) == y.events.map(\.source))
      #expect(x.events.map(\.activity) == y.events.map(\.activity))
      #expect(x.events.map { $0.attributes.values } == y.events.map { $0.attributes.values })
    }
    // C12's latest event with a team is in the second half: the case's team is "late".
    let c12 = try #require(b.first { $0.id == "C12" })
    #expect(c12.fields["team"] == .string("late"))
    // Row k = 123 (case C12) holds the quoted line break; later rows keep exact line numbers.
    #expect(c12.events.contains { $0.attributes["note"] == .string("two\nlines, quoted") })
  }

  /// Small files are read on a thread of their own while a large one is split among the
  /// workers, then by every worker: the dataset is the one a single thread reads, whatever the
  /// thread count (cases joined across files, rejections and diagnostics in file order).
  @Test func smallFilesReadBesideALargeOneGiveTheOneThreadDataset() throws {
    var large = ["case,activity,time,resource"]
    for k in 0..<300 {
      let minute = k % 60
      large.append(
        "C\(k % 23),a\(k % 3),2024-09-\(10 + k / 60) 09:\(minute < 10 ? "0" : "")\(minute),r\(k % 4)")
    }
    large.insert("C1,a1,not a time,r1", at: 120)
    var sources = [
      InputTestSupport.eventLog(
        InputTestSupport.write(large.joined(separator: "\n") + "\n", name: "large.csv"))
    ]
    for f in 0..<5 {
      var lines = ["case,activity,time,resource"]
      for k in 0..<(3 + f) { lines.append("C\((k * 5 + f) % 29),s\(f),2024-09-12 1\(f):0\(k),") }
      if f == 2 { lines.append("C3,s2") }
      sources.append(
        InputTestSupport.eventLog(
          InputTestSupport.write(lines.joined(separator: "\n") + "\n", name: "small\(f).csv")))
    }
    sources.append(InputTestSupport.eventLog("/nonexistent/missing.csv"))
    let one = InputTestSupport.load(sources, options: DatasetLoadOptions(parallel: false, threads: 1))
    #expect(one.counts == ReadCounts(read: 301 + 25 + 1, used: 300 + 25, rejected: 2))
    #expect(
      one.rejections.map(\.source) == [SourceLocation(file: 0, line: 121), SourceLocation(file: 3, line: 7)])
    // C0-C22 from the large file, and C23, C24 and C28 from the small ones alone.
    #expect(one.caseCount == 26)
    for threads in [2, 3] {
      var options = DatasetLoadOptions(threads: threads)
      options.minimumPartSize = 512
      let many = InputTestSupport.load(sources, options: options)
      #expect(many.counts == one.counts)
      #expect(many.fileCounts == one.fileCounts)
      #expect(many.rejections == one.rejections)
      #expect(many.diagnostics.map(\.message) == one.diagnostics.map(\.message))
      #expect(many.cases.map(\.id) == one.cases.map(\.id))
      #expect(many.cases.map { $0.events.map(\.source) } == one.cases.map { $0.events.map(\.source) })
      #expect(many.cases.map { $0.events.map(\.activity) } == one.cases.map { $0.events.map(\.activity) })
    }
  }

  /// Splitting counts quotes, so a stray quote inside an unquoted field (`n"x`) can make a split
  /// land inside a later quoted field; the part before then ends inside quotes and the file is
  /// read again in one piece. A header spanning two lines keeps line numbers exact.
  @Test func aSplitInsideQuotesFallsBackToOnePass() {
    var lines = ["case,activity,time,resource,\"note\nheader\""]
    for k in 0..<200 {
      let note = k == 5 ? "stray\"quote" : (k % 2 == 0 ? "\"two\nlines\"" : "n\(k)")
      lines.append("C\(k % 9),a\(k % 3),2024-09-10 10:\(10 + k % 40),r,\(note)")
    }
    let path = InputTestSupport.write(lines.joined(separator: "\n") + "\n", name: "stray-quote.csv")
    let source = InputTestSupport.eventLog(path)
    let (whole, parts, pieces) = readWholeAndInParts(source, parts: 4, partSize: 128)
    #expect(pieces.count == 1, "read again in one piece")
    #expect(whole.counts == ReadCounts(read: 200, used: 200, rejected: 0))
    #expect(parts.counts == whole.counts)
    #expect(parts.rejections == whole.rejections)
    #expect(whole.cases.map { $0.events.map(\.source) } == parts.cases.map { $0.events.map(\.source) })
    // The header takes lines 1–2, so the first record is on line 3.
    #expect(whole.cases.flatMap { $0.events.map(\.source.line) }.min() == 3)
  }

  /// Events gathered from several parts into one case run are sorted by time when the file is
  /// not: here each case's times run backwards through the file, so every run needs sorting, and
  /// the team each case keeps is that of its latest event in time (its first row), not file order.
  @Test func casesSpreadOverPartsOutOfTimeOrderAreSorted() {
    var lines = ["case,activity,time,resource,team"]
    for k in 0..<300 {
      let minute = 59 - k / 5
      lines.append("C\(k % 5),a\(k % 3),2024-09-10 10:\(minute < 10 ? "0" : "")\(minute),r\(k % 4),t\(k)")
    }
    let path = InputTestSupport.write(lines.joined(separator: "\n") + "\n", name: "backwards.csv")
    let (whole, parts, pieces) = readWholeAndInParts(InputTestSupport.eventLog(path), parts: 4, partSize: 256)
    #expect(pieces.count == 4, "the file is really read in parts")
    for dataset in [whole, parts] {
      let cases = dataset.cases
      #expect(cases.map(\.id) == ["C0", "C1", "C2", "C3", "C4"])
      for (c, row) in cases.enumerated() {
        // Case c's rows are k = c, c + 5, ...: in time order the last row comes first.
        #expect(
          row.events.map(\.source.line) == stride(from: 300 - 5 + c, through: c, by: -5).map { Int32($0 + 2) }
        )
        #expect(row.fields["team"] == .string("t\(c)"))
        #expect(row.events.first?.attributes["team"] == .string("t\(295 + c)"))
      }
    }
  }
}
