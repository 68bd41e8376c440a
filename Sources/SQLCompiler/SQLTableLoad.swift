import PolicyRules

/// The statements that create the canonical tables and fill them with a dataset's cases, so a
/// compiled audit can run over exactly the data the native engine read (`sql --with-data`).
public enum SQLTableLoad {
  public static let fixedRecordColumns = ["record_type", "case_id", "source_file", "source_line"]
  public static let fixedEventColumns = [
    "record_type", "case_id", "seq", "activity", "ts", "resource", "source_file", "source_line",
  ]

  /// `DROP`/`CREATE TABLE records, events` and `INSERT`s of every case and event (500 rows a statement).
  public static func statements(_ cases: [SQLCase], schema: SQLSchema, dialect: SQLDialect) -> [String] {
    let fieldColumns = schema.storedColumns.map {
      "\(dialect.identifier($0.column)) \($0.type.sql(dialect))"
    }
    var out =
      dialect.preamble + [
        "DROP TABLE IF EXISTS records;", "DROP TABLE IF EXISTS events;",
        "CREATE TABLE records (record_type TEXT NOT NULL, case_id TEXT NOT NULL, source_file TEXT, "
          + "source_line INTEGER" + fieldColumns.map { ", " + $0 }.joined() + ");",
        "CREATE TABLE events (record_type TEXT NOT NULL, case_id TEXT NOT NULL, seq INTEGER NOT NULL, "
          + "activity TEXT NOT NULL, ts TIMESTAMPTZ NOT NULL, resource TEXT, source_file TEXT, source_line INTEGER"
          + fieldColumns.map { ", " + $0 }.joined() + ");",
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
      let columnList = names.flatMap { stored[$0] ?? [] }.map { ", " + dialect.identifier($0.column) }
        .joined()
      func values(_ pairs: [(String, Value)]) -> String {
        var byName: [String: Value] = [:]
        for (name, value) in pairs { byName[name] = value }
        return names.flatMap { schema.storedLiterals(of: $0, byName[$0] ?? .null, dialect) }.map { ", " + $0 }
          .joined()
      }
      var recordRows: [String] = []
      var eventRows: [String] = []
      for item in group {
        let key = "\(dialect.literal(item.recordType)), \(dialect.literal(item.id))"
        recordRows.append(
          "(\(key), \(dialect.literal(item.sourceFile)), \(item.sourceLine)\(values(item.fields)))")
        for (k, event) in item.events.enumerated() {
          eventRows.append(
            "(\(key), \(k + 1), \(dialect.literal(event.activity)), "
              + "\(dialect.timestamp(fromMilliseconds: String(event.time.milliseconds))), "
              + "\(event.resource.map(dialect.literal) ?? "NULL"), \(dialect.literal(event.sourceFile)), "
              + "\(event.sourceLine)\(values(event.attributes)))")
        }
      }
      func inserts(_ table: String, _ fixed: [String], _ rows: [String]) {
        var start = 0
        while start < rows.count {
          let end = min(rows.count, start + 500)
          out.append(
            "INSERT INTO \(table) (\(fixed.joined(separator: ", "))\(columnList)) VALUES\n  "
              + rows[start..<end].joined(separator: ",\n  ") + ";")
          start = end
        }
      }
      inserts("records", fixedRecordColumns, recordRows)
      inserts("events", fixedEventColumns, eventRows)
    }
    out += dialect.indexing(["records", "events"])
    return out
  }

  /// A value as a literal of its column's type (a mixed column holds each value's text).
  static func literal(_ value: Value, _ type: SQLSchema.ColumnType, _ dialect: SQLDialect) -> String {
    switch (value, type) {
    case (.null, _): "NULL"
    case (.string(let s), .text): dialect.literal(s)
    case (.number(let n), .number): SQLNumber.literal(n, dialect)
    case (.bool(let b), .bool): b ? "TRUE" : "FALSE"
    case (.timestamp(let t), .timestamp): dialect.timestamp(fromMilliseconds: String(t.milliseconds))
    case (.duration(let d), .duration): String(d)
    default: dialect.literal(value.description)
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
