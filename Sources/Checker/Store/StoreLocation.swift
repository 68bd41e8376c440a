import Foundation

/// Where `--store` keeps audit runs: `sqlite:PATH`, a PostgreSQL URL (`postgres://…`,
/// `postgresql://…`) or `postgres:` with a `key=value` string (empty: libpq's environment), or
/// `env:NAME` for a variable holding one of these.
public struct StoreLocation: Sendable, Hashable {
  public enum System: String, Sendable, Hashable {
    case sqlite, postgres
  }

  public var system: System
  /// The SQLite file, or the PostgreSQL connection string.
  public var connection: String
  /// How messages name the store: the file, or `the PostgreSQL store` (never the URL, which may
  /// hold a password).
  public var name: String {
    system == .sqlite ? connection : "the PostgreSQL store"
  }

  public init(system: System, connection: String) {
    self.system = system
    self.connection = connection
  }

  /// Parses `--store`'s value; `environment` resolves `env:NAME`.
  public static func parse(
    _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(StoreError) -> StoreLocation {
    var spec = text
    if spec.hasPrefix("env:") {
      let variable = String(spec.dropFirst(4))
      guard let value = environment[variable], !value.isEmpty else {
        throw StoreError(
          "environment variable \(variable) is not set; it should hold the store (sqlite:FILE or a postgres:// URL)"
        )
      }
      spec = value
    }
    if spec.hasPrefix("postgres://") || spec.hasPrefix("postgresql://") {
      return StoreLocation(system: .postgres, connection: spec)
    }
    if spec.hasPrefix("postgres:") {
      return StoreLocation(system: .postgres, connection: String(spec.dropFirst(9)))
    }
    if spec.hasPrefix("sqlite:") {
      let path = String(spec.dropFirst(7))
      guard !path.isEmpty else { throw StoreError("--store sqlite: needs a file, e.g. sqlite:audits.db") }
      return StoreLocation(system: .sqlite, connection: path)
    }
    // (The value is not repeated: a mistyped URL may hold a password.)
    throw StoreError("--store takes sqlite:FILE, a postgres:// URL or env:NAME")
  }
}
