import CPostgres
import Foundation
import PolicyRules

/// Reads a `postgres:` source through libpq: a read-only transaction, the query as a cursor
/// (its parameters bound, never put into the text) fetched in batches in binary, so rows stream
/// and values arrive typed: `timestamptz` is an instant, `timestamp` and `date` local times in
/// the dataset's zone, integers, floats and `numeric` numbers, `boolean` a bool, text and JSON
/// text, NULL null. A column of another type is an error naming it (cast it in the query).
///
/// The connection is the `url:` (or `env:NAME` for a variable holding it) or, without one,
/// libpq's environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGSERVICE`, `.pgpass`).
/// No message repeats the URL, and the password is removed from every message of the server.
enum PostgresReader {
  /// Rows a fetch brings: enough to amortise a round trip, few enough to hold little memory.
  static let batchRows = 20_000
  static let cursor = "policy_check_rows"

  static func read(
    _ database: DatabaseSource, parameters: QueryParameters, values: [Timestamp], rows: inout DatabaseRows
  ) {
    var conninfo = database.connection
    if conninfo.hasPrefix("env:") {
      let name = String(conninfo.dropFirst(4))
      guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
        rows.fail(
          "environment variable \(name) is not set; it should hold the PostgreSQL URL of \(rows.source.file)",
          at: database.connectionMark)
        return
      }
      conninfo = value
    }
    let secrets = Self.secrets(conninfo)
    func clean(_ message: String) -> String { scrub(message, secrets) }
    // A server that does not answer must not hang the run: 10 s unless the URL or the
    // environment says otherwise (later keywords win over the first).
    var keywords = ["dbname", "fallback_application_name"]
    var settings = [conninfo, "policy-check"]
    if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
      keywords.insert("connect_timeout", at: 0)
      settings.insert("10", at: 0)
    }
    let connection = withCStrings(keywords) { k in
      withCStrings(settings) { v in PQconnectdbParams(k, v, 1) }
    }
    defer { PQfinish(connection) }
    guard let connection, PQstatus(connection) == CONNECTION_OK else {
      let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
      rows.fail(
        "cannot connect to PostgreSQL for \(rows.source.file): \(clean(oneLine(message)))",
        at: database.connectionMark)
      return
    }
    let placeholder: (Int) -> String = { "$\($0)" }
    var text = parameters.text(placeholder: placeholder)
    while let last = text.last, last == ";" || last.isWhitespace { text.removeLast() }
    let declare = "declare \(cursor) no scroll cursor for "
    guard command(connection, "begin read only", rows: &rows, clean: clean) else { return }
    // Times are bound as text with the dataset zone's offset: an instant for a timestamptz
    // column, the local time for a timestamp column.
    let bound = values.map { offsetText($0, zone: rows.zone) }
    let declared = withCStrings(bound) { pointers in
      PQexecParams(connection, declare + text, Int32(bound.count), nil, pointers, nil, nil, 0)
    }
    defer { PQclear(declared) }
    guard PQresultStatus(declared) == PGRES_COMMAND_OK else {
      var position = ""
      // (A `table:` query is the tool's own: its position would say nothing.)
      if database.table == nil, let field = PQresultErrorField(declared, Int32(UInt8(ascii: "P"))),
        let characters = Int(String(cString: field))
      {
        let inText = max(0, characters - 1 - declare.count)
        let bytes = String(text.prefix(inText)).utf8.count
        let written = parameters.originalOffset(bytes, placeholder: placeholder)
        let character = String(decoding: database.query.utf8.prefix(written), as: UTF8.self).count + 1
        position = " (at character \(character) of the query)"
      }
      let message =
        PQresultErrorField(declared, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        ?? oneLine(String(cString: PQerrorMessage(connection)))
      rows.fail(
        "the query of \(rows.source.file) failed: \(clean(message))\(position)", at: database.queryMark)
      return
    }
    var row = 0
    var decoder = PostgresValueDecoder()
    var columns: [PostgresValueDecoder.Kind] = []
    var unreadable: (name: String, type: Oid)?
    // One thread fetches the next batch while this one files the last: the server and libpq
    // work alongside the conversion instead of in turn.
    let queue = ResultQueue(capacity: 2)
    let shared = UncheckedSendable(connection)
    Parallel.alongside({ fetch(shared.value, into: queue) }) {
      defer { queue.cancel() }
      while !rows.isStopped, let batch = queue.take() {
        defer { PQclear(batch) }
        guard PQresultStatus(batch) == PGRES_TUPLES_OK else {
          rows.fail(
            "reading the result of \(rows.source.file) failed after \(row) rows: "
              + clean(oneLine(String(cString: PQresultErrorMessage(batch)))),
            at: database.queryMark)
          return
        }
        let count = Int(PQnfields(batch))
        if columns.isEmpty && count > 0 {
          let names = (0..<count).map { String(cString: PQfname(batch, Int32($0))) }
          for column in 0..<count {
            let type = PQftype(batch, Int32(column))
            guard let kind = PostgresValueDecoder.Kind(oid: type) else {
              unreadable = (names[column], type)
              return
            }
            columns.append(kind)
          }
          guard rows.addColumns(names) else { return }
        }
        let caseIdColumn = rows.caseIdColumn
        for r in 0..<PQntuples(batch) {
          row += 1
          let key = {
            caseIdColumn.flatMap { c -> String? in
              guard PQgetisnull(batch, r, Int32(c)) == 0, columns[c] == .text else { return nil }
              return String(cString: PQgetvalue(batch, r, Int32(c)))
            }
          }
          rows.readRow(row, columns: count, key: key) { rows, column in
            let c = Int32(column)
            if PQgetisnull(batch, r, c) != 0 { return rows.null(column, row: row) }
            let length = Int(PQgetlength(batch, r, c))
            return PQgetvalue(batch, r, c).withMemoryRebound(to: UInt8.self, capacity: length) {
              decoder.store(
                UnsafeBufferPointer(start: $0, count: length), kind: columns[column], column: column,
                row: row,
                into: &rows)
            }
          }
          if rows.isStopped { break }
        }
      }
      if queue.outOfMemory {
        rows.fail("reading the result of \(rows.source.file) failed: out of memory", at: database.queryMark)
      }
    }
    if let unreadable {
      rows.fail(
        "column \(unreadable.name) of \(rows.source.file) has type \(typeName(unreadable.type, connection)), "
          + "which cannot be read; cast it in the query, e.g. \(unreadable.name)::text",
        at: database.queryMark)
      return
    }
    _ = command(connection, "commit", rows: &rows, clean: clean)
  }

  /// Fetches the cursor's batches into `queue` until one is empty or failed, or the reader
  /// stops taking them.
  private static func fetch(_ connection: OpaquePointer, into queue: ResultQueue) {
    defer { queue.finish() }
    while true {
      guard
        let batch = PQexecParams(
          connection, "fetch forward \(batchRows) from \(cursor)", 0, nil, nil, nil, nil, 1)
      else {
        queue.outOfMemory = true
        return
      }
      let last = PQresultStatus(batch) != PGRES_TUPLES_OK || PQntuples(batch) == 0
      guard queue.put(batch), !last else { return }
    }
  }

  /// Runs a statement without a result; false (after an error) when it fails.
  private static func command(
    _ connection: OpaquePointer, _ sql: String, rows: inout DatabaseRows, clean: (String) -> String
  ) -> Bool {
    let result = PQexec(connection, sql)
    defer { PQclear(result) }
    guard PQresultStatus(result) == PGRES_COMMAND_OK else {
      rows.fail(
        "PostgreSQL refused '\(sql)' for \(rows.source.file): \(clean(oneLine(String(cString: PQerrorMessage(connection)))))",
        at: rows.source.database?.connectionMark)
      return false
    }
    return true
  }

  /// `uuid[]`: the server's name of a type, for the message about a column it cannot read.
  private static func typeName(_ oid: Oid, _ connection: OpaquePointer) -> String {
    let result = PQexec(connection, "select format_type(\(oid), null)")
    defer { PQclear(result) }
    guard PQresultStatus(result) == PGRES_TUPLES_OK, PQntuples(result) == 1 else { return "oid \(oid)" }
    return String(cString: PQgetvalue(result, 0, 0))
  }

  /// The password of a connection string or URL, and `PGPASSWORD`: never to be shown.
  static func secrets(_ conninfo: String) -> [String] {
    var found: [String] = []
    if let password = ProcessInfo.processInfo.environment["PGPASSWORD"], !password.isEmpty {
      found.append(password)
    }
    var error: UnsafeMutablePointer<CChar>?
    if let options = PQconninfoParse(conninfo, &error) {
      var option = options
      while let keyword = option.pointee.keyword {
        if String(cString: keyword) == "password", let value = option.pointee.val {
          let password = String(cString: value)
          if !password.isEmpty { found.append(password) }
        }
        option += 1
      }
      PQconninfoFree(options)
    }
    if let error { PQfreemem(error) }
    // A URL libpq could not parse may still hold `user:password@`.
    if let scheme = conninfo.range(of: "://"), let at = conninfo[scheme.upperBound...].firstIndex(of: "@"),
      let colon = conninfo[scheme.upperBound..<at].firstIndex(of: ":")
    {
      let password = String(conninfo[conninfo.index(after: colon)..<at])
      if !password.isEmpty { found.append(password) }
    }
    return found
  }

  /// `message` with every secret (and its percent-encoded form) replaced by `***`.
  static func scrub(_ message: String, _ secrets: [String]) -> String {
    var text = message
    for secret in secrets {
      text = text.replacingOccurrences(of: secret, with: "***")
      if let decoded = secret.removingPercentEncoding, decoded != secret {
        text = text.replacingOccurrences(of: decoded, with: "***")
      }
    }
    return text
  }

  /// libpq's multi-line messages on one line.
  static func oneLine(_ message: String) -> String {
    message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
      !$0.isEmpty
    }.joined(separator: "; ")
  }

  /// `2024-09-01 00:00:00+08:00`: the instant as the dataset's local time with its offset.
  static func offsetText(_ t: Timestamp, zone: TimeZoneOffsets) -> String {
    let offset = zone.offsetMilliseconds(atUTC: t.milliseconds) / 60_000
    let sign = offset < 0 ? "-" : "+"
    let hours = abs(offset) / 60
    let minutes = abs(offset) % 60
    return SQLiteReader.localText(t.milliseconds + offset * 60_000)
      + "\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
  }

  /// Calls `body` with C strings of `strings`, NULL-terminated, alive for the call.
  static func withCStrings<R>(
    _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R
  ) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
}

/// Fetched batches (libpq results) on their way from the fetching thread to the reading one:
/// at most `capacity` wait; each result is cleared by whoever holds it last.
final class ResultQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var results: [OpaquePointer] = []
  private var finished = false
  private var cancelled = false
  private let capacity: Int
  /// Set by the fetcher (before `finish`) when libpq could not allocate a result.
  var outOfMemory: Bool {
    get { condition.withLock { memoryFailed } }
    set { condition.withLock { memoryFailed = newValue } }
  }
  private var memoryFailed = false

  init(capacity: Int) { self.capacity = capacity }

  /// Waits for room; false (the result cleared) when the reader has stopped.
  func put(_ result: OpaquePointer) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while results.count >= capacity && !cancelled { condition.wait() }
    if cancelled {
      PQclear(result)
      return false
    }
    results.append(result)
    condition.broadcast()
    return true
  }

  /// The next result; nil once the fetcher has finished and all are taken.
  func take() -> OpaquePointer? {
    condition.lock()
    defer { condition.unlock() }
    while results.isEmpty && !finished { condition.wait() }
    guard !results.isEmpty else { return nil }
    let result = results.removeFirst()
    condition.broadcast()
    return result
  }

  func finish() {
    condition.withLock {
      finished = true
      condition.broadcast()
    }
  }

  /// The reader stops: waiting results are cleared and the fetcher's next `put` fails.
  func cancel() {
    condition.withLock {
      cancelled = true
      for result in results { PQclear(result) }
      results = []
      condition.broadcast()
    }
  }
}
