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

  func validate() throws {
    if dataset == nil && files.isEmpty {
      throw ValidationError("give data files or --dataset DESCRIPTION.yaml")
    }
    if let maxErrors, maxErrors < 1 { throw ValidationError("--max-errors must be at least 1") }
  }

  /// Reads the dataset; prints file diagnostics and row rejections (first 20) to stderr.
  func load(threads: Int = 0) -> Dataset {
    let overrides = DatasetOverrides(
      caseId: caseID, activity: activity, timestamp: timestamp, resource: resource, timeZone: timeZone,
      encoding: encoding, recordType: recordType)
    let options = DatasetLoadOptions(maxErrors: maxErrors, failFast: failFast, threads: threads)
    let dataset =
      dataset.map { DatasetLoader.load(descriptionAt: $0, overrides: overrides, options: options) }
      ?? DatasetLoader.autodetect(files: files, overrides: overrides, options: options)
    if let description = self.dataset, !files.isEmpty {
      Console.error(
        "\(description): warning: data files given with --dataset are ignored: \(files.joined(separator: " "))"
      )
    }
    for diagnostic in dataset.diagnostics { Console.error(diagnostic.description) }
    let shown = dataset.rejections.prefix(20)
    for rejection in shown {
      let file =
        Int(rejection.source.file) < dataset.files.count ? dataset.files[Int(rejection.source.file)] : "?"
      let column = rejection.column.map { ":\($0)" } ?? ""
      Console.error("\(file):\(rejection.source.line)\(column): warning: row rejected: \(rejection.reason)")
    }
    if dataset.rejections.count > shown.count {
      Console.error(
        "… and \(dataset.rejections.count - shown.count) more rejected rows (all are listed in the reports)")
    }
    return dataset
  }
}

/// The audit period and the cut-off.
struct PeriodOptions: ParsableArguments {
  @Option(help: "Audit one calendar month, e.g. 2024-09.")
  var month: String?
  @Option(help: "First day of the audit period (YYYY-MM-DD, inclusive).")
  var from: String?
  @Option(help: "Last day of the audit period (YYYY-MM-DD, inclusive).")
  var to: String?
  @Option(
    name: .customLong("as-of"),
    help:
      "The cut-off (YYYY-MM-DD[ HH:MM]) in the dataset's zone: obligations due later are pending. Default: now."
  )
  var asOf: String?

  func validate() throws {
    if month != nil && (from != nil || to != nil) {
      throw ValidationError("use --month or --from/--to, not both")
    }
    if let month, monthStart(month) == nil {
      throw ValidationError("--month must be YYYY-MM, found '\(month)'")
    }
    for (name, value) in [("--from", from), ("--to", to)] {
      if let value, CivilDate(parsing: value) == nil {
        throw ValidationError("\(name) must be YYYY-MM-DD, found '\(value)'")
      }
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
  }

  private func monthStart(_ text: String) -> CivilDate? { CivilDate(parsing: text + "-01") }

  /// `[start, end)` in the zone.
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

  func cutOff(timeZoneIdentifier zone: String) -> Timestamp {
    if let asOf, let t = LocalTime.parse(asOf, timeZoneIdentifier: zone) { return t }
    return Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
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

  @Option(
    name: .customLong("group-by"), help: "Case field naming the team or group for breakdowns (default team).")
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

  /// Streams every report to its file or to stdout; text to a terminal gets colour. `threads`
  /// (as `--threads`, 0 for all cores) render the findings of the large formats.
  func write(_ result: AuditResult, defaults: [String], threads: Int = 1) throws {
    for (reporter, path) in destinations(defaults: defaults) {
      let options = ReportOptions(
        language: lang, colour: path == nil && Console.stdoutIsTerminal,
        timeZoneIdentifier: result.timeZoneIdentifier, threads: threads)
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
          Console.error("\(path): error: cannot write report: \(error.foundationDescription)")
          throw Exit.untrusted
        } catch {
          Console.error("\(path): error: cannot write report: \(error.localizedDescription)")
          throw Exit.untrusted
        }
        Console.error("wrote \(reporter.formatName) report to \(path)")
      } else {
        // Anything `print` left in stdio's buffer goes first; the sink writes to the descriptor.
        fflush(nil)
        var sink = ReportSink.standardOutput()
        reporter.write(result, options: options, to: &sink)
        if !sink.endsWithNewline { sink.write("\n") }
        // As with `print`, a closed stdout is not an error of the audit.
        try? sink.finish()
      }
    }
  }
}
