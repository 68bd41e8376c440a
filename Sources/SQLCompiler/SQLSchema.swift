import PolicyRules

/// The canonical tables a compiled audit reads (docs/sql.md), as far as the compiler needs them:
/// every field column with the type its values have, and which record types have which fields.
///
/// `records(record_type, case_id, source_file, source_line, <field>…)`: one row per case, its fields.
/// `events(record_type, case_id, seq, activity, ts, resource, source_file, source_line, <field>…)`:
/// one row per event, `seq` its 1-based place in the case (time, then source order), the field
/// columns the case's fields overlaid with the event's own attributes.
public struct SQLSchema: Sendable {
  /// The SQL type of a field column, from the values it holds.
  public enum ColumnType: String, Sendable {
    case text, number, bool, timestamp, duration
    /// Values of several types: stored as text, refused where an expression reads it.
    case mixed
    /// No value at all: every read is null.
    case empty

    func sql(_ dialect: SQLDialect) -> String {
      switch self {
      case .text, .mixed, .empty: "TEXT"
      case .number: dialect.doubleType
      case .bool: "BOOLEAN"
      case .timestamp: "TIMESTAMPTZ"
      case .duration: "BIGINT"
      }
    }
  }

  /// Field columns in first-seen order.
  public private(set) var columns: [(name: String, type: ColumnType)] = []
  private var index: [String: Int] = [:]
  /// The field names of each record type's schema.
  public private(set) var fieldsByType: [String: Set<String>] = [:]
  /// The zone the dataset's local times were read in (plain calendar time of rules without one).
  public var timeZoneIdentifier: String

  public init(timeZoneIdentifier: String) { self.timeZoneIdentifier = timeZoneIdentifier }

  /// The schema of these cases: each column's type is that of every non-null value it holds.
  public init(cases: [SQLCase], timeZoneIdentifier: String) {
    self.init(timeZoneIdentifier: timeZoneIdentifier)
    for item in cases {
      declare(type: item.recordType, fields: item.fieldNames)
      for (name, value) in item.fields { observe(name, value) }
      for event in item.events { for (name, value) in event.attributes { observe(name, value) } }
    }
  }

  public func type(of field: String) -> ColumnType? { index[field].map { columns[$0].type } }

  /// The names of the tables' own columns; a field of the same name is stored as `field_<name>`.
  public static let reservedColumns: Set<String> = [
    "record_type", "case_id", "seq", "activity", "ts", "resource", "source_file", "source_line",
  ]

  /// The column holding a field.
  public static func column(of field: String) -> String {
    reservedColumns.contains(field) || field.hasPrefix("field_") ? "field_" + field : field
  }

  mutating func declare(type: String, fields: [String]) {
    fieldsByType[type, default: []].formUnion(fields)
    for name in fields where index[name] == nil {
      index[name] = columns.count
      columns.append((name, .empty))
    }
  }

  mutating func observe(_ name: String, _ value: Value) {
    guard let k = index[name] else {
      index[name] = columns.count
      columns.append((name, .empty))
      return observe(name, value)
    }
    let type: ColumnType
    switch value {
    case .null: return
    case .string: type = .text
    case .number: type = .number
    case .bool: type = .bool
    case .timestamp: type = .timestamp
    case .duration: type = .duration
    }
    let old = columns[k].type
    columns[k].type = old == .empty || old == type ? type : .mixed
  }
}

/// One case as the canonical tables hold it.
public struct SQLCase: Sendable {
  public var recordType: String
  public var id: String
  public var sourceFile: String
  public var sourceLine: Int
  /// The names of the record type's schema (the case's fields), in order.
  public var fieldNames: [String]
  public var fields: [(String, Value)]
  public var events: [SQLEvent]

  public init(
    recordType: String, id: String, sourceFile: String, sourceLine: Int, fieldNames: [String],
    fields: [(String, Value)], events: [SQLEvent]
  ) {
    self.recordType = recordType
    self.id = id
    self.sourceFile = sourceFile
    self.sourceLine = sourceLine
    self.fieldNames = fieldNames
    self.fields = fields
    self.events = events
  }
}

/// One event as the canonical `events` table holds it.
public struct SQLEvent: Sendable {
  public var activity: String
  public var time: Timestamp
  public var resource: String?
  public var sourceFile: String
  public var sourceLine: Int
  /// The case's fields overlaid with the event's own values.
  public var attributes: [(String, Value)]

  public init(
    activity: String, time: Timestamp, resource: String?, sourceFile: String, sourceLine: Int,
    attributes: [(String, Value)]
  ) {
    self.activity = activity
    self.time = time
    self.resource = resource
    self.sourceFile = sourceFile
    self.sourceLine = sourceLine
    self.attributes = attributes
  }
}
