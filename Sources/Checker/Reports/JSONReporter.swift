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
    sink.writeJSONKey("dataWarnings", indent: 2)
    sink.writeJSONArray(result.dataWarnings, indent: 2) { sink, warning, indent in
      sink.writeJSON(JSONReporter.diagnostic(warning), indent: indent)
    }
    sink.writeJSONKey("datasetTimeZone", indent: 2)
    sink.writeJSONString(result.timeZoneIdentifier)
    sink.writeJSONKey("expiredWaivers", indent: 2)
    sink.writeJSONArray(result.expiredWaivers, indent: 2) { sink, waiver, indent in
      sink.writeJSON(JSONReporter.waiver(waiver), indent: indent)
    }
    sink.writeJSONKey("language", indent: 2)
    sink.writeJSONString(options.language.rawValue)
    sink.writeJSONKey("notExercised", indent: 2)
    sink.writeJSONStrings(result.notExercised.map(\.rule.id), indent: 2)
    sink.writeJSONKey("period", indent: 2)
    sink.writeJSONKey("end", indent: 4, first: true)
    writeInstant(result.periodEnd, facts, indent: 4, cache: &instants, to: &sink)
    sink.writeJSONKey("start", indent: 4)
    writeInstant(result.periodStart, facts, indent: 4, cache: &instants, to: &sink)
    sink.writeJSONObjectEnd(indent: 2)
    sink.writeJSONKey("rejections", indent: 2)
    sink.writeJSONArray(result.rejections, indent: 2) { sink, rejection, indent in
      var fields: [String: JSONValue] = [
        "file": .string(facts.fileName(of: rejection)), "line": .integer(Int(rejection.source.line)),
        "column": rejection.column.map { .integer($0) } ?? .null, "reason": .string(rejection.reason),
      ]
      // A database row's key (its case id), when it has one (files' rows have none).
      if let key = rejection.key { fields["key"] = .string(key) }
      let rejectionJSON: JSONValue = .object(fields)
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
    // Texts the findings of a rule share (see `SharedJSONText`).
    var ruleID = SharedJSONText()
    var expectedEnglish = SharedJSONText()
    var expectedChinese = SharedJSONText()
    var file = SharedJSONText()
    var assumed = SharedJSONStrings()
  }

  static func counts(_ counts: OutcomeCounts) -> JSONValue {
    .object([
      "passed": .integer(counts.passed), "violated": .integer(counts.violated),
      "pending": .integer(counts.pending), "unverifiable": .integer(counts.unverifiable),
      "waived": .integer(counts.waived), "applicable": .integer(counts.applicable),
      "outsideCalendarData": .integer(counts.outsideCalendarData),
      "complianceRate": counts.complianceRate.map { .number($0) } ?? .null,
    ])
  }

  /// A rules-against-the-data warning: `{"file", "line", "column", "message"}`.
  static func diagnostic(_ diagnostic: Diagnostic) -> JSONValue {
    .object([
      "file": .string(diagnostic.path), "line": diagnostic.mark.map { .integer($0.line) } ?? .null,
      "column": diagnostic.mark.map { .integer($0.column) } ?? .null, "message": .string(diagnostic.message),
    ])
  }

  /// `{"afterEnd", "calendar", "from", "to"}`: the holiday data a count ran past.
  static func calendarGap(_ gap: CalendarDataGap) -> JSONValue {
    .object([
      "afterEnd": .bool(gap.afterEnd), "calendar": .string(gap.calendar),
      "from": .string(CivilMath.dateText(gap.covers.lowerBound)),
      "to": .string(CivilMath.dateText(gap.covers.upperBound)),
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
    sink.writeJSONKey("exercised", indent: inner)
    sink.writeJSON(.bool(ruleResult.isExercised), indent: inner)
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
    FindingJSONPieces.Storage(indent: indent + 2).withPieces { pieces in
      sink.writeWindows(
        count: findings.count, workers: facts.options.threads, windowSize: facts.options.findingWindow
      ) { sink, range in
        var scratch = FindingScratch()
        ReportFacts.forEachInPlace(findings, in: range) { index, finding in
          writeFinding(finding, first: index == 0, facts: facts, pieces: pieces, scratch: &scratch, to: &sink)
        }
      }
    }
    sink.write(byte: UInt8(ascii: "\n"))
    sink.writeSpaces(indent)
    sink.write(byte: UInt8(ascii: "]"))
  }

  /// One finding, with the separator before it, its fixed bytes taken from `pieces`.
  private func writeFinding(
    _ finding: UnsafePointer<Finding>, first: Bool, facts: ReportFacts, pieces: FindingJSONPieces,
    scratch: inout FindingScratch,
    to sink: inout ReportSink
  ) {
    sink.write(first ? pieces.openFirst : pieces.openNext)
    sink.writeJSONString(finding.pointee.actual.en)
    sink.write(pieces.textZhKey)
    sink.writeJSONString(finding.pointee.actual.zh)
    sink.write(pieces.assumedKey)
    let inner = pieces.innerIndent
    scratch.assumed.write(finding.pointee.assumedParameters, indent: inner, to: &sink)
    sink.write(pieces.baselineStateKey)
    sink.writeJSONString(orNull: finding.pointee.baselineState?.rawValue)
    sink.writeJSONKey("calendarGap", indent: pieces.innerIndent)
    if let gap = finding.pointee.calendarGap {
      sink.writeJSON(JSONReporter.calendarGap(gap), indent: pieces.innerIndent)
    } else {
      sink.writeJSONNull()
    }
    sink.write(pieces.clauseIDKey)
    sink.writeJSONString(finding.pointee.clauseID)
    sink.write(pieces.deadlineKey)
    if let deadline = finding.pointee.deadline {
      writeDeadline(deadline, facts: facts, pieces: pieces, instants: &scratch.instants, to: &sink)
    } else {
      sink.writeJSONNull()
    }
    sink.write(pieces.explanationKey)
    // `{"en": …, "zh": …}`, phrased straight into the output.
    let hasExplanation = ReportFacts.withExplanations(finding, scratch: &scratch.explanations) {
      english, chinese in
      sink.write(pieces.explanationOpen)
      sink.writeJSONString(english)
      sink.write(pieces.textZhKey)
      sink.writeJSONString(chinese)
      sink.write(pieces.textClose)
    }
    if !hasExplanation { sink.writeJSONNull() }
    sink.write(pieces.evidenceKey)
    // Over a local copy of the array (one retain), its items read in place.
    let evidenceList = finding.pointee.evidence
    if evidenceList.isEmpty {
      sink.write("[]")
    } else {
      // The evidence array's buffer, lent for this loop only (a local copy holds the array).
      evidenceList.withUnsafeBufferPointer { list in
        for index in list.indices {
          sink.write(index == 0 ? pieces.evidenceOpenFirst : pieces.evidenceOpenNext)
          scratch.file.writeString(list[index].file, to: &sink)
          // A database row's key (`RowKeys`); file evidence has none.
          if let key = list[index].key {
            sink.writeJSONKey("key", indent: pieces.innerIndent + 4)
            sink.writeJSONString(key)
          }
          sink.write(pieces.labelKey)
          sink.writeJSONString(list[index].label)
          sink.write(pieces.lineKey)
          sink.write(integer: list[index].line)
          sink.write(pieces.resourceKey)
          sink.writeJSONString(orNull: list[index].resource)
          sink.write(pieces.evidenceTimeKey)
          writeInstant(list[index].time, facts, pieces.evidenceInstant, cache: &scratch.instants, to: &sink)
          sink.write(pieces.evidenceClose)
        }
      }
      sink.write(pieces.evidenceArrayClose)
    }
    sink.write(pieces.expectedOpen)
    scratch.expectedEnglish.writeString(finding.pointee.expected.en, to: &sink)
    sink.write(pieces.textZhKey)
    scratch.expectedChinese.writeString(finding.pointee.expected.zh, to: &sink)
    sink.write(pieces.fingerprintKey)
    // `ruleID|subject|period` as `ReportFacts.writeJSONFingerprint` writes it.
    sink.write(byte: UInt8(ascii: "\""))
    scratch.ruleID.writeContent(finding.pointee.ruleID, to: &sink)
    sink.write(byte: UInt8(ascii: "|"))
    sink.writeJSONStringContent(finding.pointee.subject)
    sink.write(byte: UInt8(ascii: "|"))
    if let period = finding.pointee.period { sink.writeJSONStringContent(period) }
    sink.write(byte: UInt8(ascii: "\""))
    sink.write(pieces.groupKey)
    sink.writeJSONString(orNull: finding.pointee.group)
    sink.write(pieces.outcomeKey)
    sink.writeJSONString(finding.pointee.outcome.rawValue)
    sink.write(pieces.penaltyKey)
    if let penalty = finding.pointee.penalty {
      sink.write(pieces.penaltyOpen)
      sink.writeJSONNumber(penalty.amount)
      sink.write(pieces.currencyKey)
      sink.writeJSONString(penalty.currency)
      sink.write(pieces.doubledOnRepeatKey)
      sink.writeJSONBool(penalty.doubledOnRepeat)
      sink.write(pieces.perOccurrenceKey)
      sink.writeJSONBool(penalty.perOccurrence)
      sink.write(pieces.penaltyClose)
    } else {
      sink.writeJSONNull()
    }
    sink.write(pieces.periodKey)
    sink.writeJSONString(orNull: finding.pointee.period)
    sink.write(pieces.ruleIDKey)
    scratch.ruleID.writeString(finding.pointee.ruleID, to: &sink)
    sink.write(pieces.severityKey)
    sink.writeJSONString(finding.pointee.severity.rawValue)
    sink.write(pieces.subjectKey)
    sink.writeJSONString(finding.pointee.subject)
    sink.write(pieces.timeKey)
    writeInstant(finding.pointee.time, facts, pieces.findingInstant, cache: &scratch.instants, to: &sink)
    sink.write(pieces.waiverKey)
    if let waiver = finding.pointee.waiver {
      sink.writeJSON(JSONReporter.waiver(waiver), indent: inner)
    } else {
      sink.writeJSONNull()
    }
    sink.write(pieces.close)
  }

  /// `writeInstant` with the fixed bytes of `pieces`.
  @inline(__always)
  private func writeInstant(
    _ t: Timestamp?, _ facts: ReportFacts, _ pieces: FindingJSONPieces.Instant,
    cache: inout InstantTextCache, to sink: inout ReportSink
  ) {
    guard let t else { return sink.writeJSONNull() }
    let texts = cache.texts(t, clock: facts.clock)
    sink.write(pieces.open)
    sink.writeJSONString(texts.local)
    sink.write(pieces.utcKey)
    sink.writeJSONString(texts.utc)
    sink.write(pieces.close)
  }

  private func writeDeadline(
    _ deadline: DeadlineComputation, facts: ReportFacts, pieces: FindingJSONPieces,
    instants: inout InstantTextCache, to sink: inout ReportSink
  ) {
    let inner = pieces.innerIndent + 2
    sink.write(pieces.deadlineOpen)
    sink.writeJSONString(deadline.calendarName)
    sink.write(pieces.dueKey)
    writeInstant(deadline.due, facts, pieces.deadlineInstant, cache: &instants, to: &sink)
    sink.write(pieces.durationKey)
    sink.writeJSONString(deadline.duration.description)
    sink.write(pieces.makeUpDaysKey)
    sink.writeJSONArray(deadline.makeUpDays, indent: inner) { sink, day, _ in
      sink.writeJSONString(CivilMath.dateText(day))
    }
    sink.write(pieces.skippedDaysKey)
    sink.writeJSONArray(deadline.skippedDays, indent: inner) { sink, day, _ in
      sink.writeJSONString(CivilMath.dateText(day))
    }
    sink.write(pieces.startKey)
    writeInstant(deadline.start, facts, pieces.deadlineInstant, cache: &instants, to: &sink)
    sink.write(pieces.deadlineClose)
  }
}
