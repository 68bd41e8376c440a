import PolicyRules

/// Where a record or event came from: the file (an index into `Dataset.files`) and 1-based line.
public struct SourceLocation: Sendable, Hashable, Comparable, BitwiseCopyable {
  public var file: Int32
  public var line: Int32
  public init(file: Int32, line: Int32) {
    self.file = file
    self.line = line
  }
  public static func < (a: SourceLocation, b: SourceLocation) -> Bool { (a.file, a.line) < (b.file, b.line) }
}

/// Field names shared by many rows, so each row stores only its values.
public final class FieldSchema: Sendable {
  public let names: [String]
  private let indexByName: [String: Int]

  public init(names: [String]) {
    self.names = names
    var index: [String: Int] = [:]
    for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
    self.indexByName = index
  }

  /// Small schemas are scanned: comparing a few short strings is cheaper than hashing one.
  @inline(__always)
  public func index(of name: String) -> Int? {
    if names.count <= 16 {
      for (k, candidate) in names.enumerated() where candidate == name { return k }
      return nil
    }
    return indexByName[name]
  }
}

/// The values of one row under a schema.
public struct FieldRow: Sendable {
  public let schema: FieldSchema
  public var values: [Value]

  public init(schema: FieldSchema, values: [Value]) {
    self.schema = schema
    self.values = values
  }

  /// `.null` when the schema has no such field.
  public subscript(name: String) -> Value {
    guard let i = schema.index(of: name), i < values.count else { return .null }
    return values[i]
  }

  public func has(_ name: String) -> Bool { schema.index(of: name) != nil }
}

/// One event of a case: an activity at an instant, by a resource, with its own attributes.
public struct Event: Sendable {
  public var activity: String
  public var time: Timestamp
  public var resource: String?
  public var attributes: FieldRow
  public var source: SourceLocation

  public init(
    activity: String, time: Timestamp, resource: String?, attributes: FieldRow, source: SourceLocation
  ) {
    self.activity = activity
    self.time = time
    self.resource = resource
    self.attributes = attributes
    self.source = source
  }
}

/// The unit most rules are judged on: a ticket, repair order, complaint, shift or stock movement.
///
/// A record-table row becomes a case whose fields are the row; each of its timestamp columns
/// mapped to an event name also becomes an event. Event-log rows with the same case id become
/// the events of one case; the case's fields are the latest non-empty value of each attribute.
/// Rows of joined files (e.g. callbacks) add their events and fields to the case they reference.
public struct Case: Sendable {
  public var id: String
  public var recordType: String
  public var fields: FieldRow
  /// Sorted by time, then by source location (stable for equal instants).
  public var events: [Event]
  /// The row that created the case (first event row for event logs).
  public var source: SourceLocation

  public init(id: String, recordType: String, fields: FieldRow, events: [Event], source: SourceLocation) {
    self.id = id
    self.recordType = recordType
    self.fields = fields
    self.events = events
    self.source = source
  }
}

/// A row that could not be used, with the reason; counted and excluded, never silently dropped.
public struct RowRejection: Sendable, Hashable {
  public var source: SourceLocation
  public var column: Int?
  public var reason: String
  /// The row's key (its case id) when it comes from a database source and has a usable one.
  public var key: String?
  public init(source: SourceLocation, column: Int? = nil, reason: String, key: String? = nil) {
    self.source = source
    self.column = column
    self.reason = reason
    self.key = key
  }

  /// `data/helpdesk.csv:7:3`; a database row with a key `postgres:tickets#T0042` (see `RowKeys`).
  public func location(file: String) -> String {
    if let key { return "\(file)#\(key)" }
    return "\(file):\(source.line)\(column.map { ":\($0)" } ?? "")"
  }
}

/// Row counts per run: `read == used + rejected` always holds.
public struct ReadCounts: Sendable, Hashable {
  public static func + (a: ReadCounts, b: ReadCounts) -> ReadCounts {
    ReadCounts(read: a.read + b.read, used: a.used + b.used, rejected: a.rejected + b.rejected)
  }

  public var read = 0
  public var used = 0
  public var rejected = 0
  public init(read: Int = 0, used: Int = 0, rejected: Int = 0) {
    self.read = read
    self.used = used
    self.rejected = rejected
  }
}

/// Everything read for one audit: cases grouped from one or more files.
public struct Dataset: Sendable {
  /// Paths of the input files, indexed by `SourceLocation.file`.
  public var files: [String]
  /// Cases in a deterministic order (by record type, then case id), stored by column.
  public var table: CaseTable
  /// The cases as rows (copies every value: for small datasets and tests).
  public var cases: [Case] {
    get { table.rows }
    set { table = CaseTable(cases: newValue) }
  }
  public var caseCount: Int { table.caseCount }
  public var rejections: [RowRejection]
  public var counts: ReadCounts
  /// Per-file counts, same indices as `files`.
  public var fileCounts: [ReadCounts]
  /// The zone timestamps without an offset were read in.
  public var timeZoneIdentifier: String
  /// File-level problems (cannot open, no header, unknown column), warnings (duplicate header
  /// names) and notes (encoding detected), in file order.
  public var diagnostics: [Diagnostic]
  /// True when reading stopped at `DatasetLoadOptions.maxErrors` rejections (or at the first
  /// file error with `failFast`); the counts cover what was read.
  public var stoppedEarly: Bool

  public init(
    files: [String], cases: [Case], rejections: [RowRejection], counts: ReadCounts,
    fileCounts: [ReadCounts], timeZoneIdentifier: String, diagnostics: [Diagnostic] = [],
    stoppedEarly: Bool = false
  ) {
    self.init(
      files: files, table: CaseTable(cases: cases), rejections: rejections, counts: counts,
      fileCounts: fileCounts, timeZoneIdentifier: timeZoneIdentifier, diagnostics: diagnostics,
      stoppedEarly: stoppedEarly)
  }

  public init(
    files: [String], table: CaseTable, rejections: [RowRejection], counts: ReadCounts,
    fileCounts: [ReadCounts], timeZoneIdentifier: String, diagnostics: [Diagnostic] = [],
    stoppedEarly: Bool = false
  ) {
    self.files = files
    self.table = table
    self.rejections = rejections
    self.counts = counts
    self.fileCounts = fileCounts
    self.timeZoneIdentifier = timeZoneIdentifier
    self.diagnostics = diagnostics
    self.stoppedEarly = stoppedEarly
  }

  /// The rows' keys of each database source, by file index (`RowKeys`): locations name a
  /// database row by its key, not by its number in a query's result.
  public var rowKeys: [Int32: RowKeys] = [:]

  /// `data/helpdesk.csv:12`, or `postgres:tickets#T0042` for a database row with a key.
  public func location(_ source: SourceLocation) -> String {
    let file = Int(source.file) < files.count ? files[Int(source.file)] : "?"
    if let key = rowKeys[source.file]?.key(line: source.line) { return "\(file)#\(key)" }
    return "\(file):\(source.line)"
  }

  /// Wall time spent reading files and joining them into cases (for benchmarks).
  public var readSeconds = 0.0
  public var assembleSeconds = 0.0

  /// True when a file could not be read or a description was invalid.
  public var hasFileErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
