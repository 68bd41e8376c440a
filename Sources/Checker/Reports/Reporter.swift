import PolicyRules

/// Options every report format receives.
public struct ReportOptions: Sendable {
  public var language: Language
  /// ANSI colour in the text report (only when writing to a terminal).
  public var colour: Bool
  /// Time zone used to print instants.
  public var timeZoneIdentifier: String
  /// Workers that render findings of the large formats (JSON, CSV, SARIF, Markdown, JUnit) in parallel, as
  /// `--threads` gives them: 0 means one per core. The bytes do not depend on it.
  public var threads: Int
  /// The text summary lists every clause and finding (`--details`), not only the clauses that
  /// most need attention.
  public var details = false
  /// Field name → the data's own column header, so the HTML report speaks of `联系方式` where
  /// the rule says `contact`.
  public var fieldLabels: [String: String] = [:]
  /// The run's place in a results store (`audit --store`): the HTML report adds its trends.
  public var history: StoreHistory?
  /// Findings per parallel rendering window (`ReportSink.writeWindows`); tests make it small.
  var findingWindow = ReportSink.defaultWindowSize

  public init(
    language: Language = .zh, colour: Bool = false, timeZoneIdentifier: String = "Asia/Shanghai",
    threads: Int = 1
  ) {
    self.language = language
    self.colour = colour
    self.timeZoneIdentifier = timeZoneIdentifier
    self.threads = threads
  }
}

/// One output format. Reporters are pure: the same result and options give the same bytes.
///
/// `write(_:options:to:)` streams a report into a sink (a file, standard output or memory);
/// `render` returns the same bytes as a string. Every format streams: record text is escaped
/// straight into the sink, and no report is built whole in memory (the text summary holds one
/// section at a time).
public protocol Reporter: Sendable {
  /// The `--format` name, e.g. `html`, `sarif`.
  static var name: String { get }
  /// Default file extension.
  static var fileExtension: String { get }
  /// The whole report as text.
  func render(_ result: AuditResult, options: ReportOptions) -> String
  /// Writes the report into `sink`; the bytes equal `render`'s.
  func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink)
  /// Whether the report shows findings (else only figures: counts and `RuleResult.violations`),
  /// so that an audit for it alone keeps none (`Audit.keepsFindings`).
  func showsFindings(_ options: ReportOptions) -> Bool
}

extension Reporter {
  /// Writes `render`'s text, for a format that builds its report in memory.
  public func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink) {
    sink.write(render(result, options: options))
  }

  /// Every format but the text summary lists findings.
  public func showsFindings(_ options: ReportOptions) -> Bool { true }

  /// The `--format` name of this reporter's type, reachable from an existential.
  public var formatName: String { Self.name }
  /// The default file extension of this reporter's type.
  public var defaultFileExtension: String { Self.fileExtension }
}
