import PolicyRules

/// A source read from a database query instead of a file (`postgres:` or `sqlite:` in a
/// description), with the same mapping keys as a file source.
public struct DatabaseSource: Sendable {
  public enum System: String, Sendable, Hashable, CaseIterable {
    case postgres, sqlite
  }

  public var system: System
  /// PostgreSQL: a connection URL or `key=value` string (empty: libpq's environment, `PGHOST`,
  /// `PGSERVICE`, `.pgpass`); SQLite: the database file, resolved against the description.
  public var connection: String
  /// Where `url:` / `file:` was written.
  public var connectionMark: SourceMark?
  /// The query as written, with `$from`, `$to`, `$as_of` where the period is bound.
  public var query: String
  /// Where the query (or `table:`) was written.
  public var queryMark: SourceMark?
  /// The table named by `table:` (the query is then `select * from` it).
  public var table: String?

  public init(
    system: System, connection: String, connectionMark: SourceMark? = nil, query: String,
    queryMark: SourceMark? = nil, table: String? = nil
  ) {
    self.system = system
    self.connection = connection
    self.connectionMark = connectionMark
    self.query = query
    self.queryMark = queryMark
    self.table = table
  }

  /// What the source is called in reports: its table, else its record type.
  public var name = ""

  /// `postgres:tickets`: how reports name rows of this source (with the row number).
  public var displayName: String { "\(system.rawValue):\(name)" }

  /// The query for a table: every column, in the table's order.
  static func tableQuery(_ table: String) -> String {
    "select * from \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\""
  }
}

/// The period values a query may use: `$from`, `$to` (the audit period, `[from, to)`) and
/// `$as_of` (the cut-off), as instants. They are bound as parameters, never put into the text.
public struct QueryPeriod: Sendable, Hashable {
  /// First day of the period and the day after its last, and the cut-off as written.
  public var from: CivilDate?
  public var toExclusive: CivilDate?
  public var asOf: String?

  public init(from: CivilDate? = nil, toExclusive: CivilDate? = nil, asOf: String? = nil) {
    self.from = from
    self.toExclusive = toExclusive
    self.asOf = asOf
  }

  static let names = ["from", "to", "as_of"]
}

/// A query split where its parameters stand: `$from`, `$to`, `$as_of` outside quotes and comments.
struct QueryParameters {
  /// The text between parameters: `pieces.count == uses.count + 1`.
  var pieces: [String]
  /// The parameter name of each use, in order.
  var uses: [String]
  /// Names of the form `$name` that are not parameters (with their offset), for an error.
  var unknown: [(name: String, offset: Int)]

  /// Splits `query`, skipping `'…'`, `"…"`, `-- …` and `/* … */` and PostgreSQL's `$tag$…$tag$`.
  init(_ query: String) {
    let bytes = Array(query.utf8)
    var pieces: [String] = []
    var uses: [String] = []
    var unknown: [(String, Int)] = []
    var pieceStart = 0
    var k = 0
    func isWord(_ b: UInt8) -> Bool {
      (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
    }
    func skip(to end: [UInt8], from start: Int) -> Int {
      var j = start
      while j + end.count <= bytes.count {
        if Array(bytes[j..<j + end.count]) == end { return j + end.count }
        j += 1
      }
      return bytes.count
    }
    while k < bytes.count {
      let b = bytes[k]
      switch b {
      case UInt8(ascii: "'"), UInt8(ascii: "\""):
        k = skip(to: [b], from: k + 1)
      case UInt8(ascii: "-") where k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "-"):
        k = skip(to: [0x0A], from: k + 2)
      case UInt8(ascii: "/") where k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "*"):
        k = skip(to: Array("*/".utf8), from: k + 2)
      case UInt8(ascii: "$"):
        var j = k + 1
        while j < bytes.count && isWord(bytes[j]) { j += 1 }
        if j < bytes.count && bytes[j] == UInt8(ascii: "$")
          && (j == k + 1 || !(0x30...0x39).contains(bytes[k + 1]))
        {
          // A dollar-quoted string: `$$…$$` or `$tag$…$tag$`.
          k = skip(to: Array(bytes[k...j]), from: j + 1)
          continue
        }
        let name = String(decoding: bytes[k + 1..<j], as: UTF8.self)
        if QueryPeriod.names.contains(name) {
          pieces.append(String(decoding: bytes[pieceStart..<k], as: UTF8.self))
          uses.append(name)
          pieceStart = j
        } else if !name.isEmpty && (k == 0 || !isWord(bytes[k - 1])) {
          unknown.append(("$" + name, k))
        }
        k = max(j, k + 1)
      default:
        k += 1
      }
    }
    pieces.append(String(decoding: bytes[pieceStart...], as: UTF8.self))
    self.pieces = pieces
    self.uses = uses
    self.unknown = unknown
  }

  /// The distinct parameters in order of first use.
  var distinct: [String] {
    var seen: [String] = []
    for use in uses where !seen.contains(use) { seen.append(use) }
    return seen
  }

  /// The text with each use replaced by `placeholder(position among distinct)`.
  func text(placeholder: (Int) -> String) -> String {
    let order = distinct
    var text = pieces[0]
    for (k, use) in uses.enumerated() {
      text += placeholder(order.firstIndex(of: use)! + 1) + pieces[k + 1]
    }
    return text
  }
}
