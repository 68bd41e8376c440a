import CPostgres
import Foundation
import PolicyRules

/// Reads a `postgres:` source through libpq: a read-only transaction; the query prepared (the
/// server checks it and says its columns' and parameters' types), then run as a binary COPY, so
/// rows stream without the server storing a batch per fetch or libpq building a result per
/// batch, and values arrive typed: `timestamptz` is an instant, `timestamp` and `date` local
/// times in the dataset's zone, integers, floats and `numeric` numbers, `boolean` a bool, text
/// and JSON text, NULL null. A column of another type is an error naming it (cast it in the
/// query). The parameters are bound, never put into the text.
///
/// The connection is the `url:` (or `env:NAME` for a variable holding it) or, without one,
/// libpq's environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGSERVICE`, `.pgpass`).
/// No message repeats the URL, and the password is removed from every message of the server.
enum PostgresReader {
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
    let connected = connect(conninfo)
    guard case .success(let connection) = connected else {
      if case .failure(let message) = connected {
        rows.fail(
          "cannot connect to PostgreSQL for \(rows.source.file): \(clean(message.message))",
          at: database.connectionMark)
      }
      return
    }
    defer { PQfinish(connection) }
    let placeholder: (Int) -> String = { "$\($0)" }
    var text = parameters.text(placeholder: placeholder)
    while let last = text.last, last == ";" || last.isWhitespace { text.removeLast() }
    guard command(connection, "begin read only", rows: &rows, clean: clean) else { return }
    // Prepared first: the server checks the query and says its columns' types and its
    // parameters' (inferred from where they stand), before a row is read.
    let prepared = PQprepare(connection, "", text, 0, nil)
    defer { PQclear(prepared) }
    guard PQresultStatus(prepared) == PGRES_COMMAND_OK else {
      queryFailed(prepared, text: text, database, parameters, placeholder, connection, &rows, clean)
      return
    }
    let described = PQdescribePrepared(connection, "")
    defer { PQclear(described) }
    guard PQresultStatus(described) == PGRES_COMMAND_OK else {
      queryFailed(described, text: text, database, parameters, placeholder, connection, &rows, clean)
      return
    }
    let count = Int(PQnfields(described))
    let names = (0..<count).map { String(cString: PQfname(described, Int32($0))) }
    var kinds: [PostgresValueDecoder.Kind] = []
    for column in 0..<count {
      let type = PQftype(described, Int32(column))
      guard let kind = PostgresValueDecoder.Kind(oid: type) else {
        rows.fail(
          "column \(names[column]) of \(rows.source.file) has type \(typeName(type, connection)), "
            + "which cannot be read; cast it in the query, e.g. \(names[column])::text",
          at: database.queryMark)
        return
      }
      kinds.append(kind)
    }
    guard count > 0, rows.addColumns(names) else {
      if count == 0 {
        rows.fail("the query of \(rows.source.file) returns no columns", at: database.queryMark)
      }
      return
    }
    // COPY takes no parameters: the values are bound to settings of this transaction (times
    // as text with the dataset zone's offset: an instant for a timestamptz column, the local
    // time for a timestamp column), which the query reads cast to the type the server
    // inferred for each, so it sees what a bound parameter would give. Never in the text.
    let bound = values.map { offsetText($0, zone: rows.zone) }
    guard Int(PQnparams(described)) == bound.count else {
      rows.fail(
        "the query of \(rows.source.file) has \(PQnparams(described)) parameters; $from, $to and $as_of are the only ones",
        at: database.queryMark)
      return
    }
    let casts = (0..<bound.count).map { typeName(PQparamtype(described, Int32($0)), connection) }
    if !bound.isEmpty {
      let settings = (1...bound.count).map { "set_config('\(setting)\($0)', $\($0)::text, true)" }
      let set = withCStrings(bound) { pointers in
        PQexecParams(
          connection, "select " + settings.joined(separator: ", "), Int32(bound.count), nil, pointers, nil,
          nil, 0)
      }
      defer { PQclear(set) }
      guard PQresultStatus(set) == PGRES_TUPLES_OK else {
        rows.fail(
          "binding the parameters of \(rows.source.file) failed: \(clean(oneLine(String(cString: PQerrorMessage(connection)))))",
          at: database.queryMark)
        return
      }
    }
    // Room for the rows the planner expects, as a file's are estimated from its size: the
    // columns then need not grow by doubling (copies and page faults) while rows stream.
    if let (estimate, width) = planEstimate(text, bound, connection), estimate > 0 {
      let expected = min(estimate, maximumReservedRows)
      rows.builder.reserve(rows: expected, byteCount: expected * max(width, 1))
    }
    var copyText = parameters.text { "(current_setting('\(setting)\($0)')::\(casts[$0 - 1]))" }
    while let last = copyText.last, last == ";" || last.isWhitespace { copyText.removeLast() }
    // (On lines of its own: a query ending in a `--` comment still closes.)
    let copy = PQexec(connection, "copy (\n\(copyText)\n) to stdout (format binary)")
    let copying = PQresultStatus(copy) == PGRES_COPY_OUT
    if !copying {
      rows.fail(
        "the query of \(rows.source.file) failed: \(clean(errorText(copy, connection)))",
        at: database.queryMark)
    }
    PQclear(copy)
    guard copying else { return }

    var row = 0
    var decoder = PostgresValueDecoder()
    var stream = PostgresCopyStream(columns: count)
    var failure: String?
    let caseIdColumn = rows.caseIdColumn
    // One thread receives the rows while this one files them: the server and libpq work
    // alongside the conversion instead of in turn.
    let queue = HandoffQueue<CopyRun>(capacity: 4)
    let shared = UncheckedSendable(connection)
    Parallel.alongside({ receive(shared.value, into: queue) }) {
      defer { queue.cancel() }
      while !rows.isStopped, let run = queue.take() {
        guard case .bytes(let bytes) = run else {
          if case .failed(let message) = run { failure = message }
          return
        }
        let problem = stream.parse(bytes, group: groupRows) { group in
          // The look-ups of a group's ids are read ahead together, as a file's (`warm`).
          rows.builder.warm(group)
          for r in 0..<group.count {
            row += 1
            let key = {
              caseIdColumn.flatMap { c -> String? in
                guard !group.isNull(r, c), kinds[c] == .text else { return nil }
                return group.withField(r, c) { String(decoding: $0, as: UTF8.self) }
              }
            }
            rows.readRow(row, columns: count, key: key) { rows, column in
              if group.isNull(r, column) { return rows.null(column, row: row) }
              return group.withField(r, column) {
                decoder.store($0, kind: kinds[column], column: column, row: row, into: &rows)
              }
            }
            if rows.isStopped { return false }
          }
          return true
        }
        if let problem {
          failure = problem
          return
        }
      }
      if failure == nil && !rows.isStopped && !stream.isComplete { failure = "the data ended early" }
      // Stopped early (at the error budget): the server stops sending, so the receiving thread
      // is not left waiting for rows of a slow query that nobody reads.
      if rows.isStopped { cancel(connection) }
    }
    if let failure {
      rows.fail(
        "reading the result of \(rows.source.file) failed after \(row) rows: \(clean(oneLine(failure)))",
        at: database.queryMark)
      return
    }
    // Stopped early (at the error budget): the connection closes mid-COPY, which ends it.
    guard !rows.isStopped else { return }
    _ = command(connection, "commit", rows: &rows, clean: clean)
  }

  /// At most this many rows are reserved from the planner's estimate (a wrong estimate costs
  /// address space, not memory: untouched room is never paged in).
  static let maximumReservedRows = 50_000_000

  /// The planner's estimate of the query's rows and their width in bytes; nil when the server
  /// gives none (the rows then grow their columns as they come).
  private static func planEstimate(_ text: String, _ bound: [String], _ connection: OpaquePointer) -> (
    rows: Int, width: Int
  )? {
    let explained = withCStrings(bound) { pointers in
      PQexecParams(
        connection, "explain (format json) " + text, Int32(bound.count), nil, pointers, nil, nil, 0)
    }
    defer { PQclear(explained) }
    guard PQresultStatus(explained) == PGRES_TUPLES_OK, PQntuples(explained) >= 1 else { return nil }
    let plan = String(cString: PQgetvalue(explained, 0, 0))
    // The outermost node comes first: `"Plan Rows": 1300000, "Plan Width": 92`.
    func number(after key: String) -> Int? {
      guard let range = plan.range(of: "\"\(key)\": ") else { return nil }
      return Int(plan[range.upperBound...].prefix { $0.isNumber })
    }
    guard let rows = number(after: "Plan Rows") else { return nil }
    return (rows, number(after: "Plan Width") ?? 0)
  }

  /// Rows filed together: their look-ups are read ahead as one (`SourceBuilder.warm`).
  static let groupRows = 64
  /// Bytes the receiving thread gathers before handing them over.
  static let runBytes = 1 << 20
  /// The prefix of the transaction-local settings that carry the parameters.
  static let setting = "policy_check.p"

  /// Receives the COPY data into `queue` in runs of about `runBytes`, until it ends, fails, or
  /// the reader stops taking it.
  private static func receive(_ connection: OpaquePointer, into queue: HandoffQueue<CopyRun>) {
    defer { queue.finish() }
    var run: [UInt8] = []
    run.reserveCapacity(runBytes + 65_536)
    while true {
      // libpq's buffer for one row, copied into `run` and freed with PQfreemem.
      var buffer: UnsafeMutablePointer<CChar>?
      let length = PQgetCopyData(connection, &buffer, 0)
      if length > 0, let buffer {
        buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
          // libpq's buffer, `length` bytes valid until it is freed just after.
          run.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
        }
        PQfreemem(buffer)
        if run.count >= runBytes {
          guard queue.put(.bytes(run)) else { return }
          run = []
          run.reserveCapacity(runBytes + 65_536)
        }
        continue
      }
      if !run.isEmpty {
        guard queue.put(.bytes(run)) else { return }
      }
      // -1: the COPY ended (its result says how); -2: the connection failed.
      var message = length == -2 ? String(cString: PQerrorMessage(connection)) : nil
      while let result = PQgetResult(connection) {
        if message == nil && PQresultStatus(result) != PGRES_COMMAND_OK {
          message = errorText(result, connection)
        }
        PQclear(result)
      }
      if let message { _ = queue.put(.failed(message)) }
      return
    }
  }

  /// Asks the server to cancel the running statement (its error then ends the COPY).
  private static func cancel(_ connection: OpaquePointer) {
    guard let handle = PQgetCancel(connection) else { return }
    defer { PQfreeCancel(handle) }
    var message = [CChar](repeating: 0, count: 256)
    _ = PQcancel(handle, &message, Int32(message.count))
  }

  /// A result's error message (the server's primary message), else the connection's.
  private static func errorText(_ result: OpaquePointer?, _ connection: OpaquePointer) -> String {
    PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
      ?? oneLine(String(cString: PQerrorMessage(connection)))
  }

  /// The error of preparing the query, with its position in the query as written.
  private static func queryFailed(
    _ result: OpaquePointer?, text: String, _ database: DatabaseSource, _ parameters: QueryParameters,
    _ placeholder: (Int) -> String, _ connection: OpaquePointer, _ rows: inout DatabaseRows,
    _ clean: (String) -> String
  ) {
    var position = ""
    // (A `table:` query is the tool's own: its position would say nothing.)
    if database.table == nil, let field = PQresultErrorField(result, Int32(UInt8(ascii: "P"))),
      let characters = Int(String(cString: field))
    {
      let inText = max(0, characters - 1)
      let bytes = String(text.prefix(inText)).utf8.count
      let written = parameters.originalOffset(bytes, placeholder: placeholder)
      let character = String(decoding: database.query.utf8.prefix(written), as: UTF8.self).count + 1
      position = " (at character \(character) of the query)"
    }
    rows.fail(
      "the query of \(rows.source.file) failed: \(clean(errorText(result, connection)))\(position)",
      at: database.queryMark)
  }

  /// A connection to the server `conninfo` names (a URL or `key=value` settings), or libpq's
  /// message on one line (not yet scrubbed of the password). The caller finishes it (`PQfinish`).
  static func connect(_ conninfo: String) -> Result<OpaquePointer, ConnectionFailure> {
    // A server that does not answer must not hang the run: 10 s unless the URL or the
    // environment says otherwise (later keywords win over the first).
    // Text is read as UTF-8, so the server converts to it whatever the URL or
    // `PGCLIENTENCODING` says (last: later keywords win).
    var keywords = ["dbname", "fallback_application_name", "client_encoding"]
    var settings = [conninfo, "policy-check", "UTF8"]
    if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
      keywords.insert("connect_timeout", at: 0)
      settings.insert("10", at: 0)
    }
    let connection = withCStrings(keywords) { k in
      withCStrings(settings) { v in PQconnectdbParams(k, v, 1) }
    }
    guard let connection, PQstatus(connection) == CONNECTION_OK else {
      let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
      PQfinish(connection)
      return .failure(ConnectionFailure(message: oneLine(message)))
    }
    return .success(connection)
  }

  /// Why a connection failed: libpq's message.
  struct ConnectionFailure: Error {
    var message: String
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
    // libpq's error text, copied and freed with PQfreemem.
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
    // C strings owned by `copies`, which outlive `body`.
    let pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
}

/// What the receiving thread hands over: a run of COPY bytes, or why the COPY failed.
enum CopyRun: Sendable {
  case bytes([UInt8])
  case failed(String)
}

/// Values on their way from one thread to another: at most `capacity` wait.
final class HandoffQueue<Element: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var items: [Element] = []
  private var finished = false
  private var cancelled = false
  private let capacity: Int

  init(capacity: Int) { self.capacity = capacity }

  /// Waits for room; false when the taker has stopped.
  func put(_ item: Element) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while items.count >= capacity && !cancelled { condition.wait() }
    if cancelled { return false }
    items.append(item)
    condition.broadcast()
    return true
  }

  /// The next value; nil once the giver has finished and all are taken.
  func take() -> Element? {
    condition.lock()
    defer { condition.unlock() }
    while items.isEmpty && !finished { condition.wait() }
    guard !items.isEmpty else { return nil }
    let item = items.removeFirst()
    condition.broadcast()
    return item
  }

  func finish() {
    condition.withLock {
      finished = true
      condition.broadcast()
    }
  }

  /// The taker stops: waiting values are dropped and the giver's next `put` fails.
  func cancel() {
    condition.withLock {
      cancelled = true
      items = []
      condition.broadcast()
    }
  }
}
