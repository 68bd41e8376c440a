import CSQLite
import Foundation
import PolicyRules

/// Reads a `sqlite:` source: the database opened read-only (and without SQLite's locks: one
/// thread uses the connection), the query stepped in groups of rows.
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
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
      let db = handle
    else {
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
    let columnCount = Int(sqlite3_column_count(statement))
    let names = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
    guard rows.addColumns(names) else { return }
    let booleans = (0..<columnCount).map { column in
      sqlite3_column_decltype(statement, Int32(column)).map {
        String(cString: $0).uppercased().hasPrefix("BOOL")
      }
        ?? false
    }
    let caseIdColumn = rows.caseIdColumn
    var row = 0
    // Rows are stepped in groups, their cells copied into one buffer (a row's values last only
    // until the next step), so that the group's look-ups are read ahead together, as a file's
    // (`SourceBuilder.warm`). Numbers are kept as their 8 bytes, with each cell's storage class.
    var buffer: [UInt8] = []
    var cells: [Int] = []
    var classes: [Int32] = []
    var done = false
    while !done && !rows.isStopped {
      buffer.removeAll(keepingCapacity: true)
      cells.removeAll(keepingCapacity: true)
      classes.removeAll(keepingCapacity: true)
      var count = 0
      while count < groupRows {
        let status = sqlite3_step(statement)
        if status == SQLITE_DONE {
          done = true
          break
        }
        guard status == SQLITE_ROW else {
          rows.fail(
            "reading the result of \(rows.source.file) failed after \(row + count) rows: \(String(cString: sqlite3_errmsg(db)))",
            at: database.queryMark)
          return
        }
        for column in 0..<Int32(columnCount) {
          let storage = sqlite3_column_type(statement, column)
          classes.append(storage)
          cells.append(buffer.count)
          switch storage {
          case SQLITE_NULL:
            cells.append(-1)
          case SQLITE_INTEGER:
            withUnsafeBytes(of: sqlite3_column_int64(statement, column)) { buffer.append(contentsOf: $0) }
            cells.append(8)
          case SQLITE_FLOAT:
            withUnsafeBytes(of: sqlite3_column_double(statement, column)) { buffer.append(contentsOf: $0) }
            cells.append(8)
          case SQLITE_TEXT:
            let text = sqlite3_column_text(statement, column)
            let length = Int(sqlite3_column_bytes(statement, column))
            if let text, length > 0 {
              // SQLite's text, `length` bytes valid until the next step of the statement; copied here.
              buffer.append(contentsOf: UnsafeBufferPointer(start: text, count: length))
            }
            cells.append(length)
          default:
            cells.append(0)
          }
        }
        count += 1
      }
      // The row's bytes, lent for this row only.
      buffer.withUnsafeBufferPointer { bytes in
        let group = CellRows(bytes: bytes, cells: cells, columns: columnCount, count: count)
        rows.builder.warm(group)
        for r in 0..<count {
          row += 1
          let key = {
            caseIdColumn.flatMap { c -> String? in
              switch classes[r * columnCount + c] {
              case SQLITE_TEXT: return group.withField(r, c) { String(decoding: $0, as: UTF8.self) }
              case SQLITE_INTEGER:
                return group.withField(r, c) {
                  // The 8 bytes this reader stored for an integer cell, read unaligned.
                  String(UnsafeRawBufferPointer($0).loadUnaligned(as: Int64.self))
                }
              default: return nil
              }
            }
          }
          rows.readRow(row, columns: columnCount, key: key) { rows, column in
            group.withField(r, column) { value in
              switch classes[r * columnCount + column] {
              case SQLITE_NULL: return rows.null(column, row: row)
              case SQLITE_INTEGER:
                // The 8 bytes this reader stored for an integer cell, read unaligned.
                let integer = UnsafeRawBufferPointer(value).loadUnaligned(as: Int64.self)
                return booleans[column] && (integer == 0 || integer == 1)
                  ? rows.bool(column, integer == 1, row: row) : rows.number(column, Double(integer), row: row)
              case SQLITE_FLOAT:
                return rows.number(
                  // The 8 bytes this reader stored for a float cell, read unaligned.
                  column, UnsafeRawBufferPointer(value).loadUnaligned(as: Double.self), row: row)
              case SQLITE_TEXT: return rows.text(column, value, row: row)
              default:
                rows.builder.reject(
                  line: row, column: column + 1,
                  reason: "column \(names[column]) holds a BLOB; only text, numbers and booleans can be read")
                return false
              }
            }
          }
          if rows.isStopped { return }
        }
      }
    }
  }

  /// Rows stepped and filed together.
  static let groupRows = 64

  /// SQLite copies bound text before the bind returns (`SQLITE_TRANSIENT`).
  private static let transient = policy_check_sqlite_transient()

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
