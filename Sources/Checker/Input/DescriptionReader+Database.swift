import Foundation
import PolicyRules

extension DescriptionReader {
  static let postgresKeys = ["url", "query", "table"]
  static let sqliteKeys = ["file", "query", "table"]
  /// Keys of a file source that mean nothing for a query's typed columns.
  static let fileOnlyKeys = ["format", "encoding", "delimiter", "max_field_lines", "max_field_bytes"]

  /// Whether a source reads a database (names `postgres:` or `sqlite:`) rather than a file.
  static func isDatabase(_ mapping: YAMLMapping) -> Bool {
    DatabaseSource.System.allCases.contains { mapping[$0.rawValue] != nil }
  }

  /// The `postgres:` or `sqlite:` of a source; nil when it has neither or is wrong (the errors
  /// are in `diagnostics`).
  func databaseSource(_ mapping: YAMLMapping, diagnostics: inout DiagnosticBag) -> DatabaseSource? {
    let present = DatabaseSource.System.allCases.filter { mapping[$0.rawValue] != nil }
    guard let system = present.first, let entry = mapping.entry(system.rawValue) else { return nil }
    if present.count > 1 || mapping["file"] != nil {
      diagnostics.error(
        "a source reads one of 'file', 'postgres' or 'sqlite'; this one names "
          + (["file"] + present.map(\.rawValue)).filter { mapping[$0] != nil }.map { "'\($0)'" }.joined(
            separator: " and "),
        at: entry.key.mark)
      return nil
    }
    for key in Self.fileOnlyKeys {
      if let other = mapping.entry(key) {
        diagnostics.error(
          "'\(key)' applies to file sources; a \(system.rawValue) source has typed columns",
          at: other.key.mark)
      }
    }
    guard let connection = entry.value.mapping else {
      let example =
        system == .postgres
        ? "{url: env:SERVICE_DB_URL, table: tickets}" : "{file: service.db, table: tickets}"
      diagnostics.error(
        "'\(system.rawValue)' must be a mapping like \(example), found \(entry.value.kindDescription)",
        at: entry.value.mark)
      return nil
    }
    let allowed = system == .postgres ? Self.postgresKeys : Self.sqliteKeys
    rejectUnknownKeys(
      connection, allowed: allowed, in: "\(system.rawValue) source", diagnostics: &diagnostics)

    var target = ""
    var targetMark: SourceMark?
    if system == .postgres {
      if let node = connection["url"], let text = string(node, key: "url", diagnostics: &diagnostics) {
        target = text
        targetMark = node.mark
      }
    } else if let node = connection["file"], let text = string(node, key: "file", diagnostics: &diagnostics) {
      target = text.hasPrefix("/") || baseDirectory.isEmpty ? text : baseDirectory + "/" + text
      targetMark = node.mark
    } else if connection["file"] == nil {
      diagnostics.error("missing key 'file' (the database file) in sqlite source", at: connection.mark)
    }
    let query = connection["query"].flatMap { string($0, key: "query", diagnostics: &diagnostics) }
    let table = connection["table"].flatMap { string($0, key: "table", diagnostics: &diagnostics) }
    switch (query, table) {
    case (nil, nil) where connection["query"] == nil && connection["table"] == nil:
      diagnostics.error("a \(system.rawValue) source needs 'query' or 'table'", at: connection.mark)
      return nil
    case (.some, .some):
      diagnostics.error(
        "give 'query' or 'table', not both", at: connection.entry("table")?.key.mark ?? connection.mark)
      return nil
    default: break
    }
    let text = query ?? table.map(DatabaseSource.tableQuery) ?? ""
    let queryMark = (connection["query"] ?? connection["table"])?.mark
    let parameters = QueryParameters(text)
    for unknown in parameters.unknown {
      diagnostics.error(
        "unknown query parameter '\(unknown.name)'; a query can use $from, $to and $as_of"
          + Suggestions.didYouMean(unknown.name, in: QueryPeriod.names.map { "$" + $0 }),
        at: queryMark)
    }
    return DatabaseSource(
      system: system, connection: target, connectionMark: targetMark, query: text, queryMark: queryMark,
      table: table)
  }
}
