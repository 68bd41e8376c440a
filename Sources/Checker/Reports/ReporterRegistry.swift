/// Every report format, in the order `--help` lists them. The CLI's `--format NAME=PATH` looks
/// names up here; adding a format means adding one line.
public enum ReporterRegistry {
  public static let all: [any Reporter] = [
    TextReporter(),
    JSONReporter(),
    CSVReporter(),
    MarkdownReporter(),
    HTMLReporter(),
    SARIFReporter(),
    JUnitReporter(),
  ]

  /// The reporter with this `--format` name (case-insensitive), or nil.
  public static func reporter(named name: String) -> (any Reporter)? {
    let wanted = name.lowercased()
    return all.first { $0.formatName == wanted }
  }

  /// All `--format` names, for usage messages and suggestions.
  public static var names: [String] { all.map(\.formatName) }
}
