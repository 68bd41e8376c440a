import PolicyRules

/// Everything a check needs besides the case: the cut-off, the audit period and the calendars.
/// Time comes in only through here (never `Date()` inside a check).
public struct EvaluationContext: Sendable {
  /// The cut-off: events after it are not seen; obligations due after it are pending.
  public var asOf: Timestamp
  /// Audit period `[start, end)`; nil bounds are open.
  public var periodStart: Timestamp?
  public var periodEnd: Timestamp?
  /// Calendars by name, from the rule library.
  public var calendars: [String: WorkCalendar]
  /// The dataset's zone: plain-time rules count and date in it.
  public var timeZoneIdentifier: String { didSet { zone = Self.zone(timeZoneIdentifier) } }
  /// The offsets of `timeZoneIdentifier`, for time text in fields read as local times.
  private(set) var zone: TimeZoneOffsets
  /// Input file paths, indexed by `SourceLocation.file`.
  public var files: [String]
  /// The rows' keys of database sources (`Dataset.rowKeys`): their evidence names its row's key.
  public var rowKeys: [Int32: RowKeys] = [:]
  /// `--strict`: a judgement whose due time was counted past its calendar's holiday data is
  /// unverifiable (else it is judged on weekly hours and marked).
  public var outsideCalendarDataIsUnverifiable = false
  /// Where the audit period is chosen, for the messages that ask for a shorter one.
  public var periodOrigin = PeriodOrigin.options

  /// Who chooses an audit period: the command's options or a rule example.
  public enum PeriodOrigin: Sendable {
    /// `--month` or `--from`/`--to` of `audit` and `check`.
    case options
    /// The `period:` of an example that `rules test` runs.
    case example

    /// `请用 --month 或 --from/--to 指定` / `give --month or --from/--to`.
    public var howToChoose: LocalizedText {
      switch self {
      case .options: LocalizedText(zh: "请用 --month 或 --from/--to 指定", en: "give --month or --from/--to")
      case .example:
        LocalizedText(
          zh: "请在示例中写 period: {from: …, to: …}", en: "give the example a period: {from: …, to: …}")
      }
    }
  }

  public init(
    asOf: Timestamp, periodStart: Timestamp? = nil, periodEnd: Timestamp? = nil,
    calendars: [String: WorkCalendar], timeZoneIdentifier: String, files: [String]
  ) {
    self.asOf = asOf
    self.periodStart = periodStart
    self.periodEnd = periodEnd
    self.calendars = calendars
    self.timeZoneIdentifier = timeZoneIdentifier
    self.zone = Self.zone(timeZoneIdentifier)
    self.files = files
  }

  private static func zone(_ identifier: String) -> TimeZoneOffsets {
    TimeZoneOffsets.named(identifier) ?? .utc
  }

  /// The calendar a rule counts in: its named calendar, or plain time in the dataset's zone.
  public func calendar(for rule: Rule) -> WorkCalendar {
    if let name = rule.calendar, let calendar = calendars[name] { return calendar }
    return WorkCalendar.continuous(timeZoneIdentifier: timeZoneIdentifier)
  }

  /// Whether an anchor instant belongs to this audit's period.
  public func inPeriod(_ t: Timestamp) -> Bool {
    if let periodStart, t < periodStart { return false }
    if let periodEnd, t >= periodEnd { return false }
    return true
  }

  func evidence(_ event: EventRef) -> Evidence {
    Evidence(label: event.activity, time: event.time, source: event.source, resource: event.resource)
  }

  func evidence(_ source: EvidenceSource) -> Evidence {
    switch source {
    case .event(let event): evidence(event)
    case .field(let name, let time, let location): Evidence(label: name, time: time, source: location)
    }
  }

  /// The evidence with input file paths filled in.
  func withFiles(_ evidence: [Evidence]) -> [Evidence] {
    evidence.map { item in
      guard item.fileIndex >= 0 else { return item }
      var resolved = item
      let location = SourceLocation(file: item.fileIndex, line: Int32(clamping: item.line))
      resolved.file = file(location)
      resolved.key = key(location)
      resolved.fileIndex = -1
      return resolved
    }
  }

  /// `withFiles` changing the list in place (no new list when the caller owns it alone).
  func resolvingFiles(_ evidence: consuming [Evidence]) -> [Evidence] {
    resolvingFiles(evidence, in: files)
  }

  /// `resolvingFiles(_:)` with the paths taken from `paths` (this context's `files`, or a copy of
  /// them a worker holds alone).
  func resolvingFiles(_ evidence: consuming [Evidence], in paths: [String]) -> [Evidence] {
    var resolved = evidence
    for index in resolved.indices where resolved[index].fileIndex >= 0 {
      let location = SourceLocation(
        file: resolved[index].fileIndex, line: Int32(clamping: resolved[index].line))
      resolved[index].file = Self.file(location, in: paths)
      if !rowKeys.isEmpty { resolved[index].key = key(location) }
      resolved[index].fileIndex = -1
    }
    return resolved
  }

  func file(_ source: SourceLocation) -> String { Self.file(source, in: files) }

  /// The key of a database row; nil for a file's row.
  func key(_ source: SourceLocation) -> String? { rowKeys[source.file]?.key(line: source.line) }

  private static func file(_ source: SourceLocation, in paths: [String]) -> String {
    Int(source.file) < paths.count ? paths[Int(source.file)] : "?"
  }
}
