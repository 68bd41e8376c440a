import PolicyRules

/// A Markdown report for pull requests and wikis: summary tables, then findings per clause.
/// All record text is escaped so a subject cannot break a table or inject markup.
public struct MarkdownReporter: Reporter {
  public static let name = "markdown"
  public static let fileExtension = "md"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    ReportSink.collecting { write(result, options: options, to: &$0) }
  }

  /// Streams the report: the summary tables, then each rule's findings rendered in windows on the
  /// report's workers (`ReportSink.writeWindows`), record text escaped straight into the sink.
  public func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink) {
    let facts = ReportFacts(result, options: options)
    let l = options.language
    func e(_ text: String) { ReportEscaping.writeMarkdown(text, to: &sink) }
    func w(_ text: String) { sink.write(text) }
    w("# \(ReportStrings.reportTitle[l])\n\n")

    w("| | |\n|---|---|\n")
    w("| \(ReportStrings.toolVersion[l]) | policy-check ")
    e(result.toolVersion)
    w(" |\n| \(ReportStrings.period[l]) | \(facts.periodText(l)) (")
    e(options.timeZoneIdentifier)
    w(") |\n| \(ReportStrings.asOf[l]) | \(facts.clock.minuteText(result.asOf)) |\n")
    w("| \(ReportStrings.ruleFiles[l]) | ")
    e(ReportFacts.fileSummary(result.ruleFiles, l))
    w(" |\n| \(ReportStrings.dataFiles[l]) | ")
    e(ReportFacts.fileSummary(result.dataFiles, l))
    w(" |\n")
    w(
      "| \(ReportStrings.rowsRead[l]) | \(result.counts.read) (\(ReportStrings.rowsUsed[l]) \(result.counts.used), "
    )
    w("\(ReportStrings.rowsRejected[l]) \(result.counts.rejected)) |\n")
    w("| \(ReportStrings.cases[l]) | \(result.caseCount) |\n")
    w("| \(ReportStrings.rulesEvaluated[l]) | \(result.rules.count) |\n")
    let totals = result.totals
    w("| \(ReportStrings.compliance[l]) | \(ReportFacts.percentText(totals.complianceRate)) |\n")
    if !result.notExercised.isEmpty {
      w("| \(ReportStrings.notExercised[l]) | \(result.notExercised.count) |\n")
    }
    if totals.outsideCalendarData > 0 {
      w("| \(ReportStrings.outsideCalendarData[l]) | \(totals.outsideCalendarData) |\n")
    }

    if !result.rejections.isEmpty {
      w("\n## \(ReportStrings.rejectedRows[l])\n\n")
      for rejection in result.rejections {
        w("- ")
        e(facts.rejectionText(rejection))
        w("\n")
      }
    }

    let outcomes: [Outcome] = [.passed, .violated, .pending, .unverifiable, .waived]
    w("\n## \(ReportStrings.complianceByClause[l])\n\n")
    w("| \(ReportStrings.clause[l]) | \(ReportStrings.document[l]) | ")
    w(outcomes.map { ReportStrings.label($0)[l] }.joined(separator: " | "))
    w(" | \(ReportStrings.compliance[l]) |\n")
    w("|---|---|" + String(repeating: "---:|", count: outcomes.count + 1) + "\n")
    // The summary's few lines are built as strings (escaped by `m`); the findings stream.
    let m = ReportEscaping.markdown
    for section in facts.sections {
      let (c, clause) = (section.counts, section.clause)
      w("| \(m(clause.id)) | \(m(clause.document)) \(m(clause.article)) | ")
      w("\(c.passed) | \(c.violated) | \(c.pending) | \(c.unverifiable) | \(c.waived) | ")
      w("\(ReportFacts.percentText(c.complianceRate)) |\n")
    }

    w("\n## \(ReportStrings.topViolatedClauses[l])\n\n")
    let top = facts.mostViolatedClauses()
    if top.isEmpty { w("\(ReportStrings.noViolations[l])\n") }
    for (i, section) in top.enumerated() {
      let clause = section.clause
      w("\(i + 1). **\(m(clause.id))** \(m(clause.document)) \(m(clause.article)) — ")
      w("\(section.counts.violated) \(ReportStrings.violated[l])\n")
    }

    w("\n## \(ReportStrings.violationsBySeverity[l])\n\n")
    w("| \(ReportStrings.severity[l]) | \(ReportStrings.count[l]) |\n|---|---:|\n")
    for (severity, count) in facts.violationsBySeverity { w("| \(severity.label[l]) | \(count) |\n") }
    w(
      "\n\(ReportStrings.pending[l]): \(totals.pending) · \(ReportStrings.unverifiable[l]): \(totals.unverifiable)"
    )
    w(" · \(ReportStrings.waived[l]): \(totals.waived)\n")

    w("\n## \(ReportStrings.findings[l])\n")
    var anyFinding = false
    for section in facts.sections {
      let rules = section.rules.filter { !$0.findings.isEmpty || !$0.metricRows.isEmpty }
      guard !rules.isEmpty else { continue }
      anyFinding = true
      w("\n### ")
      e(ReportFacts.clauseHeading(section.clause))
      w("\n\n")
      if !section.clause.quote.isEmpty {
        w("> ")
        e(section.clause.quote)
        w("\n\n")
      }
      for ruleResult in rules { writeRuleSection(ruleResult, facts: facts, options: options, to: &sink) }
    }
    if !anyFinding { w("\n\(ReportStrings.noFindings[l])\n") }

    if !result.notExercised.isEmpty {
      w("\n## \(ReportStrings.notExercisedRules[l])\n\n")
      for rule in result.notExercised {
        w("- ")
        e(ReportFacts.notExercisedText(rule.rule, language: l))
        w("\n")
      }
    }

    if !result.expiredWaivers.isEmpty {
      w("\n## \(ReportStrings.expiredWaivers[l])\n\n")
      for waiver in result.expiredWaivers {
        w("- ")
        e(ReportFacts.waiverText(waiver, language: l))
        w("\n")
      }
    }
  }

  private func writeRuleSection(
    _ ruleResult: RuleResult, facts: ReportFacts, options: ReportOptions, to sink: inout ReportSink
  ) {
    let l = options.language
    let rule = ruleResult.rule
    sink.write("#### ")
    ReportEscaping.writeMarkdown(rule.id, to: &sink)
    sink.write(" — ")
    ReportEscaping.writeMarkdown(rule.title[l], to: &sink)
    sink.write(" (\(rule.severity.label[l]))\n\n")
    if !ruleResult.metricRows.isEmpty {
      sink.write(
        "| \(LocalizedText(zh: "期间", en: "Period")[l]) | \(ReportStrings.group[l]) | \(ReportStrings.value[l]) | "
      )
      sink.write("n | \(ReportStrings.target[l]) | \(ReportStrings.met[l]) |\n|---|---|---:|---:|---|---|\n")
      for row in ruleResult.metricRows {
        sink.write("| ")
        ReportEscaping.writeMarkdown(row.period, to: &sink)
        sink.write(" | ")
        ReportEscaping.writeMarkdown(row.group, to: &sink)
        sink.write(" | \(ReportFacts.metricValueText(row)) | \(row.numerator)/\(row.denominator) | ")
        ReportEscaping.writeMarkdown(row.target, to: &sink)
        sink.write(" | \(row.met ? ReportStrings.yes[l] : ReportStrings.no[l]) |\n")
      }
      sink.write("\n")
    }
    let findings = ruleResult.findings
    sink.writeWindows(count: findings.count, workers: options.threads, windowSize: options.findingWindow) {
      sink, range in
      var scratch = ReportSink()
      var explanation: [UInt8] = []
      ReportFacts.forEach(findings, in: range) { _, finding in
        MarkdownReporter.writeFinding(
          finding, rule: rule, facts: facts, language: l, scratch: &scratch, explanation: &explanation,
          to: &sink)
      }
    }
    sink.write("\n")
  }

  /// One finding: a list item with its details as sub-items.
  private static func writeFinding(
    _ finding: borrowing Finding, rule: RuleSummary, facts: ReportFacts, language l: Language,
    scratch: inout ReportSink, explanation: inout [UInt8], to sink: inout ReportSink
  ) {
    sink.write("- **")
    sink.write(ReportStrings.label(finding.outcome)[l])
    sink.write("** · ")
    sink.write(finding.severity.label[l])
    sink.write(" · ")
    ReportEscaping.writeMarkdown(finding.subject, to: &sink)
    if let group = finding.group, !group.isEmpty {
      sink.write(" · ")
      sink.write(ReportStrings.group[l])
      sink.write(" ")
      ReportEscaping.writeMarkdown(group, to: &sink)
    }
    if let period = finding.period {
      sink.write(" · ")
      ReportEscaping.writeMarkdown(period, to: &sink)
    }
    sink.write("\n")
    /// `  - label: value` (with `warning`, `  - ⚠ label: value`): what `value` writes into the
    /// scratch buffer, escaped.
    func item(_ label: LocalizedText, warning: Bool = false, _ value: (inout ReportSink) -> Void) {
      sink.write(warning ? "  - ⚠ " : "  - ")
      sink.write(label[l])
      sink.write(": ")
      scratch.removeAll()
      value(&scratch)
      scratch.withUnsafeBytes { ReportEscaping.writeMarkdown($0, to: &sink) }
      sink.write("\n")
    }
    item(ReportStrings.expected) { $0.write(finding.expected[l]) }
    item(ReportStrings.actual) { $0.write(finding.actual[l]) }
    if let due = finding.deadline?.due { item(ReportStrings.due) { $0.write(facts.clock.minute(due)) } }
    ReportFacts.withExplanation(finding, l, scratch: &explanation) { text in
      item(ReportStrings.deadline) { $0.write(text) }
    }
    if let gap = finding.calendarGap {
      item(ReportStrings.calendarGap, warning: true) { $0.write(gap.text(l)) }
    }
    for evidence in finding.evidence {
      item(ReportStrings.evidence) { facts.writeEvidence(evidence, to: &$0) }
    }
    if let penalty = finding.penalty {
      item(ReportStrings.penalty) { ReportFacts.writePenalty(penalty, language: l, to: &$0) }
    }
    if let waiver = finding.waiver {
      item(ReportStrings.waiver) { $0.write(ReportFacts.waiverText(waiver, language: l)) }
    }
    if !finding.assumedParameters.isEmpty {
      item(ReportStrings.assumed, warning: true) { ReportFacts.writeAssumed(finding, rule: rule, to: &$0) }
    }
  }
}
