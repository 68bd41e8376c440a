/// A value bound to or read from a store statement. Both engines store the same four kinds:
/// integers, doubles, text and NULL (instants are ISO 8601 UTC text, booleans 0/1).
public enum StoreValue: Sendable, Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)

  init(_ value: String?) { self = value.map { .text($0) } ?? .null }
  init(_ value: Int) { self = .integer(Int64(value)) }
  init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
  init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
  init(_ value: Bool) { self = .integer(value ? 1 : 0) }

  /// The value as text (numbers as the engine would print them), nil for NULL.
  var string: String? {
    switch self {
    case .null: nil
    case .integer(let n): String(n)
    case .real(let x): String(x)
    case .text(let text): text
    }
  }

  /// The value as an integer (PostgreSQL answers in text), nil for NULL or other text.
  var integer: Int? {
    switch self {
    case .integer(let n): Int(n)
    case .real(let x): Int(exactly: x)
    case .text(let text): Int(text)
    case .null: nil
    }
  }

  var real: Double? {
    switch self {
    case .integer(let n): Double(n)
    case .real(let x): x
    case .text(let text): Double(text)
    case .null: nil
    }
  }
}

/// Why a store could not be opened, read or written: a message for the user (never a password).
public struct StoreError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The two engines' differences, in one place: everything else is the same SQL.
enum StoreDialect: Sendable {
  case sqlite, postgres

  /// The statement that starts the run's transaction: SQLite takes the write lock at once.
  var beginWrite: [String] {
    switch self {
    case .sqlite: ["begin immediate"]
    case .postgres: ["begin"]
    }
  }

  /// PostgreSQL locks the runs table (once it exists), so two writers cannot both take the next
  /// run id; SQLite's `begin immediate` already did.
  var lockRuns: String? {
    switch self {
    case .sqlite: nil
    case .postgres: "lock table runs in share row exclusive mode"
    }
  }

  /// The tables of the database (of the current schema for PostgreSQL).
  var tableNames: String {
    switch self {
    case .sqlite: "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
    case .postgres:
      "select table_name from information_schema.tables where table_schema = current_schema()"
    }
  }

  /// Placeholders are written `$1`, `$2` (PostgreSQL's form); SQLite's are `?1`, `?2`.
  func placeholders(_ sql: String) -> String {
    guard self == .sqlite else { return sql }
    var out = ""
    var previous: Character = " "
    for character in sql {
      out.append(character == "$" && !previous.isLetter && previous != "_" ? "?" : character)
      previous = character
    }
    return out
  }

  /// At most this many parameters in one statement (SQLite's oldest limit, well under PostgreSQL's).
  static let maximumParameters = 999
}

/// An open store database: statements with `$n` parameters, on one thread.
protocol StoreConnection: AnyObject {
  var dialect: StoreDialect { get }
  /// Runs statements without parameters or results.
  func execute(_ sql: String) throws(StoreError)
  /// Runs a query and returns its rows.
  func query(_ sql: String, _ parameters: [StoreValue]) throws(StoreError) -> [[StoreValue]]
  /// Prepares a statement to run many times.
  func prepare(_ sql: String) throws(StoreError) -> any StoreStatement
  func close()
}

extension StoreConnection {
  func query(_ sql: String) throws(StoreError) -> [[StoreValue]] { try query(sql, []) }
}

/// A prepared statement: run with one set of parameters at a time.
protocol StoreStatement: AnyObject {
  func run(_ parameters: [StoreValue]) throws(StoreError)
  func close()
}

/// Rows for one table, inserted many to a statement (`values (…), (…)`): one prepared
/// statement for full batches, so a run of 100,000 findings is a few thousand executions.
final class BatchInsert {
  private let connection: any StoreConnection
  private let table: String
  private let columns: [String]
  private let rowsPerBatch: Int
  private var full: (any StoreStatement)?
  private var pending: [StoreValue] = []
  private(set) var rowCount = 0

  init(_ connection: any StoreConnection, table: String, columns: [String]) {
    self.connection = connection
    self.table = table
    self.columns = columns
    self.rowsPerBatch = max(1, StoreDialect.maximumParameters / columns.count)
    pending.reserveCapacity(rowsPerBatch * columns.count)
  }

  func add(_ row: [StoreValue]) throws(StoreError) {
    precondition(row.count == columns.count, "a row of \(table) needs \(columns.count) values")
    pending.append(contentsOf: row)
    rowCount += 1
    if pending.count == rowsPerBatch * columns.count {
      if full == nil { full = try connection.prepare(sql(rows: rowsPerBatch)) }
      try full!.run(pending)
      pending.removeAll(keepingCapacity: true)
    }
  }

  /// Inserts the rows still waiting and closes the statements.
  func finish() throws(StoreError) {
    defer { full?.close() }
    guard !pending.isEmpty else { return }
    let statement = try connection.prepare(sql(rows: pending.count / columns.count))
    defer { statement.close() }
    try statement.run(pending)
    pending.removeAll()
  }

  private func sql(rows: Int) -> String {
    var text = "insert into \(table) (\(columns.joined(separator: ", "))) values "
    var n = 0
    for row in 0..<rows {
      text += row == 0 ? "(" : ", ("
      for column in 0..<columns.count {
        n += 1
        text += column == 0 ? "$\(n)" : ", $\(n)"
      }
      text += ")"
    }
    return text
  }
}
