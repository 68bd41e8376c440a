import PolicyRules

/// The machine-readable report, schema `policy-check/report@1` (see `docs/report-json.md`).
/// Keys are sorted and human text carries both languages, so the output depends on the
/// options only through `language` (recorded) and the local-time fields' time zone.
public struct JSONReporter: Reporter {
  public static let name = "json"
  public static let fileExtension = "json"
  /// The schema identifier written as `"schema"`; bump on incompatible changes.
  public static let schema = "policy-check/report@1"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    ReportSink.collecting { write(result, options: options, to: &$0) }
  }

  /// Streams the document: small parts go through `JSONValue`, rules and findings are written
  /// member by member with their keys in sorted (UTF-8 byte) order, as `JSONValue` would order them.
  public func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink) {
    let facts = ReportFacts(result, options: options)
    var instants = InstantTextCache()
    sink.writeJSONKey("asOf", indent: 2, first: true)
    writeInstant(result.asOf, facts, indent: 2, cache: &instants, to: &sink)
    sink.writeJSONKey("caseCount", indent: 2)
    sink.write(integer: result.caseCount)
    sink.writeJSONKey("clauses", indent: 2)
    sink.writeJSONArray(facts.sections, indent: 2) { sink, section, indent in
      sink.writeJSON(clauseJSON(section), indent: indent)
    }
    sink.writeJSONKey("dataFiles", indent: 2)
    sink.writeJSONStrings(result.dataFiles, indent: 2)
    sink.writeJSONKey("datasetTimeZone", indent: 2)
    sink.writeJSONString(result.timeZoneIdentifier)
    sink.writeJSONKey("expiredWaivers", indent: 2)
    sink.writeJSONArray(result.expiredWaivers, indent: 2) { sink, waiver, indent in
      sink.writeJSON(JSONReporter.waiver(waiver), indent: indent)
    }
    sink.writeJSONKey("language", indent: 2)
    sink.writeJSONString(options.language.rawValue)
    sink.writeJSONKey("period", indent: 2)
    sink.writeJSONKey("end", indent: 4, first: true)
    writeInstant(result.periodEnd, facts, indent: 4, cache: &instants, to: &sink)
    sink.writeJSONKey("start", indent: 4)
    writeInstant(result.periodStart, facts, indent: 4, cache: &instants, to: &sink)
    sink.writeJSONObjectEnd(indent: 2)
    sink.writeJSONKey("rejections", indent: 2)
    sink.writeJSONArray(result.rejections, indent: 2) { sink, rejection, indent in
      let rejectionJSON: JSONValue = .object([
        "file": .string(facts.fileName(of: rejection)), "line": .integer(Int(rejection.source.line)),
        "column": rejection.column.map { .integer($0) } ?? .null, "reason": .string(rejection.reason),
      ])
      sink.writeJSON(rejectionJSON, indent: indent)
    }
    sink.writeJSONKey("rows", indent: 2)
    let rows: JSONValue = .object([
      "read": .integer(result.counts.read), "used": .integer(result.counts.used),
      "rejected": .integer(result.counts.rejected),
    ])
    sink.writeJSON(rows, indent: 2)
    sink.writeJSONKey("ruleFiles", indent: 2)
    sink.writeJSONStrings(result.ruleFiles, indent: 2)
    sink.writeJSONKey("rules", indent: 2)
    sink.writeJSONArray(result.rules.indices, indent: 2) { sink, index, indent in
      writeRule(result.rules[index], facts: facts, indent: indent, to: &sink)
    }
    sink.writeJSONKey("schema", indent: 2)
    sink.writeJSONString(JSONReporter.schema)
    sink.writeJSONKey("timeZone", indent: 2)
    sink.writeJSONString(options.timeZoneIdentifier)
    sink.writeJSONKey("tool", indent: 2)
    sink.writeJSON(
      .object(["name": .string("policy-check"), "version": .string(result.toolVersion)]), indent: 2)
    sink.writeJSONKey("totals", indent: 2)
    sink.writeJSON(JSONReporter.counts(result.totals), indent: 2)
    sink.writeJSONObjectEnd(indent: 0)
    sink.write(byte: UInt8(ascii: "\n"))
  }

  /// `{"local": "2024-09-12 16:00", "utc": "…Z"}` or null.
  private func writeInstant(
    _ t: Timestamp?, _ facts: ReportFacts, indent: Int, cache: inout InstantTextCache,
    to sink: inout ReportSink
  ) {
    guard let t else { return sink.writeJSONNull() }
    let texts = cache.texts(t, clock: facts.clock)
    sink.writeJSONKey("local", indent: indent + 2, first: true)
    sink.writeJSONString(texts.local)
    sink.writeJSONKey("utc", indent: indent + 2)
    sink.writeJSONString(texts.utc)
    sink.writeJSONObjectEnd(indent: indent)
  }

  /// What rendering a finding reuses from one to the next.
  private struct FindingScratch {
    var explanations = ReportFacts.ExplanationScratch()
    var instants = InstantTextCache()
  }

  static func counts(_ counts: OutcomeCounts) -> JSONValue {
    .object([
      "passed": .integer(counts.passed), "violated": .integer(counts.violated),
      "pending": .integer(counts.pending), "unverifiable": .integer(counts.unverifiable),
      "waived": .integer(counts.waived), "applicable": .integer(counts.applicable),
      "complianceRate": counts.complianceRate.map { .number($0) } ?? .null,
    ])
  }

  static func text(_ text: LocalizedText) -> JSONValue {
    .object(["zh": .string(text.zh), "en": .string(text.en)])
  }

  static func waiver(_ waiver: WaiverReference) -> JSONValue {
    .object([
      "reason": .string(waiver.reason), "approver": .string(waiver.approver),
      "expires": .string(CivilMath.dateText(waiver.expires)), "source": .string(waiver.source),
    ])
  }

  static func clause(_ clause: ClauseReference) -> [String: JSONValue] {
    [
      "id": .string(clause.id), "file": .string(clause.file), "document": .string(clause.document),
      "article": .string(clause.article), "quote": .string(clause.quote),
    ]
  }

  private func clauseJSON(_ section: ReportFacts.ClauseSection) -> JSONValue {
    var members = JSONReporter.clause(section.clause)
    members["ruleIds"] = .array(section.rules.map { .string($0.rule.id) })
    members["counts"] = JSONReporter.counts(section.counts)
    return .object(members)
  }

  private func writeRule(_ ruleResult: RuleResult, facts: ReportFacts, indent: Int, to sink: inout ReportSink)
  {
    let rule = ruleResult.rule
    let inner = indent + 2
    sink.writeJSONKey("assumedParameters", indent: inner, first: true)
    sink.writeJSON(.object(rule.assumedParameters.mapValues { .string($0) }), indent: inner)
    sink.writeJSONKey("clauseId", indent: inner)
    sink.writeJSONString(rule.clause.id)
    sink.writeJSONKey("counts", indent: inner)
    sink.writeJSON(JSONReporter.counts(ruleResult.counts), indent: inner)
    sink.writeJSONKey("file", indent: inner)
    sink.writeJSONString(rule.file)
    sink.writeJSONKey("findings", indent: inner)
    writeFindings(ruleResult.findings, facts: facts, indent: inner, to: &sink)
    sink.writeJSONKey("id", indent: inner)
    sink.writeJSONString(rule.id)
    sink.writeJSONKey("kind", indent: inner)
    sink.writeJSONString(rule.kind)
    sink.writeJSONKey("line", indent: inner)
    sink.write(integer: rule.line)
    sink.writeJSONKey("message", indent: inner)
    writeText(rule.message, indent: inner, to: &sink)
    sink.writeJSONKey("metricRows", indent: inner)
    sink.writeJSONArray(ruleResult.metricRows, indent: inner) { sink, row, indent in
      sink.writeJSON(metricRowJSON(row), indent: indent)
    }
    sink.writeJSONKey("severity", indent: inner)
    sink.writeJSONString(rule.severity.rawValue)
    sink.writeJSONKey("tags", indent: inner)
    sink.writeJSONStrings(rule.tags, indent: inner)
    sink.writeJSONKey("title", indent: inner)
    writeText(rule.title, indent: inner, to: &sink)
    sink.writeJSONObjectEnd(indent: indent)
  }

  /// `{"en": …, "zh": …}`
  private func writeText(_ text: LocalizedText, indent: Int, to sink: inout ReportSink) {
    sink.writeJSONKey("en", indent: indent + 2, first: true)
    sink.writeJSONString(text.en)
    sink.writeJSONKey("zh", indent: indent + 2)
    sink.writeJSONString(text.zh)
    sink.writeJSONObjectEnd(indent: indent)
  }

  private func metricRowJSON(_ row: MetricRow) -> JSONValue {
    .object([
      "period": .string(row.period), "group": .string(row.group), "numerator": .integer(row.numerator),
      "denominator": .integer(row.denominator), "value": .number(row.value), "target": .string(row.target),
      "met": .bool(row.met), "againstCases": .array(row.againstCases.map { .string($0) }),
    ])
  }

  /// The `findings` array of a rule at `indent`, laid out as `writeJSONArray` would, rendered in
  /// windows on the report's workers (a rule may hold 100,000 findings).
  private func writeFindings(
    _ findings: [Finding], facts: ReportFacts, indent: Int, to sink: inout ReportSink
  ) {
    guard !findings.isEmpty else { return sink.write("[]") }
    sink.write("[\n")
    sink.writeWindows(
      count: findings.count, workers: facts.options.threads, windowSize: facts.options.findingWindow
    ) { sink, range in
      var scratch = FindingScratch()
      ReportFacts.forEachInPlace(findings, in: range) { index, finding in
        if index > 0 { sink.write(",\n") }
        sink.writeSpaces(indent + 2)
        writeFinding(finding, facts: facts, indent: indent + 2, scratch: &scratch, to: &sink)
      }
    }
    sink.write(byte: UInt8(ascii: "\n"))
    sink.writeSpaces(indent)
    sink.write(byte: UInt8(ascii: "]"))
  }

  private func writeFinding(
    _ finding: UnsafePointer<Finding>, facts: ReportFacts, indent: Int,
    scratch: inout FindingScratch,
    to sink: inout ReportSink
  ) {
    let inner = indent + 2
    sink.writeJSONKey("actual", indent: inner, first: true)
    writeText(finding.pointee.actual, indent: inner, to: &sink)
    sink.writeJSONKey("assumedParameters", indent: inner)
    if finding.pointee.assumedParameters.count > 1 {
      sink.writeJSONStrings(finding.pointee.assumedParameters.sorted(), indent: inner)
    } else {
      sink.writeJSONStrings(finding.pointee.assumedParameters, indent: inner)
    }
    sink.writeJSONKey("baselineState", indent: inner)
    sink.writeJSONString(orNull: finding.pointee.baselineState?.rawValue)
    sink.writeJSONKey("clauseId", indent: inner)
    sink.writeJSONString(finding.pointee.clauseID)
    sink.writeJSONKey("deadline", indent: inner)
    if let deadline = finding.pointee.deadline {
      writeDeadline(deadline, facts: facts, indent: inner, instants: &scratch.instants, to: &sink)
    } else {
      sink.writeJSONNull()
    }
    sink.writeJSONKey("deadlineExplanation", indent: inner)
    // `{"en": …, "zh": …}`, phrased straight into the output.
    let hasExplanation = ReportFacts.withExplanations(finding, scratch: &scratch.explanations) {
      english, chinese in
      sink.writeJSONKey("en", indent: inner + 2, first: true)
      sink.writeJSONString(english)
      sink.writeJSONKey("zh", indent: inner + 2)
      sink.writeJSONString(chinese)
      sink.writeJSONObjectEnd(indent: inner)
    }
    if !hasExplanation { sink.writeJSONNull() }
    sink.writeJSONKey("evidence", indent: inner)
    // Over a local copy of the array (one retain) rather than through the pointer.
    let evidenceList = finding.pointee.evidence
    sink.writeJSONArray(evidenceList.indices, indent: inner) { sink, index, indent in
      let evidence = evidenceList[index]
      sink.writeJSONKey("file", indent: indent + 2, first: true)
      sink.writeJSONString(evidence.file)
      sink.writeJSONKey("label", indent: indent + 2)
      sink.writeJSONString(evidence.label)
      sink.writeJSONKey("line", indent: indent + 2)
      sink.write(integer: evidence.line)
      sink.writeJSONKey("resource", indent: indent + 2)
      sink.writeJSONString(orNull: evidence.resource)
      sink.writeJSONKey("time", indent: indent + 2)
      writeInstant(evidence.time, facts, indent: indent + 2, cache: &scratch.instants, to: &sink)
      sink.writeJSONObjectEnd(indent: indent)
    }
    sink.writeJSONKey("expected", indent: inner)
    writeText(finding.pointee.expected, indent: inner, to: &sink)
    sink.writeJSONKey("fingerprint", indent: inner)
    ReportFacts.writeJSONFingerprint(finding, to: &sink)
    sink.writeJSONKey("group", indent: inner)
    sink.writeJSONString(orNull: finding.pointee.group)
    sink.writeJSONKey("outcome", indent: inner)
    sink.writeJSONString(finding.pointee.outcome.rawValue)
    sink.writeJSONKey("penalty", indent: inner)
    if let penalty = finding.pointee.penalty {
      sink.writeJSONKey("amount", indent: inner + 2, first: true)
      sink.writeJSONNumber(penalty.amount)
      sink.writeJSONKey("currency", indent: inner + 2)
      sink.writeJSONString(penalty.currency)
      sink.writeJSONKey("doubledOnRepeat", indent: inner + 2)
      sink.writeJSONBool(penalty.doubledOnRepeat)
      sink.writeJSONKey("perOccurrence", indent: inner + 2)
      sink.writeJSONBool(penalty.perOccurrence)
      sink.writeJSONObjectEnd(indent: inner)
    } else {
      sink.writeJSONNull()
    }
    sink.writeJSONKey("period", indent: inner)
    sink.writeJSONString(orNull: finding.pointee.period)
    sink.writeJSONKey("ruleId", indent: inner)
    sink.writeJSONString(finding.pointee.ruleID)
    sink.writeJSONKey("severity", indent: inner)
    sink.writeJSONString(finding.pointee.severity.rawValue)
    sink.writeJSONKey("subject", indent: inner)
    sink.writeJSONString(finding.pointee.subject)
    sink.writeJSONKey("time", indent: inner)
    writeInstant(finding.pointee.time, facts, indent: inner, cache: &scratch.instants, to: &sink)
    sink.writeJSONKey("waiver", indent: inner)
    if let waiver = finding.pointee.waiver {
      sink.writeJSON(JSONReporter.waiver(waiver), indent: inner)
    } else {
      sink.writeJSONNull()
    }
    sink.writeJSONObjectEnd(indent: indent)
  }

  private func writeDeadline(
    _ deadline: DeadlineComputation, facts: ReportFacts, indent: Int, instants: inout InstantTextCache,
    to sink: inout ReportSink
  ) {
    let inner = indent + 2
    sink.writeJSONKey("calendar", indent: inner, first: true)
    sink.writeJSONString(deadline.calendarName)
    sink.writeJSONKey("due", indent: inner)
    writeInstant(deadline.due, facts, indent: inner, cache: &instants, to: &sink)
    sink.writeJSONKey("duration", indent: inner)
    sink.writeJSONString(deadline.duration.description)
    sink.writeJSONKey("makeUpDays", indent: inner)
    sink.writeJSONArray(deadline.makeUpDays, indent: inner) { sink, day, _ in
      sink.writeJSONString(CivilMath.dateText(day))
    }
    sink.writeJSONKey("skippedDays", indent: inner)
    sink.writeJSONArray(deadline.skippedDays, indent: inner) { sink, day, _ in
      sink.writeJSONString(CivilMath.dateText(day))
    }
    sink.writeJSONKey("start", indent: inner)
    writeInstant(deadline.start, facts, indent: inner, cache: &instants, to: &sink)
    sink.writeJSONObjectEnd(indent: indent)
  }
}
