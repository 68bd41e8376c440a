import Foundation
import PolicyRules

/// What a dataset is made of: its files, how each is read and the zone of its local times.
///
/// Written as YAML (see `Sources/Checker/Input/README.md`); `load` is strict: unknown keys,
/// wrong types, unknown encodings, kinds or zones are errors at their file:line:column.
public struct DatasetDescription: Sendable {
  /// The description file (empty when built from the command line).
  public var path: String
  public var name: String?
  public var timeZoneIdentifier: String
  public var sources: [SourceDescription]

  public static let defaultTimeZone = "Asia/Shanghai"

  public init(
    path: String = "", name: String? = nil, timeZoneIdentifier: String = defaultTimeZone,
    sources: [SourceDescription]
  ) {
    self.path = path
    self.name = name
    self.timeZoneIdentifier = timeZoneIdentifier
    self.sources = sources
  }

  static let topLevelKeys = ["dataset", "time_zone", "sources"]
  static let sourceKeys = [
    "file", "record", "kind", "format", "encoding", "delimiter", "case_id", "activity", "time", "resource",
    "fields", "timestamps", "events", "numbers", "booleans", "max_field_lines", "max_field_bytes",
    "postgres", "sqlite",
  ]

  /// Reads a description document; every problem goes to `diagnostics`, nil if any is an error.
  public static func load(_ document: YAMLDocument, diagnostics: inout DiagnosticBag) -> DatasetDescription? {
    let before = diagnostics.items.count
    guard let root = document.root else {
      diagnostics.error("empty dataset description", at: nil)
      return nil
    }
    guard let mapping = root.mapping else {
      diagnostics.error(
        "a dataset description must be a mapping, found \(root.kindDescription)", at: root.mark)
      return nil
    }
    let reader = DescriptionReader(baseDirectory: (document.path as NSString).deletingLastPathComponent)
    reader.rejectUnknownKeys(
      mapping, allowed: topLevelKeys, in: "dataset description", diagnostics: &diagnostics)
    let name = mapping["dataset"].flatMap { reader.string($0, key: "dataset", diagnostics: &diagnostics) }
    var zone = defaultTimeZone
    if let node = mapping["time_zone"],
      let text = reader.string(node, key: "time_zone", diagnostics: &diagnostics)
    {
      if TimeZone(identifier: text) == nil {
        diagnostics.error("unknown time zone '\(text)'", at: node.mark)
      } else {
        zone = text
      }
    }
    var sources: [SourceDescription] = []
    if let node = mapping["sources"] {
      if let list = node.sequence, !list.items.isEmpty {
        for item in list.items {
          if let source = reader.source(item, diagnostics: &diagnostics) { sources.append(source) }
        }
      } else {
        diagnostics.error("'sources' must be a non-empty list of files", at: node.mark)
      }
    } else {
      diagnostics.error("missing key 'sources'", at: mapping.mark)
    }
    let failed = diagnostics.items[before...].contains { $0.severity == .error }
    if failed { return nil }
    return DatasetDescription(path: document.path, name: name, timeZoneIdentifier: zone, sources: sources)
  }
}
