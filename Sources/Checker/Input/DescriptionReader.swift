import Foundation
import PolicyRules

/// Typed reading of description nodes, reporting every mistake at its mark.
struct DescriptionReader {
  let baseDirectory: String

  func rejectUnknownKeys(
    _ mapping: YAMLMapping, allowed: [String], in context: String, diagnostics: inout DiagnosticBag
  ) {
    for entry in mapping.entries where !allowed.contains(entry.key.value) {
      diagnostics.error(
        "unknown key '\(entry.key.value)' in \(context)"
          + (mapping.strayCommaHint(entry) ?? Suggestions.didYouMean(entry.key.value, in: allowed)),
        at: entry.key.mark)
    }
  }

  func string(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> String? {
    guard let scalar = node.scalar, !scalar.isNull else {
      diagnostics.error(
        "'\(key)' must be a text value, found \(node.scalar == nil ? node.kindDescription : "null")",
        at: node.mark)
      return nil
    }
    guard scalar.value.contains(where: { !$0.isWhitespace }) else {
      // `record: !work_log` is a tag with an empty value: say so rather than read "".
      let hint = scalar.tag.map { " ('\($0)' is a YAML tag, not a value)" } ?? ""
      diagnostics.error("'\(key)' must not be empty\(hint)", at: node.mark)
      return nil
    }
    return scalar.value
  }

  func column(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> ColumnReference? {
    string(node, key: key, diagnostics: &diagnostics).map { ColumnReference($0, mark: node.mark) }
  }

  func columnList(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> [ColumnReference] {
    if node.scalar != nil { return column(node, key: key, diagnostics: &diagnostics).map { [$0] } ?? [] }
    guard let list = node.sequence else {
      diagnostics.error(
        "'\(key)' must be a list of column names, found \(node.kindDescription)", at: node.mark)
      return []
    }
    return list.items.compactMap { column($0, key: key, diagnostics: &diagnostics) }
  }

  /// A mapping of column name → text, e.g. `fields:` and `events:`.
  func pairs(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> [(
    ColumnReference, YAMLScalar
  )] {
    guard let mapping = node.mapping else {
      diagnostics.error(
        "'\(key)' must be a mapping of column names, found \(node.kindDescription)", at: node.mark)
      return []
    }
    var result: [(ColumnReference, YAMLScalar)] = []
    for entry in mapping.entries {
      guard let value = entry.value.scalar, !value.isNull else {
        diagnostics.error(
          "'\(key)' value for '\(entry.key.value)' must be a text value", at: entry.value.mark)
        continue
      }
      result.append((ColumnReference(entry.key.value, mark: entry.key.mark), value))
    }
    return result
  }

  func source(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> SourceDescription? {
    guard let mapping = node.mapping else {
      diagnostics.error(
        "a source must be a mapping with at least 'file', found \(node.kindDescription)", at: node.mark)
      return nil
    }
    let before = diagnostics.items.count
    rejectUnknownKeys(
      mapping, allowed: DatasetDescription.sourceKeys, in: "source", diagnostics: &diagnostics)
    let database = Self.isDatabase(mapping) ? databaseSource(mapping, diagnostics: &diagnostics) : nil
    if Self.isDatabase(mapping) && database == nil { return nil }
    let fileNode = mapping["file"]
    guard
      let file = database.map({ _ in "" })
        ?? fileNode.flatMap({ string($0, key: "file", diagnostics: &diagnostics) })
    else {
      if mapping["file"] == nil {
        diagnostics.error("missing key 'file' (or 'postgres' / 'sqlite') in source", at: mapping.mark)
      }
      return nil
    }
    let resolved = file.hasPrefix("/") || baseDirectory.isEmpty ? file : baseDirectory + "/" + file

    var kind = SourceDescription.Kind.records
    if let node = mapping["kind"], let text = string(node, key: "kind", diagnostics: &diagnostics) {
      if let value = SourceDescription.Kind(rawValue: text) {
        kind = value
      } else {
        diagnostics.error(
          "unknown kind '\(text)'; expected records or events"
            + Suggestions.didYouMean(text, in: SourceDescription.Kind.allCases.map(\.rawValue)), at: node.mark
        )
      }
    }
    // A query's columns are typed: read like JSON Lines values.
    var format = database == nil ? SourceDescription.Format(path: file) : .jsonl
    if let node = mapping["format"], let text = string(node, key: "format", diagnostics: &diagnostics) {
      format = SourceDescription.Format(rawValue: text)
      if format == nil {
        diagnostics.error(
          "unknown format '\(text)'; expected csv, jsonl or xes"
            + Suggestions.didYouMean(text, in: SourceDescription.Format.allCases.map(\.rawValue)),
          at: node.mark)
      }
    } else if format == nil {
      diagnostics.error(
        "cannot tell the format of '\(file)' from its extension; add 'format: csv|jsonl|xes'",
        at: fileNode?.mark)
    }
    var encoding = TextEncoding.auto
    if let node = mapping["encoding"], let text = string(node, key: "encoding", diagnostics: &diagnostics) {
      if let value = TextEncoding(name: text) {
        encoding = value
      } else {
        diagnostics.error(
          "unknown encoding '\(text)'; expected utf-8, gb18030, gbk or auto"
            + Suggestions.didYouMean(text, in: TextEncoding.acceptedNames), at: node.mark)
      }
    }
    var delimiter: UInt8?
    if let node = mapping["delimiter"], let text = string(node, key: "delimiter", diagnostics: &diagnostics) {
      switch text {
      case ",", ";", "|": delimiter = text.utf8.first
      case "\t", "tab", "\\t": delimiter = 0x09
      default:
        diagnostics.error("unsupported delimiter '\(text)'; expected ',', ';', '|' or tab", at: node.mark)
      }
    }
    var recordType = "case"
    if let node = mapping["record"], let text = string(node, key: "record", diagnostics: &diagnostics) {
      recordType = text
    } else if kind == .records && mapping["record"] == nil {
      diagnostics.error(
        "missing key 'record' (the record type rules refer to) in records source", at: mapping.mark)
    }

    func optionalColumn(_ key: String) -> ColumnReference? {
      mapping[key].flatMap { column($0, key: key, diagnostics: &diagnostics) }
    }
    let caseId = optionalColumn("case_id")
    let activity = optionalColumn("activity")
    let time = optionalColumn("time")
    let resource = optionalColumn("resource")
    if caseId == nil && mapping["case_id"] == nil && format != .xes {
      diagnostics.error("missing key 'case_id' in source", at: mapping.mark)
    }
    if kind == .events && format != .xes {
      if mapping["activity"] == nil {
        diagnostics.error("missing key 'activity' in events source", at: mapping.mark)
      }
      if mapping["time"] == nil { diagnostics.error("missing key 'time' in events source", at: mapping.mark) }
    }
    if kind == .records {
      for key in ["activity", "time", "resource"] {
        if let entry = mapping.entry(key) {
          diagnostics.error(
            "'\(key)' applies to events sources; records sources declare 'events'", at: entry.key.mark)
        }
      }
    }

    let renames = mapping["fields"].map { pairs($0, key: "fields", diagnostics: &diagnostics) } ?? []
    var timestamps: [(column: ColumnReference, format: TimestampFormat)] = []
    for (reference, value) in mapping["timestamps"].map({
      pairs($0, key: "timestamps", diagnostics: &diagnostics)
    }) ?? [] {
      if let format = TimestampFormat(name: value.value) {
        if let bad = TimestampParser.unknownDirective(in: value.value) {
          diagnostics.error(
            "unknown directive '\(bad)' in timestamp pattern; use %Y %m %d %H %M %S %f %z", at: value.mark)
        }
        timestamps.append((reference, format))
      } else {
        diagnostics.error(
          "unknown timestamp format '\(value.value)'; expected auto, epoch_s, epoch_ms or a pattern like \"%Y-%m-%d %H:%M\""
            + Suggestions.didYouMean(value.value, in: TimestampFormat.acceptedNames), at: value.mark)
      }
    }
    let events = (mapping["events"].map { pairs($0, key: "events", diagnostics: &diagnostics) } ?? []).map {
      (column: $0.0, activity: $0.1.value)
    }
    if kind == .events, let entry = mapping.entry("events") {
      diagnostics.error(
        "'events' applies to records sources; an events source names 'activity' and 'time'",
        at: entry.key.mark)
    }
    let numbers = mapping["numbers"].map { columnList($0, key: "numbers", diagnostics: &diagnostics) } ?? []
    let booleans =
      mapping["booleans"].map { columnList($0, key: "booleans", diagnostics: &diagnostics) } ?? []

    var limits: [Int?] = []
    for key in ["max_field_lines", "max_field_bytes"] {
      guard let node = mapping[key], let text = string(node, key: key, diagnostics: &diagnostics) else {
        limits.append(nil)
        continue
      }
      guard let value = Int(text), value >= 1 else {
        diagnostics.error("'\(key)' must be a whole number of at least 1, found '\(text)'", at: node.mark)
        limits.append(nil)
        continue
      }
      limits.append(value)
    }

    guard !diagnostics.items[before...].contains(where: { $0.severity == .error }), let format else {
      return nil
    }
    var description = SourceDescription(
      file: file, resolvedPath: resolved, mark: mapping.mark, recordType: recordType, kind: kind,
      format: format,
      encoding: encoding, delimiter: delimiter, caseId: caseId, activity: activity, time: time,
      resource: resource,
      renames: renames.map { (header: $0.0, field: $0.1.value) }, timestamps: timestamps, events: events,
      numbers: numbers, booleans: booleans)
    description.descriptionPath = diagnostics.path
    if var database {
      database.name = database.table ?? recordType
      description.file = database.displayName
      description.resolvedPath = database.displayName
      description.database = database
    }
    description.maxFieldLines = limits[0]
    description.maxFieldBytes = limits[1]
    return description
  }
}
