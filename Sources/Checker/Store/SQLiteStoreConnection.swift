import CSQLite

/// A store in an SQLite file, opened read-write (created on the first write when absent).
final class SQLiteStoreConnection: StoreConnection {
  let dialect = StoreDialect.sqlite
  private let db: OpaquePointer
  let path: String

  /// Opens `path`; `create` allows a new file.
  init(path: String, create: Bool) throws(StoreError) {
    var handle: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
    guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let db = handle else {
      let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(handle)
      throw StoreError("cannot open the store \(path): \(reason)")
    }
    self.db = db
    self.path = path
    // Another writer holds the lock for at most one run's transaction: wait for it.
    sqlite3_busy_timeout(db, 30_000)
    // A year's run is 180 MB of rows and index pages; SQLite's 2 MB page cache wrote and read
    // the index pages back many times over within the transaction.
    sqlite3_exec(db, "pragma cache_size = -65536", nil, nil, nil)
  }

  func close() { sqlite3_close(db) }

  func error(_ doing: String) -> StoreError {
    StoreError("\(doing) the store \(path) failed: \(String(cString: sqlite3_errmsg(db)))")
  }

  func execute(_ sql: String) throws(StoreError) {
    guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
      throw error(sql.hasPrefix("select") ? "reading" : "writing")
    }
  }

  func query(_ sql: String, _ parameters: [StoreValue]) throws(StoreError) -> [[StoreValue]] {
    let statement = try SQLiteStoreStatement(self, db, dialect.placeholders(sql))
    defer { statement.close() }
    try statement.bind(parameters)
    var rows: [[StoreValue]] = []
    let count = sqlite3_column_count(statement.handle)
    while true {
      let status = sqlite3_step(statement.handle)
      if status == SQLITE_DONE { break }
      guard status == SQLITE_ROW else { throw error("reading") }
      rows.append(
        (0..<count).map { c in
          switch sqlite3_column_type(statement.handle, c) {
          case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement.handle, c))
          case SQLITE_FLOAT: .real(sqlite3_column_double(statement.handle, c))
          case SQLITE_NULL: .null
          default: .text(String(cString: sqlite3_column_text(statement.handle, c)))
          }
        })
    }
    return rows
  }

  func prepare(_ sql: String) throws(StoreError) -> any StoreStatement {
    try SQLiteStoreStatement(self, db, dialect.placeholders(sql))
  }
}

final class SQLiteStoreStatement: StoreStatement {
  let handle: OpaquePointer
  private unowned let connection: SQLiteStoreConnection

  init(_ connection: SQLiteStoreConnection, _ db: OpaquePointer, _ sql: String) throws(StoreError) {
    var prepared: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
      sqlite3_finalize(prepared)
      throw connection.error(sql.hasPrefix("select") ? "reading" : "writing")
    }
    self.handle = prepared
    self.connection = connection
  }

  func bind(_ parameters: [StoreValue]) throws(StoreError) {
    sqlite3_reset(handle)
    for (k, value) in parameters.enumerated() {
      let index = Int32(k + 1)
      let status: Int32
      switch value {
      case .null: status = sqlite3_bind_null(handle, index)
      case .integer(let n): status = sqlite3_bind_int64(handle, index, n)
      case .real(let x): status = sqlite3_bind_double(handle, index, x)
      case .text(let text): status = sqlite3_bind_text(handle, index, text, -1, Self.transient)
      }
      guard status == SQLITE_OK else { throw connection.error("writing") }
    }
  }

  func run(_ parameters: [StoreValue]) throws(StoreError) {
    try bind(parameters)
    guard sqlite3_step(handle) == SQLITE_DONE else { throw connection.error("writing") }
  }

  func close() { sqlite3_finalize(handle) }

  /// SQLite copies bound text before the bind returns (`SQLITE_TRANSIENT`).
  private static let transient = policy_check_sqlite_transient()
}
