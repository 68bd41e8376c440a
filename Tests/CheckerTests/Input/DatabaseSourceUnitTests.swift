import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Database sources without a server: the description keys, query parameters, and PostgreSQL's
/// binary values decoded into a dataset.
@Suite struct DatabaseSourceUnitTests {
  func describe(_ sources: String) -> (DatasetDescription?, [String]) {
    var bag = DiagnosticBag(path: "data/d.yaml")
    let text = "time_zone: Asia/Shanghai\nsources:\n" + sources
    guard let document = YAMLParser.parse(bytes: Array(text.utf8), path: "data/d.yaml", diagnostics: &bag)
    else { return (nil, bag.items.map(\.description)) }
    let description = DatasetDescription.load(document, diagnostics: &bag)
    return (description, bag.items.map(\.description))
  }

  @Test func sqliteAndPostgresSourcesAreRead() throws {
    let (description, errors) = describe(
      """
        - sqlite: {file: service.db, table: work_log}
          record: work_log
          case_id: id
        - postgres: {url: env:SERVICE_DB_URL, query: "select * from t where at >= $from and at < $to"}
          kind: events
          record: ticket
          case_id: id
          activity: a
          time: at
      """)
    #expect(errors == [])
    let sources = try #require(description?.sources)
    #expect(sources.map(\.file) == ["sqlite:work_log", "postgres:ticket"])
    #expect(sources[0].database?.connection == "data/service.db")
    #expect(sources[0].database?.query == "select * from \"work_log\"")
    #expect(sources[1].database?.connection == "env:SERVICE_DB_URL")
    #expect(sources[1].database?.queryMark == SourceMark(line: 6, column: 48))
  }

  @Test func wrongDatabaseSourcesAreErrorsAtTheirKeys() {
    let (description, errors) = describe(
      """
        - sqlite: {file: a.db, table: t}
          file: a.csv
          record: r
          case_id: id
        - sqlite: {file: a.db, table: t, query: "select 1"}
          record: r
          case_id: id
        - postgres: {url: x, tabel: t}
          record: r
          case_id: id
        - sqlite: {file: a.db, table: t}
          encoding: gbk
          record: r
          case_id: id
        - sqlite: {file: a.db, query: "select * from t where x > $form"}
          record: r
          case_id: id
        - postgres: "postgres://x"
          record: r
          case_id: id
      """)
    #expect(description == nil)
    #expect(
      errors == [
        "data/d.yaml:3:5: error: a source reads one of 'file', 'postgres' or 'sqlite'; this one names 'file' and 'sqlite'",
        "data/d.yaml:7:26: error: give 'query' or 'table', not both",
        "data/d.yaml:10:24: error: unknown key 'tabel' in postgres source",
        "data/d.yaml:10:15: error: a postgres source needs 'query' or 'table'",
        "data/d.yaml:14:5: error: 'encoding' applies to file sources; a sqlite source has typed columns",
        "data/d.yaml:17:33: error: unknown query parameter '$form'; a query can use $from, $to and $as_of",
        "data/d.yaml:20:15: error: 'postgres' must be a mapping like {url: env:SERVICE_DB_URL, table: tickets}, found a scalar",
      ])
  }

  @Test func parametersOutsideQuotesAndCommentsAreBound() {
    let query =
      "select '$from', \"$to\", $$ $as_of $$, $q$ $to $q$ -- $to\n/* $from */ from t where a >= $from and b < $to and c = $from and d = $1"
    let parameters = QueryParameters(query)
    #expect(parameters.uses == ["from", "to", "from"])
    #expect(parameters.distinct == ["from", "to"])
    #expect(parameters.unknown.map(\.name) == ["$1"])
    let text = parameters.text { "$\($0)" }
    #expect(text.hasSuffix("where a >= $1 and b < $2 and c = $1 and d = $1"))
    #expect(text.hasPrefix("select '$from', \"$to\", $$ $as_of $$, $q$ $to $q$ -- $to\n/* $from */"))
    // Offsets in the rewritten text map back to the text as written.
    let rewritten = Array(text.utf8)
    let b = rewritten.firstIndex(of: UInt8(ascii: "b"))!
    let written = parameters.originalOffset(b + 0, placeholder: { "$\($0)" })
    #expect(Array(query.utf8)[written] == UInt8(ascii: "b"))
  }

  /// Feeds binary PostgreSQL values through `PostgresValueDecoder` into a one-row records source.
  func decode(
    _ cells: [(String, PostgresValueDecoder.Kind, [UInt8]?)],
    declare: (inout SourceDescription) -> Void = { _ in }
  )
    -> (Dataset, [String])
  {
    var source = SourceDescription(
      file: "postgres:t", resolvedPath: "postgres:t", recordType: "r", kind: .records, format: .jsonl,
      caseId: ColumnReference("id"))
    declare(&source)
    let zone = TimeZone(identifier: "Asia/Shanghai")!
    let builder = SourceBuilder(
      source: source, fileIndex: 0, timeZone: zone, validatesUTF8: true, encodingName: "UTF-8",
      errorBudget: nil)
    var rows = DatabaseRows(builder: builder, zone: TimeZoneOffsets.named("Asia/Shanghai")!)
    let all = [("id", PostgresValueDecoder.Kind.text, Array("T0042".utf8) as [UInt8]?)] + cells
    let added = rows.addColumns(all.map(\.0))
    #expect(added)
    var decoder = PostgresValueDecoder()
    rows.readRow(1, columns: all.count, key: { "T0042" }) { rows, column in
      guard let bytes = all[column].2 else { return rows.null(column, row: 1) }
      return bytes.withUnsafeBufferPointer {
        decoder.store($0, kind: all[column].1, column: column, row: 1, into: &rows)
      }
    }
    var outputs = [rows.builder.finish()]
    // One output, never read in parts: nothing is ever read again whole.
    let dataset = DatasetLoader.combine(&outputs, files: ["postgres:t"], timeZone: "Asia/Shanghai") { _ in []
    }
    return (dataset, dataset.rejections.map(\.reason))
  }

  static func bigEndian(_ value: Int64, _ width: Int) -> [UInt8] {
    (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - $0))) }
  }

  static func numeric(weight: Int16, negative: Bool = false, _ digits: [Int16]) -> [UInt8] {
    let header: [Int16] = [Int16(digits.count), weight, negative ? 0x4000 : 0, 0]
    return (header + digits).flatMap { bigEndian(Int64($0), 2) }
  }

  @Test func binaryValuesKeepTheirTypes() throws {
    // 2024-09-01 10:00:00 UTC, as microseconds since 2000-01-01.
    let micros = (Int64(1_725_184_800_000) - PostgresValueDecoder.epoch) * 1000
    let (dataset, rejected) = decode([
      ("at", .timestamptz, Self.bigEndian(micros + 999, 8)),
      ("local", .timestamp, Self.bigEndian(micros, 8)),
      ("day", .date, Self.bigEndian(Int64(9000), 4)),
      ("amount", .numeric, Self.numeric(weight: 0, [12, 5000])),
      ("tiny", .numeric, Self.numeric(weight: -1, negative: true, [1])),
      ("large", .numeric, Self.numeric(weight: 2, [1, 2345, 6789])),
      ("units", .int4, Self.bigEndian(-7, 4)),
      ("ratio", .float8, Self.bigEndian(Int64(bitPattern: (0.25 as Double).bitPattern), 8)),
      ("ok", .bool, [1]),
      ("note", .text, Array("好".utf8)),
      ("gone", .text, nil),
    ])
    #expect(rejected == [])
    let fields = try #require(dataset.cases.first?.fields)
    #expect(fields["at"] == .timestamp(Timestamp(milliseconds: 1_725_184_800_000)))
    // A local time is read in the dataset's zone (UTC+8): 10:00 there is 02:00 UTC.
    #expect(fields["local"] == .timestamp(Timestamp(milliseconds: 1_725_184_800_000 - 8 * 3_600_000)))
    #expect(
      fields["day"]
        == .timestamp(
          Timestamp(milliseconds: (PostgresValueDecoder.epoch + 9000 * 86_400_000) - 8 * 3_600_000)))
    #expect(fields["amount"] == .number(12.5))
    #expect(fields["tiny"] == .number(-0.0001))
    #expect(fields["large"] == .number(123_456_789))
    #expect(fields["units"] == .number(-7))
    #expect(fields["ratio"] == .number(0.25))
    #expect(fields["ok"] == .bool(true))
    #expect(fields["note"] == .string("好"))
    #expect(fields["gone"] == .null)
  }

  @Test func unusableValuesRejectTheRowNamingItsKey() {
    let infinity = decode([("at", .timestamptz, Self.bigEndian(Int64.max, 8))])
    #expect(infinity.1 == ["bad timestamp 'infinity' in column at"])
    #expect(infinity.0.counts.read == 1 && infinity.0.counts.rejected == 1)
    // The key is the row's case id: its location names it, not the row's number.
    #expect(infinity.0.rejections.map(\.key) == ["T0042"])
    #expect(infinity.0.rejections.first?.location(file: "postgres:t") == "postgres:t#T0042")
    let nan = decode([("x", .numeric, Self.bigEndian(0, 4) + [0xC0, 0, 0, 0])])
    #expect(nan.1 == ["bad number 'NaN' in column x"] && nan.0.rejections.map(\.key) == ["T0042"])
    let text = decode([("at", .text, Array("2024-13-01".utf8))]) {
      $0.timestamps = [(ColumnReference("at"), .auto)]
    }
    #expect(text.1.first?.hasPrefix("bad timestamp '2024-13-01' in column at") == true)
    #expect(text.0.rejections.map(\.key) == ["T0042"])
    let instantAsNumber = decode([("n", .timestamptz, Self.bigEndian(0, 8))]) {
      $0.numbers = [ColumnReference("n")]
    }
    #expect(
      instantAsNumber.1 == ["bad number '2000-01-01 00:00:00Z' in column n (the column holds timestamps)"])
  }

  /// Rows of an events source: each row's key is its case id; a row that made no case has none.
  @Test func rowKeysNameEachRowByItsCaseId() {
    let source = SourceDescription(
      file: "postgres:t", resolvedPath: "postgres:t", recordType: "r", kind: .events, format: .jsonl,
      caseId: ColumnReference("id"), activity: ColumnReference("a"), time: ColumnReference("t"))
    let builder = SourceBuilder(
      source: source, fileIndex: 0, timeZone: TimeZone(identifier: "UTC")!, validatesUTF8: true,
      encodingName: "UTF-8", errorBudget: nil)
    var rows = DatabaseRows(builder: builder, zone: .utc)
    let added = rows.addColumns(["id", "a", "t"])
    #expect(added)
    let ids: [String?] = ["A-1", "B-2", "A-1", nil, "bad\u{1B}[2J"]
    for (k, id) in ids.enumerated() {
      let cells: [String?] = [id, "x", "2024-09-0\(k + 1) 10:00"]
      rows.readRow(k + 1, columns: 3, key: { id }) { rows, column in
        guard let text = cells[column] else { return rows.null(column, row: k + 1) }
        return Array(text.utf8).withUnsafeBufferPointer { rows.text(column, $0, row: k + 1) }
      }
    }
    let output = rows.builder.finish()
    let keys = RowKeys(output, rows: ids.count)
    #expect((0...6).map { keys.key(line: Int32($0)) } == [nil, "A-1", "B-2", "A-1", nil, nil, nil])
    #expect(output.rejections.map(\.reason) == ["missing case id in column id"])
    #expect(output.rejections.map(\.key) == [nil])
    #expect(!RowKeys.isUsable("  ") && !RowKeys.isUsable("") && RowKeys.isUsable(" T 1"))
    #expect(!RowKeys.isUsable(String(repeating: "x", count: 201)) && !RowKeys.isUsable("a\u{85}b"))
  }

  @Test func passwordsAreRemovedFromMessages() {
    let secrets = PostgresReader.secrets("postgresql://app:s3cr%40t@db.example:5432/x")
    #expect(secrets.contains("s3cr@t"))
    let message = PostgresReader.scrub("auth failed for app with s3cr@t and s3cr%40t", secrets)
    #expect(!message.contains("s3cr"))
    #expect(PostgresReader.secrets("host=db password=hunter2 user=app").contains("hunter2"))
    #expect(
      PostgresReader.offsetText(Timestamp(milliseconds: 1_725_120_000_000), zone: .named("Asia/Shanghai")!)
        == "2024-09-01 00:00:00+08:00")
  }
}
