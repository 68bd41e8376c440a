import ArgumentParser
import Checker
import Foundation
import PolicyRules

/// Where the records come from: a dataset description, or event-log files with flags.
struct DataOptions: ParsableArguments {
  @Argument(help: "Event-log files (CSV, TSV, JSON Lines, XES) read without a description.")
  var files: [String] = []

  @Option(help: "A dataset description (YAML) mapping files and columns to record types and fields.")
  var dataset: String?

  @Option(
    name: .customLong("case-id"), help: "Column holding the case id (event logs without a description).")
  var caseID: String?
  @Option(help: "Column holding the activity name.")
  var activity: String?
  @Option(help: "Column holding the event time.")
  var timestamp: String?
  @Option(help: "Column holding the resource (who acted).")
  var resource: String?
  @Option(name: .customLong("time-zone"), help: "Time zone of local timestamps (default Asia/Shanghai).")
  var timeZone: String?
  @Option(help: "Encoding: utf-8, gb18030, gbk or auto.")
  var encoding: String?
  @Option(name: .customLong("record-type"), help: "Record type of event-log cases (default case).")
  var recordType: String?

  @Option(name: .customLong("max-errors"), help: "Stop reading after this many rejected rows.")
  var maxErrors: Int?
  @Flag(name: .customLong("fail-fast"), help: "Stop at the first file that cannot be read.")
  var failFast = false
  @Option(
    name: .customLong("max-field-lines"),
    help: "Lines a quoted CSV field may span before its quote is taken for a stray one (default 1000).")
  var maxFieldLines: Int?
  @Option(
    name: .customLong("max-field-bytes"),
    help: "Bytes a quoted CSV field may hold before its quote is taken for a stray one (default 1048576).")
  var maxFieldBytes: Int?
  /// Tests split small files to exercise the parallel reading of large ones.
  @Option(name: .customLong("min-part-size"), help: .hidden)
  var minimumPartSize: Int?

  func validate() throws {
    if dataset == nil && files.isEmpty {
      throw ValidationError("give data files or --dataset DESCRIPTION.yaml")
    }
    if let maxErrors, maxErrors < 1 { throw ValidationError("--max-errors must be at least 1") }
    if let maxFieldLines, maxFieldLines < 1 { throw ValidationError("--max-field-lines must be at least 1") }
    if let maxFieldBytes, maxFieldBytes < 1 { throw ValidationError("--max-field-bytes must be at least 1") }
    if let minimumPartSize, minimumPartSize < 1 {
      throw ValidationError("--min-part-size must be at least 1")
    }
  }

  /// The dataset description, read again (a few hundred bytes) for what the run reports about
  /// it; nil without one or when it does not load (the loader reports why).
  private func description() -> DatasetDescription? {
    guard let dataset else { return nil }
    var bag = DiagnosticBag(path: dataset)
    return YAMLParser.parseFile(atPath: dataset, diagnostics: &bag).flatMap {
      DatasetDescription.load($0, diagnostics: &bag)
    }
  }

  /// The files that read without error but hold no record (nothing, or only a header).
  static func emptyFiles(_ dataset: Dataset) -> [String] {
    dataset.fileCounts.indices.compactMap { index in
      guard dataset.fileCounts[index].read == 0, index < dataset.files.count else { return nil }
      let file = dataset.files[index]
      let failed = dataset.diagnostics.contains { $0.path.hasSuffix(file) && $0.severity == .error }
      return failed ? nil : file
    }
  }

  /// Exit 2 when every data file is empty: a header without rows is nothing to audit, and an
  /// audit of nothing would report full compliance (or nothing) as if it meant something.
  static func refuseNothingToAudit(_ dataset: Dataset) throws {
    let empty = emptyFiles(dataset)
    guard !empty.isEmpty, empty.count == dataset.files.count else { return }
    Console.error(
      empty.count == 1
        ? "\(empty[0]): error: nothing to audit: the file has no records (it is empty or has only its header)"
        : "error: nothing to audit: none of the \(empty.count) data files has a record (each is empty or has "
          + "only its header): \(empty.joined(separator: ", "))")
    throw Exit.untrusted
  }

  /// The data files the run will read and their sizes, for the progress line; files that cannot
  /// be found count 0.
  func inputFiles() -> [(path: String, bytes: Int)] {
    let paths =
      dataset == nil
      ? files
      : description()?.sources.map { source in
        source.database.map { $0.system == .sqlite ? $0.connection : source.resolvedPath }
          ?? source.resolvedPath
      } ?? []
    return paths.map { path in
      let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
      return (path, size)
    }
  }

  /// The SQLite files the description's sources read: inputs a report must not be written over.
  /// Whether the description reads a database (a query runs once: it is never read in parts).
  func readsDatabase() -> Bool {
    description()?.sources.contains { $0.database != nil } ?? false
  }

  func databaseFiles() -> [String] {
    guard dataset != nil else { return [] }
    return description()?.sources.compactMap { $0.database }.filter { $0.system == .sqlite }.map(\.connection)
      ?? []
  }

  /// Field name → the column header the description maps to it (`联系方式: contact`), the words
  /// of the data's own owners; a field renamed differently in two sources keeps its name.
  func fieldLabels() -> [String: String] {
    var labels: [String: String] = [:]
    var ambiguous: Set<String> = []
    for source in description()?.sources ?? [] {
      for (header, field) in source.renames where header.name != field {
        if let known = labels[field], known != header.name { ambiguous.insert(field) }
        labels[field] = header.name
      }
    }
    for field in ambiguous { labels[field] = nil }
    return labels
  }

  /// Reads the dataset; prints file diagnostics and row rejections (first 20) to stderr.
  /// `period` gives the values of a database query's `$from`, `$to` and `$as_of`.
  func load(threads: Int = 0, period: PeriodOptions? = nil, progress: LoadProgress? = nil) -> Dataset {
    let dataset = read(threads: threads, period: period, progress: progress)
    report(dataset)
    return dataset
  }

  /// Reads the data (only the cases of `partition`, when given) and says nothing about it.
  func read(
    threads: Int = 0, period: PeriodOptions? = nil, progress: LoadProgress? = nil,
    partition: CasePartition? = nil
  ) -> Dataset {
    let overrides = DatasetOverrides(
      caseId: caseID, activity: activity, timestamp: timestamp, resource: resource, timeZone: timeZone,
      encoding: encoding, recordType: recordType)
    var options = DatasetLoadOptions(
      maxErrors: maxErrors, failFast: failFast, threads: threads, maxFieldLines: maxFieldLines,
      maxFieldBytes: maxFieldBytes)
    if let minimumPartSize { options.minimumPartSize = minimumPartSize }
    if let period { options.queryPeriod = period.queryPeriod }
    options.progress = progress
    options.partition = partition
    return dataset.map { DatasetLoader.load(descriptionAt: $0, overrides: overrides, options: options) }
      ?? DatasetLoader.autodetect(files: files, overrides: overrides, options: options)
  }

  /// Prints what reading the data found: file diagnostics, empty files, the first rejected rows.
  func report(_ dataset: Dataset) {
    if let description = self.dataset, !files.isEmpty {
      Console.error(
        "\(description): warning: data files given with --dataset are ignored: \(files.joined(separator: " "))"
      )
    }
    for diagnostic in dataset.diagnostics { Console.error(diagnostic.description) }
    // A file of a header alone (or nothing) reads without error but gives nothing to judge: say so
    // (when every file is empty, `refuseNothingToAudit` says it once, as an error).
    let empty = Self.emptyFiles(dataset)
    if empty.count < dataset.files.count {
      for file in empty {
        Console.error(
          "\(file): warning: no records (the file is empty or has only its header); nothing in it was judged")
      }
    }
    let shown = dataset.rejections.prefix(20)
    for rejection in shown {
      let file =
        Int(rejection.source.file) < dataset.files.count ? dataset.files[Int(rejection.source.file)] : "?"
      Console.error("\(rejection.location(file: file)): warning: row rejected: \(rejection.reason)")
    }
    if dataset.rejections.count > shown.count {
      Console.error(
        "… and \(dataset.rejections.count - shown.count) more rejected rows (all are listed in the reports)")
    }
  }
}

/// The audit period and the cut-off.
struct PeriodOptions: ParsableArguments {
  @Option(
    help:
      "Audit one calendar month, e.g. 2024-09. Without --month or --from/--to the period is the data's own span, from the day of its first record to that of its last."
  )
  var month: String?
  @Option(help: "First day of the audit period (YYYY-MM-DD, inclusive).")
  var from: String?
  @Option(help: "Last day of the audit period (YYYY-MM-DD, inclusive).")
  var to: String?
  @Option(
    name: .customLong("as-of"),
    help:
      "The cut-off (YYYY-MM-DD[ HH:MM]) in the dataset's zone: obligations due later are pending. Default: now (every report says which it used)."
  )
  var asOf: String?

  func validate() throws {
    if month != nil && (from != nil || to != nil) {
      throw ValidationError("use --month or --from/--to, not both")
    }
    if let month, monthStart(month) == nil {
      throw ValidationError(
        "--month must be a month YYYY-MM with a month 01 to 12, e.g. 2024-09; found '\(month)'")
    }
    for (name, value) in [("--from", from), ("--to", to)] {
      if let value, CivilDate(parsing: value) == nil {
        throw ValidationError(
          "\(name) must be a date YYYY-MM-DD that exists, e.g. 2024-09-30; found '\(value)'")
      }
    }
    if let from, let to, let first = CivilDate(parsing: from), let last = CivilDate(parsing: to), last < first
    {
      throw ValidationError(
        "--from \(from) is after --to \(to): the period runs from --from to --to, both days included")
    }
    if let from, let to, let first = CivilDate(parsing: from), let last = CivilDate(parsing: to),
      last.daysSinceEpoch - first.daysSinceEpoch + 1 > CivilDate.centuryDays
    {
      throw ValidationError(
        "--from \(from) to --to \(to) spans \(last.daysSinceEpoch - first.daysSinceEpoch + 1) days; an audit period may span at most \(CivilDate.centuryDays) (100 years)"
      )
    }
    // The dataset's zone is not known yet: a time valid at both extreme offsets is valid in any
    // zone (otherwise `0001-01-01 00:00` passed here and was silently dropped in Asia/Shanghai).
    if let asOf,
      ["Etc/GMT-14", "Etc/GMT+12"].contains(where: { LocalTime.parse(asOf, timeZoneIdentifier: $0) == nil })
    {
      throw ValidationError(
        "--as-of must be YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS], optionally with an offset, years 0001-9999; found '\(asOf)'"
      )
    }
    // Without an offset both are local times of the dataset's zone, so comparing them as UTC is
    // comparing them there. A cut-off with an offset names an instant: whether it falls before the
    // period depends on the dataset's zone, which `effective(for:)` checks once it is known.
    let inUTC = asOf.flatMap { LocalTime.parse($0, timeZoneIdentifier: "UTC") }
    let hasOffset = asOf.flatMap { LocalTime.parse($0, timeZoneIdentifier: "Etc/GMT-14") } == inUTC
    if let asOf, let cutOff = inUTC, !hasOffset,
      let (first, flag) = firstDay, cutOff < LocalTime.start(of: first, timeZoneIdentifier: "UTC")
    {
      throw ValidationError(
        "--as-of \(asOf) is before the period starts (\(flag) begins \(first) 00:00): nothing in it could be due; "
          + "give a cut-off at or after \(first)")
    }
  }

  /// The first day of the period the flags give, and the flag that gave it.
  private var firstDay: (CivilDate, String)? {
    if let month, let first = monthStart(month) { return (first, "--month \(month)") }
    if let from, let first = CivilDate(parsing: from) { return (first, "--from") }
    return nil
  }

  private func monthStart(_ text: String) -> CivilDate? { CivilDate(parsing: text + "-01") }

  /// The days and cut-off as the flags give them, for a database query's parameters (the
  /// dataset's zone turns them into instants).
  var queryPeriod: QueryPeriod {
    if let month, let first = monthStart(month) {
      return QueryPeriod(from: first, toExclusive: first.adding(months: 1), asOf: asOf)
    }
    return QueryPeriod(
      from: from.flatMap(CivilDate.init(parsing:)),
      toExclusive: to.flatMap(CivilDate.init(parsing:)).map { $0.adding(days: 1) }, asOf: asOf)
  }

  /// `[start, end)` in the zone, as the flags give it (nil bounds are not given).
  /// Whether the options give the period's start and end (`--month`, or `--from` and `--to`),
  /// so that none is taken from the data.
  var givesWholePeriod: Bool { month != nil || (from != nil && to != nil) }

  func period(timeZoneIdentifier zone: String) -> (Timestamp?, Timestamp?) {
    if let month, let first = monthStart(month) {
      return (
        LocalTime.start(of: first, timeZoneIdentifier: zone),
        LocalTime.start(of: first.adding(months: 1), timeZoneIdentifier: zone)
      )
    }
    let start = from.flatMap(CivilDate.init(parsing:)).map {
      LocalTime.start(of: $0, timeZoneIdentifier: zone)
    }
    let end = to.flatMap(CivilDate.init(parsing:)).map {
      LocalTime.start(of: $0.adding(days: 1), timeZoneIdentifier: zone)
    }
    return (start, end)
  }

  /// The period and cut-off a run uses. A bound the flags leave open is the data's own: from the
  /// day of its first record to the end of the day of its last, so the same records are judged
  /// over the same periods on any day (only the cut-off, default now, moves). Throws a usage
  /// error (64) when `--as-of` falls before the period so found.
  func effective(for dataset: Dataset) throws -> EffectivePeriod {
    let zone = dataset.timeZoneIdentifier
    var (start, end) = period(timeZoneIdentifier: zone)
    let given = (start: start != nil, end: end != nil)
    if let span = dataset.table.eventTimeSpan {
      let clock = WorkCalendar.continuous(timeZoneIdentifier: zone)
      if start == nil {
        start = LocalTime.start(of: clock.civilDate(of: span.lowerBound), timeZoneIdentifier: zone)
      }
      if end == nil {
        end = LocalTime.start(
          of: clock.civilDate(of: span.upperBound).adding(days: 1), timeZoneIdentifier: zone)
      }
    }
    let effective = EffectivePeriod(
      start: start, end: end, startFromData: !given.start && start != nil,
      endFromData: !given.end && end != nil,
      cutOff: cutOff(timeZoneIdentifier: zone), cutOffGiven: asOf != nil, timeZoneIdentifier: zone)
    if let asOf, let start, effective.cutOff < start {
      Console.error(
        "error: --as-of \(asOf) is before the period starts (\(effective.startText)"
          + (given.start ? "" : ", the day of the first record") + "): "
          + "nothing in it could be due; give a cut-off at or after \(effective.startText)")
      throw ExitCode.validationFailure
    }
    return effective
  }

  func cutOff(timeZoneIdentifier zone: String) -> Timestamp {
    if let asOf, let t = LocalTime.parse(asOf, timeZoneIdentifier: zone) { return t }
    return Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
  }
}

/// The audit period and cut-off a run used, and where each came from, for the `check` header.
struct EffectivePeriod {
  var start: Timestamp?
  var end: Timestamp?
  var startFromData: Bool
  var endFromData: Bool
  var cutOff: Timestamp
  var cutOffGiven: Bool
  var timeZoneIdentifier: String

  private var clock: WorkCalendar { WorkCalendar.continuous(timeZoneIdentifier: timeZoneIdentifier) }

  var startText: String { start.map { clock.civilDate(of: $0).description } ?? "…" }
  /// The last day (the end is exclusive).
  var lastDayText: String { end.map { clock.civilDate(of: $0 + (-1)).description } ?? "…" }

  /// `2024-10-01 09:30`
  func minuteText(_ t: Timestamp) -> String {
    let d = clock.civilDate(of: t)
    let m = clock.minuteOfDay(of: t)
    return "\(d) \(m / 600)\(m / 60 % 10):\(m % 60 / 10)\(m % 10)"
  }

  /// `period 2024-09-02 – 2024-09-05 (first to last record), cut-off 2024-10-01 09:30 (--as-of), Asia/Shanghai`
  var summary: String {
    let basis: String =
      switch (startFromData, endFromData) {
      case (true, true): " (first to last record; --month or --from/--to to choose)"
      case (true, false): " (from the first record)"
      case (false, true): " (to the last record)"
      case (false, false): ""
      }
    return "period \(startText) – \(lastDayText)\(basis), cut-off \(minuteText(cutOff)) "
      + (cutOffGiven ? "(--as-of)" : "(now; --as-of pins it)") + ", \(timeZoneIdentifier)"
  }
}

/// Report formats and their destinations.
struct OutputOptions: ParsableArguments {
  @Option(
    name: .customLong("format"),
    help: ArgumentHelp(
      "A report format and its destination, repeatable: NAME or NAME=PATH ('-' or no path: stdout).",
      discussion: "Formats: text, json, csv, markdown, html, sarif, junit."))
  var formats: [String] = []

  @Option(help: "Language of all human text: zh or en.")
  var lang: Language = .zh

  @Flag(help: "No progress line on stderr (there is none either when stderr is not a terminal).")
  var quiet = false

  @Flag(
    help:
      "Text summary: also every clause's figures and the findings by clause (default: the clauses that most need attention)."
  )
  var details = false

  @Option(
    name: .customLong("group-by"),
    help: "Case field naming the team or group for breakdowns (default: team, when the data has that field).")
  var groupBy: String?

  func validate() throws {
    for spec in formats {
      let name = spec.split(separator: "=", maxSplits: 1).first.map(String.init) ?? spec
      if ReporterRegistry.reporter(named: name) == nil {
        throw ValidationError(
          "unknown format '\(name)'\(Suggestions.didYouMean(name, in: ReporterRegistry.names)); formats: \(ReporterRegistry.names.joined(separator: ", "))"
        )
      }
    }
    try refuseSharedPaths()
  }

  /// Two formats to one file would leave only the second (both saying "wrote"): refused.
  private func refuseSharedPaths() throws {
    var seen: [String: String] = [:]
    for spec in formats {
      let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, parts[1] != "-" else { continue }
      let key = FileIdentity.key(parts[1])
      if let earlier = seen[key] {
        throw ValidationError(
          "--format \(earlier) and --format \(spec) write the same file: one report would replace the other; "
            + "give each format its own path")
      }
      seen[key] = spec
    }
  }

  /// Exit 64 when a report would be written over one of `inputs` (data, description, rules,
  /// waivers): compared by file identity, so another spelling or a link to the file is caught too.
  func refuseOverwriting(_ inputs: [String]) throws {
    let taken = Dictionary(inputs.compactMap { path in FileIdentity.existing(path).map { ($0, path) } }) {
      a, _ in a
    }
    for case (let reporter, let path?) in destinations(defaults: []) {
      guard let identity = FileIdentity.existing(path), let input = taken[identity] else { continue }
      Console.error(
        "error: --format \(reporter.formatName)=\(path) would overwrite the input file \(input); "
          + "write the report elsewhere")
      throw ExitCode.validationFailure
    }
  }

  /// The field findings are grouped by: `--group-by` (a warning with a did-you-mean when the data
  /// has no such field: every finding then counts under "no group"), else `team` when the data
  /// has it, else none.
  func groupField(for dataset: Dataset) -> String? {
    let names = dataset.table.fieldNames
    guard let groupBy else { return names.contains("team") ? "team" : nil }
    if !names.contains(groupBy) {
      Console.error(
        "warning: --group-by '\(groupBy)' is not a field of the data\(Suggestions.didYouMean(groupBy, in: names)); "
          + "every finding is counted under \"no group\"")
    }
    return groupBy
  }

  /// (reporter, path or nil for stdout)
  func destinations(defaults: [String]) -> [(any Reporter, String?)] {
    (formats.isEmpty ? defaults : formats).compactMap { spec in
      let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
      guard let reporter = ReporterRegistry.reporter(named: parts[0]) else { return nil }
      let path = parts.count == 2 && parts[1] != "-" ? parts[1] : nil
      return (reporter, path)
    }
  }

  /// Whether a report of these formats lists findings (`Reporter.showsFindings`); when none
  /// does, the audit keeps none.
  func showsFindings(defaults: [String]) -> Bool {
    var options = ReportOptions()
    options.details = details
    return destinations(defaults: defaults).contains { $0.0.showsFindings(options) }
  }

  /// Streams every report to its file or to stdout; text to a terminal gets colour. `threads`
  /// (as `--threads`, 0 for all cores) render the findings of the large formats.
  func write(
    _ result: AuditResult, defaults: [String], threads: Int = 1, fieldLabels: [String: String] = [:],
    history: StoreHistory? = nil
  ) throws {
    for (reporter, path) in destinations(defaults: defaults) {
      var options = ReportOptions(
        language: lang, colour: path == nil && Console.stdoutIsTerminal,
        timeZoneIdentifier: result.timeZoneIdentifier, threads: threads)
      options.details = details
      options.fieldLabels = fieldLabels
      options.history = history
      if let path {
        do {
          let folder = (path as NSString).deletingLastPathComponent
          if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
          }
          // A temporary file renamed at the end: an interrupted run leaves no half-written report.
          var sink = try ReportSink(path: path)
          reporter.write(result, options: options, to: &sink)
          try sink.finish()
        } catch let error as ReportWriteError {
          Console.error(
            "\(path): error: cannot write report: \(error.reason(fileExtension: reporter.defaultFileExtension))"
          )
          throw Exit.untrusted
        } catch {
          Console.error("\(path): error: cannot write report: \(error.localizedDescription)")
          throw Exit.untrusted
        }
        Console.error("wrote \(reporter.formatName) report to \(path)")
      } else {
        // Anything `print` left in stdio's buffer goes first; the sink writes to the descriptor.
        try Console.finishStandardOutput()
        var sink = ReportSink.standardOutput()
        reporter.write(result, options: options, to: &sink)
        if !sink.endsWithNewline { sink.write("\n") }
        do {
          try sink.finish()
        } catch {
          // A reader that stopped reading (`| head`) needs no message; a full disk does.
          if error.code != EPIPE {
            Console.error(
              "error: cannot write the \(reporter.formatName) report to standard output: \(String(cString: strerror(error.code)))"
            )
          }
          throw Exit.untrusted
        }
      }
    }
  }
}

/// What makes two paths one file: device and inode for an existing file, else the absolute path
/// with its folder's links resolved.
enum FileIdentity {
  struct Existing: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  static func existing(_ path: String) -> Existing? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return Existing(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
  }

  static func key(_ path: String) -> String {
    if let file = existing(path) { return "\(file.device):\(file.inode)" }
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let folder = url.deletingLastPathComponent().resolvingSymlinksInPath().path
    return folder + "/" + url.lastPathComponent
  }
}
