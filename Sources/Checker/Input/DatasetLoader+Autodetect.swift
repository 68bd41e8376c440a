import Foundation
import PolicyRules

extension DatasetLoader {
  /// Header names recognised for each role without a description (compared case-insensitively).
  public static let caseIdCandidates = [
    "Case ID", "case_id", "case", "CaseID", "case:concept:name", "ticket_id", "工单号", "单号",
  ]
  public static let activityCandidates = ["Activity", "activity", "event", "concept:name", "活动", "环节"]
  public static let timestampCandidates = ["Complete Timestamp", "timestamp", "time", "time:timestamp", "时间"]
  public static let resourceCandidates = ["Resource", "resource", "org:resource", "处理人"]

  /// Reads event logs (CSV/TSV, JSON Lines, XES) without a description: each file's header must
  /// have recognisable case id, activity and timestamp columns (or the overrides name them);
  /// every other column becomes an attribute. Record type `case` unless overridden.
  public static func autodetect(
    files: [String], overrides: DatasetOverrides = DatasetOverrides(),
    options: DatasetLoadOptions = DatasetLoadOptions()
  ) -> Dataset {
    var diagnostics: [Diagnostic] = []
    var sources: [SourceDescription] = []
    for path in files {
      switch autodetectSource(path, overrides: overrides) {
      case .success(let source): sources.append(source)
      case .failure(let diagnostic): diagnostics.append(diagnostic)
      }
    }
    let zone = overrides.timeZone ?? DatasetDescription.defaultTimeZone
    if !diagnostics.isEmpty && (options.failFast || sources.isEmpty) {
      var dataset = failed(diagnostics, timeZone: zone)
      dataset.files = files
      dataset.fileCounts = Array(repeating: ReadCounts(), count: files.count)
      return dataset
    }
    let description = DatasetDescription(timeZoneIdentifier: zone, sources: sources)
    var dataset = load(description, overrides: overrides, options: options)
    dataset.diagnostics.insert(contentsOf: diagnostics, at: 0)
    return dataset
  }

  /// Picks the role columns of one file from its header.
  static func autodetectSource(_ path: String, overrides: DatasetOverrides) -> Result<
    SourceDescription, Diagnostic
  > {
    if let problem = unreadableReason(path) {
      return .failure(Diagnostic(path: path, mark: nil, message: problem))
    }
    guard let format = SourceDescription.Format(path: path) else {
      return .failure(
        Diagnostic(
          path: path, mark: nil,
          message: "unknown file type; expected .csv, .tsv, .txt, .jsonl, .ndjson or .xes"))
    }
    var encoding = TextEncoding.auto
    if let name = overrides.encoding, let value = TextEncoding(name: name) { encoding = value }
    var source = SourceDescription(
      file: path, resolvedPath: path, recordType: overrides.recordType ?? "case", kind: .events,
      format: format,
      encoding: encoding)
    if format == .xes {
      source.caseId = overrides.caseId.map { ColumnReference($0) }
      source.activity = overrides.activity.map { ColumnReference($0) }
      source.time = overrides.timestamp.map { ColumnReference($0) }
      source.resource = overrides.resource.map { ColumnReference($0) }
      return .success(withFormatDefaults(source))
    }
    let header: [String]
    switch headerNames(path, format: format, encoding: encoding) {
    case .success(let names): header = names
    case .failure(let diagnostic): return .failure(diagnostic)
    }
    func pick(_ override: String?, _ candidates: [String]) -> String? {
      if let override { return override }
      for candidate in candidates {
        if let match = header.first(where: { $0.caseInsensitiveCompare(candidate) == .orderedSame }) {
          return match
        }
      }
      return nil
    }
    var missing: [String] = []
    let caseId = pick(overrides.caseId, caseIdCandidates)
    let activity = pick(overrides.activity, activityCandidates)
    let time = pick(overrides.timestamp, timestampCandidates)
    if caseId == nil { missing.append("case id (--case-id)") }
    if activity == nil { missing.append("activity (--activity)") }
    if time == nil { missing.append("timestamp (--timestamp)") }
    guard missing.isEmpty else {
      return .failure(
        Diagnostic(
          path: path, mark: nil,
          message:
            "cannot tell the \(missing.joined(separator: ", ")) column; header has: \(header.joined(separator: ", "))"
            + encodingHint(path, overrides: overrides)))
    }
    for (flag, name) in [
      ("--case-id", caseId), ("--activity", activity), ("--timestamp", time),
      ("--resource", overrides.resource),
    ] {
      if let name, format == .csv, !header.contains(name) {
        return .failure(
          Diagnostic(
            path: path, mark: nil,
            message: "\(flag) column '\(name)' not found in the header"
              + Suggestions.didYouMean(name, in: header)))
      }
    }
    source.caseId = caseId.map { ColumnReference($0) }
    source.activity = activity.map { ColumnReference($0) }
    source.time = time.map { ColumnReference($0) }
    source.resource = pick(overrides.resource, resourceCandidates).map { ColumnReference($0) }
    return .success(source)
  }

  /// When `--encoding` forced a legacy encoding on a file whose header is valid UTF-8 (so the
  /// names above read as garbage): the hint to leave it out.
  static func encodingHint(_ path: String, overrides: DatasetOverrides) -> String {
    guard let name = overrides.encoding, let forced = TextEncoding(name: name), forced != .utf8,
      forced != .auto,
      let handle = FileHandle(forReadingAtPath: path)
    else { return "" }
    defer { try? handle.close() }
    let prefix = [UInt8]((try? handle.read(upToCount: 1 << 16)) ?? Data())
    let line = prefix.prefix { $0 != 0x0A }
    guard line.contains(where: { $0 >= 0x80 }), line.count < prefix.count || prefix.count < 1 << 16,
      String(validating: line, as: UTF8.self) != nil
    else { return "" }
    return
      "; the header is valid UTF-8, which --encoding \(name) misreads: leave --encoding out or give utf-8"
  }

  /// Why `path` cannot be read as a data file, with the operating system's reason, or nil:
  /// a folder is named as such, with what to give instead.
  static func unreadableReason(_ path: String) -> String? {
    var status = stat()
    guard stat(path, &status) == 0 else {
      return "cannot open input file: \(String(cString: strerror(errno)).lowercased())"
    }
    if (status.st_mode & S_IFMT) == S_IFDIR {
      return "is a directory, not a data file; give the files in it (\(path)/*.csv) "
        + "or a dataset description (--dataset)"
    }
    guard access(path, R_OK) == 0 else {
      return "cannot open input file: \(String(cString: strerror(errno)).lowercased())"
    }
    return nil
  }

  /// The header of a CSV file (duplicates renamed as the reader does) or the keys of a JSON
  /// Lines file's first object.
  static func headerNames(_ path: String, format: SourceDescription.Format, encoding: TextEncoding) -> Result<
    [String], Diagnostic
  > {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      return .failure(
        Diagnostic(path: path, mark: nil, message: unreadableReason(path) ?? "cannot open input file"))
    }
    defer { try? handle.close() }
    var prefix = [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
    // Cut at the last line break so a multi-byte character split at the end does not look invalid.
    if prefix.count == 1 << 20, let lastBreak = prefix.lastIndex(of: 0x0A) {
      prefix.removeSubrange((lastBreak + 1)...)
    }
    let decoded = TextDecoding.decode(prefix, as: encoding == .auto ? .auto : encoding).bytes
    var names: [String] = []
    // The decoded prefix, lent for this detection only; the readers over it end inside.
    decoded.withUnsafeBufferPointer { bytes in
      switch format {
      case .csv, .xes:
        CSVReader(bytes: bytes, delimiter: CSVReader.detectDelimiter(bytes)).forEachRecord { record in
          names = (0..<record.count).map { record.string($0).trimmingCharacters(in: .whitespaces) }
          return false
        }
      case .jsonl:
        var end = 0
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        // The first line of the lent bytes, within them.
        var parser = JSONLineParser(bytes: UnsafeBufferPointer(rebasing: bytes[0..<end]))
        names = ((try? parser.parseObject()) ?? []).map(\.key)
      }
    }
    if names.isEmpty {
      return .failure(Diagnostic(path: path, mark: nil, message: "no usable header in the file"))
    }
    return .success(names)
  }
}
