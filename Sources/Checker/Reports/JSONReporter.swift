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
    let facts = ReportFacts(result, options: options)
    let document: [String: JSONValue] = [
      "schema": .string(JSONReporter.schema),
      "tool": .object(["name": .string("policy-check"), "version": .string(result.toolVersion)]),
      "language": .string(options.language.rawValue),
      "timeZone": .string(options.timeZoneIdentifier),
      "datasetTimeZone": .string(result.timeZoneIdentifier),
      "period": .object([
        "start": instant(result.periodStart, facts), "end": instant(result.periodEnd, facts),
      ]),
      "asOf": instant(result.asOf, facts),
      "ruleFiles": .array(result.ruleFiles.map { .string($0) }),
      "dataFiles": .array(result.dataFiles.map { .string($0) }),
      "rows": .object([
        "read": .integer(result.counts.read), "used": .integer(result.counts.used),
        "rejected": .integer(result.counts.rejected),
      ]),
      "rejections": .array(
        result.rejections.map { rejection in
          .object([
            "file": .string(facts.fileName(of: rejection)), "line": .integer(Int(rejection.source.line)),
            "column": rejection.column.map { .integer($0) } ?? .null, "reason": .string(rejection.reason),
          ])
        }),
      "caseCount": .integer(result.caseCount),
      "totals": JSONReporter.counts(result.totals),
      "clauses": .array(facts.sections.map { clauseJSON($0) }),
      "rules": .array(result.rules.map { ruleJSON($0, facts: facts) }),
      "expiredWaivers": .array(result.expiredWaivers.map { JSONReporter.waiver($0) }),
    ]
    return JSONValue.object(document).rendered()
  }

  /// `{"utc": "…Z", "local": "2024-09-12 16:00"}` or null.
  private func instant(_ t: Timestamp?, _ facts: ReportFacts) -> JSONValue {
    guard let t else { return .null }
    return .object(["utc": .string(ReportClock.utcText(t)), "local": .string(facts.clock.minuteText(t))])
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

  private func ruleJSON(_ ruleResult: RuleResult, facts: ReportFacts) -> JSONValue {
    let rule = ruleResult.rule
    return .object([
      "id": .string(rule.id),
      "title": JSONReporter.text(rule.title),
      "message": JSONReporter.text(rule.message),
      "clauseId": .string(rule.clause.id),
      "severity": .string(rule.severity.rawValue),
      "kind": .string(rule.kind),
      "tags": .array(rule.tags.map { .string($0) }),
      "file": .string(rule.file),
      "line": .integer(rule.line),
      "assumedParameters": .object(rule.assumedParameters.mapValues { .string($0) }),
      "counts": JSONReporter.counts(ruleResult.counts),
      "metricRows": .array(ruleResult.metricRows.map(metricRowJSON)),
      "findings": .array(ruleResult.findings.map { findingJSON($0, facts: facts) }),
    ])
  }

  private func metricRowJSON(_ row: MetricRow) -> JSONValue {
    .object([
      "period": .string(row.period), "group": .string(row.group), "numerator": .integer(row.numerator),
      "denominator": .integer(row.denominator), "value": .number(row.value), "target": .string(row.target),
      "met": .bool(row.met), "againstCases": .array(row.againstCases.map { .string($0) }),
    ])
  }

  private func findingJSON(_ finding: Finding, facts: ReportFacts) -> JSONValue {
    .object([
      "ruleId": .string(finding.ruleID),
      "clauseId": .string(finding.clauseID),
      "subject": .string(finding.subject),
      "outcome": .string(finding.outcome.rawValue),
      "severity": .string(finding.severity.rawValue),
      "expected": JSONReporter.text(finding.expected),
      "actual": JSONReporter.text(finding.actual),
      "evidence": .array(
        finding.evidence.map { evidence in
          .object([
            "label": .string(evidence.label), "time": instant(evidence.time, facts),
            "file": .string(evidence.file), "line": .integer(evidence.line),
            "resource": .optional(evidence.resource),
          ])
        }),
      "deadline": finding.deadline.map { deadlineJSON($0, facts: facts) } ?? .null,
      "deadlineExplanation": finding.deadlineExplanation.map(JSONReporter.text) ?? .null,
      "penalty": finding.penalty.map { penalty in
        .object([
          "amount": .number(penalty.amount), "currency": .string(penalty.currency),
          "perOccurrence": .bool(penalty.perOccurrence), "doubledOnRepeat": .bool(penalty.doubledOnRepeat),
        ])
      } ?? .null,
      "assumedParameters": .array(finding.assumedParameters.sorted().map { .string($0) }),
      "period": .optional(finding.period),
      "waiver": finding.waiver.map(JSONReporter.waiver) ?? .null,
      "time": instant(finding.time, facts),
      "group": .optional(finding.group),
      "fingerprint": .string(finding.fingerprint),
      "baselineState": .optional(finding.baselineState?.rawValue),
    ])
  }

  private func deadlineJSON(_ deadline: DeadlineComputation, facts: ReportFacts) -> JSONValue {
    .object([
      "start": instant(deadline.start, facts),
      "due": instant(deadline.due, facts),
      "duration": .string(deadline.duration.description),
      "calendar": .string(deadline.calendarName),
      "skippedDays": .array(deadline.skippedDays.map { .string(CivilMath.dateText($0)) }),
      "makeUpDays": .array(deadline.makeUpDays.map { .string(CivilMath.dateText($0)) }),
    ])
  }
}
