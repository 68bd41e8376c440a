import CPostgres
import Foundation

/// A store in a PostgreSQL database (its current schema), through libpq as `postgres:` sources
/// connect: a URL or `key=value` string, or libpq's environment; a 10 s connect timeout unless
/// `PGCONNECT_TIMEOUT` says otherwise; the password scrubbed from every message.
final class PostgresStoreConnection: StoreConnection {
  let dialect = StoreDialect.postgres
  private let connection: OpaquePointer
  private let secrets: [String]
  private var statementCount = 0

  init(conninfo: String) throws(StoreError) {
    secrets = PostgresReader.secrets(conninfo)
    var keywords = ["dbname", "fallback_application_name"]
    var settings = [conninfo, "policy-check"]
    if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
      keywords.insert("connect_timeout", at: 0)
      settings.insert("10", at: 0)
    }
    let connection = PostgresReader.withCStrings(keywords) { k in
      PostgresReader.withCStrings(settings) { v in PQconnectdbParams(k, v, 1) }
    }
    guard let connection, PQstatus(connection) == CONNECTION_OK else {
      let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
      PQfinish(connection)
      throw StoreError(
        "cannot connect to the PostgreSQL store: \(PostgresReader.scrub(PostgresReader.oneLine(message), secrets))"
      )
    }
    self.connection = connection
    // Notices of the server are not wanted on stderr.
    _ = try? execute("set client_min_messages = warning")
  }

  func close() { PQfinish(connection) }

  private func failure(_ result: OpaquePointer?) -> StoreError {
    let message =
      result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
      ?? PostgresReader.oneLine(String(cString: PQerrorMessage(connection)))
    return StoreError("the PostgreSQL store failed: \(PostgresReader.scrub(message, secrets))")
  }

  private func check(_ result: OpaquePointer?) throws(StoreError) {
    let status = PQresultStatus(result)
    guard result != nil, status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
      throw failure(result)
    }
  }

  func execute(_ sql: String) throws(StoreError) {
    let result = PQexec(connection, sql)
    defer { PQclear(result) }
    try check(result)
  }

  func query(_ sql: String, _ parameters: [StoreValue]) throws(StoreError) -> [[StoreValue]] {
    let result = Self.withParameters(parameters) { values in
      PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
    }
    defer { PQclear(result) }
    try check(result)
    let columns = PQnfields(result)
    return (0..<PQntuples(result)).map { r in
      (0..<columns).map { c in
        PQgetisnull(result, r, c) != 0 ? .null : .text(String(cString: PQgetvalue(result, r, c)))
      }
    }
  }

  func prepare(_ sql: String) throws(StoreError) -> any StoreStatement {
    statementCount += 1
    let name = "policy_check_\(statementCount)"
    let result = PQprepare(connection, name, sql, 0, nil)
    defer { PQclear(result) }
    try check(result)
    return PostgresStoreStatement(self, name: name)
  }

  fileprivate func run(_ name: String, _ parameters: [StoreValue]) throws(StoreError) {
    let result = Self.withParameters(parameters) { values in
      PQexecPrepared(connection, name, Int32(parameters.count), values, nil, nil, 0)
    }
    defer { PQclear(result) }
    try check(result)
  }

  fileprivate func deallocate(_ name: String) {
    PQclear(PQexec(connection, "deallocate \(name)"))
  }

  /// Calls `body` with the parameters as text (NULL as a null pointer), alive for the call.
  private static func withParameters<R>(
    _ parameters: [StoreValue], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R
  ) -> R {
    let copies = parameters.map { value in value.string.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    // C strings owned by `copies`, which outlive `body`.
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
  }
}

final class PostgresStoreStatement: StoreStatement {
  private unowned let connection: PostgresStoreConnection
  private let name: String

  fileprivate init(_ connection: PostgresStoreConnection, name: String) {
    self.connection = connection
    self.name = name
  }

  func run(_ parameters: [StoreValue]) throws(StoreError) { try connection.run(name, parameters) }
  func close() { connection.deallocate(name) }
}
