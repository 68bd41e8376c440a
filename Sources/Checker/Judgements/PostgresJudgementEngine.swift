import CPostgres
import Foundation
import PolicyRules

/// Runs a compiled audit (`policy-check sql --dialect postgres`) on a PostgreSQL server through
/// libpq and returns the rows of its table `judgements`, as text, for `JudgementRowReader`.
///
/// The script runs in the session as written (one transaction for the judgements; its own
/// temporary tables), so the server keeps the table `judgements` afterwards, as after
/// `scripts/sql-run.py`. No message repeats the password.
public enum PostgresJudgementEngine {
  /// The columns read back, as `scripts/sql-run.py` prints them.
  public static let columns = [
    "rule_id", "kind", "subject", "period", "group_value", "outcome", "anchor_ms", "due_ms", "evidence",
  ]

  /// Why the engine gave no rows: a lowercase message without the password.
  public struct Failure: Error, Sendable {
    public var message: String
  }

  /// Runs `script` on the server `conninfo` names and reads the judgements, ordered by rule,
  /// subject and anchor.
  public static func run(script: String, connection conninfo: String) -> Result<[[String?]], Failure> {
    let secrets = PostgresReader.secrets(conninfo)
    func failure(_ what: String, _ message: String) -> Failure {
      Failure(message: "\(what): \(PostgresReader.scrub(PostgresReader.oneLine(message), secrets))")
    }
    let connection: OpaquePointer
    switch PostgresReader.connect(conninfo) {
    case .success(let c): connection = c
    case .failure(let f): return .failure(failure("cannot connect to PostgreSQL", f.message))
    }
    defer { PQfinish(connection) }
    // The script's notices (a table it replaces did not exist) are not the user's concern.
    PQsetNoticeProcessor(connection, { _, _ in }, nil)
    let ran = PQexec(connection, script)
    let status = PQresultStatus(ran)
    let runError = String(cString: PQerrorMessage(connection))
    PQclear(ran)
    guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
      return .failure(failure("PostgreSQL stopped the compiled audit", runError))
    }
    let query =
      "SELECT \(columns.joined(separator: ", ")) FROM judgements ORDER BY rule_id, subject, anchor_ms"
    let result = PQexec(connection, query)
    defer { PQclear(result) }
    guard PQresultStatus(result) == PGRES_TUPLES_OK else {
      return .failure(
        failure("cannot read the table judgements", String(cString: PQerrorMessage(connection))))
    }
    let count = Int(PQntuples(result))
    var rows: [[String?]] = []
    rows.reserveCapacity(count)
    for r in 0..<Int32(count) {
      rows.append(
        (0..<Int32(columns.count)).map { c in
          PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c))
        })
    }
    return .success(rows)
  }
}
