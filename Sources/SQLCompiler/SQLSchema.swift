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
    /// Values of several types: a text column of the text values and one column per other
    /// type (`storedColumn(of:as:)`); an expression reads each by its own type.
    case mixed
    /// No value at all: every read is null.
    case empty

    func sql(_ dialect: SQLDialect) -> String {
      switch self {
      case .text, .mixed, .empty: dialect.textType
      case .number: dialect.doubleType
      case .bool: "BOOLEAN"
      case .timestamp: dialect.timestampType
      case .duration: "BIGINT"
      }
    }
  }

  /// Field columns in first-seen order.
  public private(set) var columns: [(name: String, type: ColumnType)] = []
  private var index: [String: Int] = [:]
  /// The types each field's values have, in first-seen order.
  private var observed: [String: [ColumnType]] = [:]
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
    // DuckDB compares identifiers ignoring case, quoted or not: `Resource` is `resource`.
    let lower = field.lowercased()
    return reservedColumns.contains(lower) || lower.hasPrefix("field_") || field.contains("#")
      ? "field_" + field : field
  }

  /// The column holding a field's values of one type: the field's own column for text (and for
  /// every type of a field of one type), `<column>#number`, `#bool`, … for the other types of a
  /// field of several types.
  public static func storedColumn(of field: String, as type: ColumnType) -> String {
    type == .text ? column(of: field) : column(of: field) + "#" + type.rawValue
  }

  /// The types a field of several types holds (text first when it is one of them).
  func storedTypes(of field: String) -> [ColumnType] {
    let types = observed[field] ?? []
    return types.contains(.text) ? [.text] + types.filter { $0 != .text } : types
  }

  /// The columns of the tables that hold the fields, with their types, in order.
  public var storedColumns: [(field: String, column: String, type: ColumnType)] {
    columns.flatMap { name, type -> [(field: String, column: String, type: ColumnType)] in
      guard type == .mixed else { return [(name, Self.column(of: name), type)] }
      return [(name, Self.column(of: name), .text)]
        + storedTypes(of: name).filter { $0 != .text }.map { (name, Self.storedColumn(of: name, as: $0), $0) }
    }
  }

  /// The cells of a field's value for each of the field's columns (`storedColumns`).
  func storedCells(of field: String, _ value: Value) -> [SQLCell] {
    guard let type = type(of: field) else { return [] }
    guard type == .mixed else { return [SQLTableLoad.cell(value, type)] }
    let own = Self.type(of: value)
    return ([.text] + storedTypes(of: field).filter { $0 != .text }).map {
      own == $0 ? SQLTableLoad.cell(value, $0) : .null
    }
  }

  /// That a field of several types holds a value of `type` in row `row` (nil: no value).
  func storedGuard(of field: String, as type: ColumnType?, row: String, _ dialect: SQLDialect) -> String {
    let column = { (t: ColumnType) in "\(row).\(dialect.identifier(Self.storedColumn(of: field, as: t)))" }
    guard let type else {
      return "("
        + ([.text] + storedTypes(of: field).filter { $0 != .text }).map { "\(column($0)) IS NULL" }
        .joined(separator: " AND ") + ")"
    }
    return "\(column(type)) IS NOT NULL"
  }

  static func type(of value: Value) -> ColumnType? {
    switch value {
    case .null: nil
    case .string: .text
    case .number: .number
    case .bool: .bool
    case .timestamp: .timestamp
    case .duration: .duration
    }
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
    guard let type = Self.type(of: value) else { return }
    if !(observed[name] ?? []).contains(type) { observed[name, default: []].append(type) }
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
