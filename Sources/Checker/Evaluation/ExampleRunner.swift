import PolicyRules

/// Runs the examples written inside rules: `policy-check rules test` and the test suite use it.
public struct ExampleRunner: Sendable {
  public struct Failure: Sendable, CustomStringConvertible {
    public var ruleID: String
    public var example: String
    public var file: String
    public var mark: SourceMark
    public var message: String

    public var description: String {
      "\(file):\(mark.line):\(mark.column): error: rule \(ruleID), example '\(example)': \(message)"
    }
  }

  public struct Report: Sendable {
    public var examplesRun = 0
    public var failures: [Failure] = []
    public var rulesWithoutExamples: [String] = []
  }

  public var calendars: [String: WorkCalendar]

  public init(calendars: [String: WorkCalendar]) { self.calendars = calendars }

  public func run(_ rules: [Rule]) -> Report {
    var report = Report()
    for rule in rules {
      if rule.examples.isEmpty { report.rulesWithoutExamples.append(rule.id) }
      for example in rule.examples {
        report.examplesRun += 1
        if let message = run(example, of: rule) {
          report.failures.append(
            Failure(
              ruleID: rule.id, example: example.name, file: rule.file, mark: example.mark, message: message))
        }
      }
    }
    return report
  }

  /// nil when the example produces exactly the expected judgements; otherwise what differs.
  public func run(_ example: RuleExample, of rule: Rule) -> String? {
    let zone = rule.calendar.flatMap { calendars[$0]?.timeZoneIdentifier } ?? "Asia/Shanghai"
    let local = WorkCalendar.continuous(timeZoneIdentifier: zone)
    let offsets = TimeZoneOffsets.named(zone) ?? .utc
    var cases: [Case] = []
    var latest: Timestamp?
    for (index, written) in example.cases.enumerated() {
      var names: [String] = []
      var values: [Value] = []
      for (name, text) in written.fields {
        names.append(name)
        values.append(Self.typed(text, offsets))
      }
      let schema = FieldSchema(names: names)
      var events: [Event] = []
      for (n, e) in written.events.enumerated() {
        guard let time = TimestampParser.instant(e.time, zone: offsets) else {
          return "event \(n + 1) has an invalid time '\(e.time)' (expected YYYY-MM-DD HH:MM[:SS])"
        }
        latest = max(latest ?? time, time)
        let attributes = FieldRow(
          schema: FieldSchema(names: e.attributes.map(\.name)),
          values: e.attributes.map { Self.typed($0.value, offsets) })
        events.append(
          Event(
            activity: e.activity, time: time, resource: e.resource, attributes: attributes,
            source: SourceLocation(file: 0, line: Int32(e.mark.line))))
      }
      for v in values { if case .timestamp(let t) = v { latest = max(latest ?? t, t) } }
      events.sort { ($0.time, $0.source.line) < ($1.time, $1.source.line) }
      cases.append(
        Case(
          id: written.id == "example" && example.cases.count > 1 ? "case-\(index + 1)" : written.id,
          recordType: written.recordType ?? rule.scope.recordTypes.first ?? "case",
          fields: FieldRow(schema: schema, values: values),
          events: events, source: SourceLocation(file: 0, line: Int32(written.mark.line))))
    }
    let periodStart = example.periodFrom.map { local.timestamp(of: $0, minuteOfDay: 0) }
    let periodEnd = example.periodTo.map { local.timestamp(of: $0, minuteOfDay: 0) }
    let asOf: Timestamp
    if let text = example.asOf {
      guard let t = TimestampParser.instant(text, zone: offsets) else {
        return "as_of '\(text)' is not a local time"
      }
      asOf = t
    } else if let periodEnd {
      asOf = periodEnd
    } else {
      asOf = (latest ?? Timestamp(milliseconds: 0)) + 366 * Timestamp.millisecondsPerDay
    }
    let dataset = Dataset(
      files: [rule.file], cases: cases, rejections: [], counts: ReadCounts(), fileCounts: [ReadCounts()],
      timeZoneIdentifier: zone)
    var context = EvaluationContext(
      asOf: asOf, periodStart: periodStart, periodEnd: periodEnd, calendars: calendars,
      timeZoneIdentifier: zone,
      files: [rule.file])
    context.periodOrigin = .example
    let engine = AuditEngine(rules: [rule], context: context, threads: 1)
    let judgements = engine.judge(dataset).judgements[0]
    return Self.compare(example.expectations, judgements)
  }

  static func compare(_ expectations: [RuleExample.Expectation], _ judgements: [Judgement]) -> String? {
    let got = judgements.map { j in
      "\(j.subject)\(j.period.map { "@\($0)" } ?? ""): \(j.outcome.rawValue) (\(j.actual.en))"
    }
    let gotText = got.isEmpty ? "no judgement (not applicable)" : got.joined(separator: "; ")
    if expectations.count == 1, let only = expectations.first, only.subject == nil, only.period == nil {
      if only.outcome == "not_applicable" {
        return judgements.isEmpty ? nil : "expected not_applicable, got \(gotText)"
      }
      let matches = !judgements.isEmpty && judgements.allSatisfy { $0.outcome.rawValue == only.outcome }
      let countOK = only.count.map { $0 == judgements.count } ?? true
      return matches && countOK
        ? nil : "expected \(only.count.map { "\($0) × " } ?? "")\(only.outcome), got \(gotText)"
    }
    var remaining = judgements
    for e in expectations {
      let wanted = e.count ?? 1
      for _ in 0..<wanted {
        guard
          let i = remaining.firstIndex(where: {
            $0.outcome.rawValue == e.outcome && (e.subject == nil || $0.subject == e.subject)
              && (e.period == nil || $0.period == e.period)
          })
        else {
          let what = [e.subject.map { "subject \($0)" }, e.period.map { "period \($0)" }].compactMap { $0 }
            .joined(separator: ", ")
          return "expected \(e.outcome)\(what.isEmpty ? "" : " for \(what)"), got \(gotText)"
        }
        remaining.remove(at: i)
      }
    }
    return remaining.isEmpty ? nil : "unexpected extra judgements; got \(gotText)"
  }

  /// Example values are typed like CSV text: numbers, `true`/`false`, local times, else strings.
  static func typed(_ text: String, _ zone: TimeZoneOffsets) -> Value {
    if text.isEmpty { return .null }
    if text == "true" { return .bool(true) }
    if text == "false" { return .bool(false) }
    if let n = Double(text) { return .number(n) }
    if let t = TimestampParser.instant(text, zone: zone) { return .timestamp(t) }
    return .string(text)
  }
}
