import CSQLite
import Foundation
import PolicyRules

/// Reads a `sqlite:` source: the database opened read-only, the query stepped row by row.
///
/// SQLite's values carry their storage class: INTEGER and REAL are numbers (INTEGER in a
/// column declared BOOLEAN a bool), TEXT is converted as a file's cell is (declared timestamps,
/// numbers and booleans parse it), NULL is null; a BLOB rejects its row.
enum SQLiteReader {
  static func read(
    _ database: DatabaseSource, parameters: QueryParameters, values: [Timestamp], rows: inout DatabaseRows
  ) {
    let path = database.connection
    guard FileManager.default.fileExists(atPath: path) else {
      rows.fail("cannot open SQLite database \(path): no such file", at: database.connectionMark)
      return
    }
    var handle: OpaquePointer?
    defer { sqlite3_close(handle) }
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let db = handle else {
      rows.fail(
        "cannot open SQLite database \(path): \(handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory")",
        at: database.connectionMark)
      return
    }
    let placeholder: (Int) -> String = { "?\($0)" }
    let text = parameters.text(placeholder: placeholder)
    var prepared: OpaquePointer?
    defer { sqlite3_finalize(prepared) }
    guard sqlite3_prepare_v2(db, text, -1, &prepared, nil) == SQLITE_OK, let statement = prepared else {
      let offset = Int(sqlite3_error_offset(db))
      let position =
        offset >= 0 && database.table == nil
        ? " (at character \(parameters.originalOffset(offset, placeholder: placeholder) + 1) of the query)"
        : ""
      rows.fail(
        "the query of \(rows.source.file) failed: \(String(cString: sqlite3_errmsg(db)))\(position)",
        at: database.queryMark)
      return
    }
    // Text of the local time in the dataset's zone: how SQLite's date functions write times.
    for (k, value) in values.enumerated() {
      let local = rows.zone.localMilliseconds(fromUTC: value.milliseconds)
      sqlite3_bind_text(statement, Int32(k + 1), localText(local), -1, transient)
    }
    let count = Int(sqlite3_column_count(statement))
    let names = (0..<count).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
    guard rows.addColumns(names) else { return }
    let booleans = (0..<count).map { column in
      sqlite3_column_decltype(statement, Int32(column)).map {
        String(cString: $0).uppercased().hasPrefix("BOOL")
      }
        ?? false
    }
    let caseIdColumn = rows.caseIdColumn
    var row = 0
    while !rows.isStopped {
      let status = sqlite3_step(statement)
      if status == SQLITE_DONE { break }
      guard status == SQLITE_ROW else {
        rows.fail(
          "reading the result of \(rows.source.file) failed after \(row) rows: \(String(cString: sqlite3_errmsg(db)))",
          at: database.queryMark)
        return
      }
      row += 1
      rows.readRow(row, columns: count, key: { key(statement, caseIdColumn) }) { rows, column in
        let c = Int32(column)
        switch sqlite3_column_type(statement, c) {
        case SQLITE_NULL: return rows.null(column, row: row)
        case SQLITE_INTEGER:
          let value = sqlite3_column_int64(statement, c)
          return booleans[column] && (value == 0 || value == 1)
            ? rows.bool(column, value == 1, row: row) : rows.number(column, Double(value), row: row)
        case SQLITE_FLOAT: return rows.number(column, sqlite3_column_double(statement, c), row: row)
        case SQLITE_TEXT:
          let bytes = sqlite3_column_text(statement, c)
          let length = Int(sqlite3_column_bytes(statement, c))
          return rows.text(column, UnsafeBufferPointer(start: bytes, count: length), row: row)
        default:
          rows.builder.reject(
            line: row, column: column + 1,
            reason: "column \(names[column]) holds a BLOB; only text, numbers and booleans can be read")
          return false
        }
      }
    }
  }

  /// The case id of the current row as text, for messages.
  private static func key(_ statement: OpaquePointer, _ column: Int?) -> String? {
    guard let column, let text = sqlite3_column_text(statement, Int32(column)) else { return nil }
    return String(cString: text)
  }

  /// SQLite copies bound text (`SQLITE_TRANSIENT`, a macro Swift does not import).
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  /// `2024-09-01 00:00:00` for local milliseconds since 1970-01-01 00:00.
  static func localText(_ local: Int64) -> String {
    let day =
      local >= 0 ? local / Timestamp.millisecondsPerDay : (local + 1) / Timestamp.millisecondsPerDay - 1
    let date = CivilDate(daysSinceEpoch: Int(day))
    let seconds = (local - day * Timestamp.millisecondsPerDay) / 1000
    func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(date) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
  }
}
