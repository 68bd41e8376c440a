import PolicyRules

/// The statements that create the canonical tables and fill them with a dataset's cases, so a
/// compiled audit can run over exactly the data the native engine read (`sql --with-data`).
public enum SQLTableLoad {
  public static let fixedRecordColumns = ["record_type", "case_id", "source_file", "source_line"]
  public static let fixedEventColumns = [
    "record_type", "case_id", "seq", "activity", "ts", "resource", "source_file", "source_line",
  ]

  /// `DROP`/`CREATE TABLE records, events` and `INSERT`s of every case and event (`inserts`).
  public static func statements(_ cases: [SQLCase], schema: SQLSchema, dialect: SQLDialect) -> [String] {
    let fieldColumns = schema.storedColumns.map { ($0.column, $0.type.sql(dialect), false) }
    var out =
      dialect.preamble + [
        "DROP TABLE IF EXISTS records;", "DROP TABLE IF EXISTS events;",
        dialect.createTable(
          "records", fixedRecordTypes.map { ($0, $1, $0 != "source_file" && $0 != "source_line") },
          fieldColumns),
        dialect.createTable(
          "events",
          fixedEventTypes.map { ($0, $1, !["resource", "source_file", "source_line"].contains($0)) },
          fieldColumns),
      ]
    // Rows are inserted per record type, naming only that type's columns: the tables are as wide
    // as all types' fields together, and rows of NULLs made the statements several times longer.
    var byType: [String: [SQLCase]] = [:]
    var typeOrder: [String] = []
    for item in cases {
      if byType[item.recordType] == nil { typeOrder.append(item.recordType) }
      byType[item.recordType, default: []].append(item)
    }
    for type in typeOrder {
      let group = byType[type] ?? []
      var names: [String] = []
      var seen: Set<String> = []
      for item in group {
        for (name, _) in item.fields where seen.insert(name).inserted { names.append(name) }
        for event in item.events {
          for (name, _) in event.attributes where seen.insert(name).inserted { names.append(name) }
        }
      }
      // A field of several types fills one column per type (`SQLSchema.storedColumns`).
      let stored = Dictionary(grouping: schema.storedColumns, by: \.field)
      let typeColumns = names.flatMap { stored[$0] ?? [] }
      func cells(_ pairs: [(String, Value)]) -> [SQLCell] {
        var byName: [String: Value] = [:]
        for (name, value) in pairs { byName[name] = value }
        return names.flatMap { schema.storedCells(of: $0, byName[$0] ?? .null) }
      }
      var recordRows: [[SQLCell]] = []
      var eventRows: [[SQLCell]] = []
      for item in group {
        let key: [SQLCell] = [.text(item.recordType), .text(item.id)]
        recordRows.append(
          key + [.text(item.sourceFile), .integer(Int64(item.sourceLine))] + cells(item.fields))
        for (k, event) in item.events.enumerated() {
          eventRows.append(
            key + [
              .integer(Int64(k + 1)), .text(event.activity), .timestamp(event.time.milliseconds),
              event.resource.map { .text($0) } ?? .null, .text(event.sourceFile),
              .integer(Int64(event.sourceLine)),
            ] + cells(event.attributes))
        }
      }
      let fields = typeColumns.map { ($0.column, $0.type.sql(dialect)) }
      out += inserts("records", fixedRecordTypes + fields, recordRows, dialect)
      out += inserts("events", fixedEventTypes + fields, eventRows, dialect)
    }
    out += dialect.indexing(["records", "events"])
    return out
  }

  static let fixedRecordTypes = zip(fixedRecordColumns, ["TEXT", "TEXT", "TEXT", "INTEGER"]).map { ($0, $1) }
  static let fixedEventTypes = zip(
    fixedEventColumns, ["TEXT", "TEXT", "INTEGER", "TEXT", "TIMESTAMPTZ", "TEXT", "TEXT", "INTEGER"]
  ).map { ($0, $1) }

  /// `INSERT`s of `rows` into `table`, 2,000 rows a statement, each batch one JSON text of rows of
  /// JSON strings that the engine unpacks: DuckDB binds a literal of `VALUES` at ~0.3 ms a row
  /// (45 s for the 150,000 rows of the synthetic 130,000 events), a JSON text it parses at once.
  static func inserts(
    _ table: String, _ columns: [(name: String, type: String)], _ rows: [[SQLCell]], _ dialect: SQLDialect
  ) -> [String] {
    let names = columns.map { dialect.identifier($0.name) }.joined(separator: ", ")
    let values = columns.enumerated().map { k, column in
      column.type == "TIMESTAMPTZ" || column.type == dialect.timestampType
        ? dialect.timestamp(fromMilliseconds: dialect.jsonElement(k))
        : "CAST(\(dialect.jsonElement(k)) AS \(dialect.type(column.type)))"
    }.joined(separator: ", ")
    var out: [String] = []
    var start = 0
    while start < rows.count {
      let end = min(rows.count, start + 2000)
      let json =
        "["
        + rows[start..<end].map { "[" + $0.map(\.json).joined(separator: ",") + "]" }.joined(separator: ",\n")
        + "]"
      out.append(
        "INSERT INTO \(table) (\(names)) SELECT \(values) FROM \(dialect.jsonArrayRows(dialect.literal(json)));"
      )
      start = end
    }
    return out
  }

  /// A value as a cell of its column's type (a mixed column holds each value's text).
  static func cell(_ value: Value, _ type: SQLSchema.ColumnType) -> SQLCell {
    switch (value, type) {
    case (.null, _): .null
    case (.string(let s), .text): .text(s)
    case (.number(let n), .number): n.isFinite ? .number(n) : .null
    case (.bool(let b), .bool): .bool(b)
    case (.timestamp(let t), .timestamp): .timestamp(t.milliseconds)
    case (.duration(let d), .duration): .integer(d)
    default: .text(value.description)
    }
  }
}

/// One value of a loaded row, as a JSON element: a string of its text (numbers in Swift's
/// shortest text that reads back as the same double, timestamps in milliseconds) or null.
enum SQLCell {
  case null
  case text(String)
  case number(Double)
  case bool(Bool)
  case integer(Int64)
  case timestamp(Int64)

  var json: String {
    switch self {
    case .null: return "null"
    case .text(let s): return JSONText.quoted(s)
    case .number(let n): return JSONText.quoted(n.description)
    case .bool(let b): return b ? "\"true\"" : "\"false\""
    case .integer(let i), .timestamp(let i): return JSONText.quoted(String(i))
    }
  }
}

/// Number literals that read back as the same double in both engines.
enum SQLNumber {
  static func literal(_ n: Double, _ dialect: SQLDialect) -> String {
    guard n.isFinite else { return "NULL" }
    // Swift's description is the shortest text that reads back as the same double.
    return "CAST(\(n.description) AS \(dialect.doubleType))"
  }
}
