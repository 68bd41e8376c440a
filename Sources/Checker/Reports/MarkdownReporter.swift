import PolicyRules

/// A Markdown report for pull requests and wikis: summary tables, then findings per clause.
/// All record text is escaped so a subject cannot break a table or inject markup.
public struct MarkdownReporter: Reporter {
  public static let name = "markdown"
  public static let fileExtension = "md"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    let facts = ReportFacts(result, options: options)
    let l = options.language
    let e = ReportEscaping.markdown
    var out = "# \(ReportStrings.reportTitle[l])\n\n"

    out += "| | |\n|---|---|\n"
    out += "| \(ReportStrings.toolVersion[l]) | policy-check \(e(result.toolVersion)) |\n"
    out += "| \(ReportStrings.period[l]) | \(facts.periodText(l)) (\(e(options.timeZoneIdentifier))) |\n"
    out += "| \(ReportStrings.asOf[l]) | \(facts.clock.minuteText(result.asOf)) |\n"
    out += "| \(ReportStrings.ruleFiles[l]) | \(e(ReportFacts.fileSummary(result.ruleFiles, l))) |\n"
    out += "| \(ReportStrings.dataFiles[l]) | \(e(ReportFacts.fileSummary(result.dataFiles, l))) |\n"
    out +=
      "| \(ReportStrings.rowsRead[l]) | \(result.counts.read) (\(ReportStrings.rowsUsed[l]) \(result.counts.used), "
    out += "\(ReportStrings.rowsRejected[l]) \(result.counts.rejected)) |\n"
    out += "| \(ReportStrings.cases[l]) | \(result.caseCount) |\n"
    out += "| \(ReportStrings.rulesEvaluated[l]) | \(result.rules.count) |\n"
    let totals = result.totals
    out += "| \(ReportStrings.compliance[l]) | \(ReportFacts.percentText(totals.complianceRate)) |\n"
    if !result.notExercised.isEmpty {
      out += "| \(ReportStrings.notExercised[l]) | \(result.notExercised.count) |\n"
    }
    if totals.outsideCalendarData > 0 {
      out += "| \(ReportStrings.outsideCalendarData[l]) | \(totals.outsideCalendarData) |\n"
    }

    if !result.rejections.isEmpty {
      out += "\n## \(ReportStrings.rejectedRows[l])\n\n"
      for rejection in result.rejections { out += "- \(e(facts.rejectionText(rejection)))\n" }
    }

    let outcomes: [Outcome] = [.passed, .violated, .pending, .unverifiable, .waived]
    out += "\n## \(ReportStrings.complianceByClause[l])\n\n"
    out += "| \(ReportStrings.clause[l]) | \(ReportStrings.document[l]) | "
    out += outcomes.map { ReportStrings.label($0)[l] }.joined(separator: " | ")
    out += " | \(ReportStrings.compliance[l]) |\n"
    out += "|---|---|" + String(repeating: "---:|", count: outcomes.count + 1) + "\n"
    for section in facts.sections {
      let c = section.counts
      out += "| \(e(section.clause.id)) | \(e(section.clause.document)) \(e(section.clause.article)) | "
      out += "\(c.passed) | \(c.violated) | \(c.pending) | \(c.unverifiable) | \(c.waived) | "
      out += "\(ReportFacts.percentText(c.complianceRate)) |\n"
    }

    out += "\n## \(ReportStrings.topViolatedClauses[l])\n\n"
    let top = facts.mostViolatedClauses()
    if top.isEmpty { out += "\(ReportStrings.noViolations[l])\n" }
    for (i, section) in top.enumerated() {
      out +=
        "\(i + 1). **\(e(section.clause.id))** \(e(section.clause.document)) \(e(section.clause.article)) — "
      out += "\(section.counts.violated) \(ReportStrings.violated[l])\n"
    }

    out += "\n## \(ReportStrings.violationsBySeverity[l])\n\n"
    out += "| \(ReportStrings.severity[l]) | \(ReportStrings.count[l]) |\n|---|---:|\n"
    for (severity, count) in facts.violationsBySeverity { out += "| \(severity.label[l]) | \(count) |\n" }
    out +=
      "\n\(ReportStrings.pending[l]): \(totals.pending) · \(ReportStrings.unverifiable[l]): \(totals.unverifiable)"
    out += " · \(ReportStrings.waived[l]): \(totals.waived)\n"

    out += "\n## \(ReportStrings.findings[l])\n"
    var anyFinding = false
    for section in facts.sections {
      let rules = section.rules.filter { !$0.findings.isEmpty || !$0.metricRows.isEmpty }
      guard !rules.isEmpty else { continue }
      anyFinding = true
      out += "\n### \(e(ReportFacts.clauseHeading(section.clause)))\n\n"
      if !section.clause.quote.isEmpty { out += "> \(e(section.clause.quote))\n\n" }
      for ruleResult in rules { out += ruleSection(ruleResult, facts: facts, language: l) }
    }
    if !anyFinding { out += "\n\(ReportStrings.noFindings[l])\n" }

    if !result.notExercised.isEmpty {
      out += "\n## \(ReportStrings.notExercisedRules[l])\n\n"
      for rule in result.notExercised {
        out += "- \(e(ReportFacts.notExercisedText(rule.rule, language: l)))\n"
      }
    }

    if !result.expiredWaivers.isEmpty {
      out += "\n## \(ReportStrings.expiredWaivers[l])\n\n"
      for waiver in result.expiredWaivers { out += "- \(e(ReportFacts.waiverText(waiver, language: l)))\n" }
    }
    return out
  }

  private func ruleSection(_ ruleResult: RuleResult, facts: ReportFacts, language l: Language) -> String {
    let e = ReportEscaping.markdown
    let rule = ruleResult.rule
    var out = "#### \(e(rule.id)) — \(e(rule.title[l])) (\(rule.severity.label[l]))\n\n"
    if !ruleResult.metricRows.isEmpty {
      out +=
        "| \(LocalizedText(zh: "期间", en: "Period")[l]) | \(ReportStrings.group[l]) | \(ReportStrings.value[l]) | "
      out += "n | \(ReportStrings.target[l]) | \(ReportStrings.met[l]) |\n|---|---|---:|---:|---|---|\n"
      for row in ruleResult.metricRows {
        out += "| \(e(row.period)) | \(e(row.group)) | \(ReportFacts.metricValueText(row)) | "
        out += "\(row.numerator)/\(row.denominator) | \(e(row.target)) | "
        out += "\(row.met ? ReportStrings.yes[l] : ReportStrings.no[l]) |\n"
      }
      out += "\n"
    }
    for finding in ruleResult.findings {
      var heading =
        "- **\(ReportStrings.label(finding.outcome)[l])** · \(finding.severity.label[l]) · \(e(finding.subject))"
      if let group = finding.group, !group.isEmpty { heading += " · \(ReportStrings.group[l]) \(e(group))" }
      if let period = finding.period { heading += " · \(e(period))" }
      out += heading + "\n"
      out += "  - \(ReportStrings.expected[l]): \(e(finding.expected[l]))\n"
      out += "  - \(ReportStrings.actual[l]): \(e(finding.actual[l]))\n"
      if let due = finding.deadline?.due {
        out += "  - \(ReportStrings.due[l]): \(facts.clock.minuteText(due))\n"
      }
      if let explanation = finding.deadlineExplanation {
        out += "  - \(ReportStrings.deadline[l]): \(e(explanation[l]))\n"
      }
      if let gap = finding.calendarGap { out += "  - ⚠ \(ReportStrings.calendarGap[l]): \(e(gap.text(l)))\n" }
      for evidence in finding.evidence {
        out += "  - \(ReportStrings.evidence[l]): \(e(facts.evidenceText(evidence)))\n"
      }
      if let penalty = finding.penalty {
        out += "  - \(ReportStrings.penalty[l]): \(e(ReportFacts.penaltyText(penalty, language: l)))\n"
      }
      if let waiver = finding.waiver {
        out += "  - \(ReportStrings.waiver[l]): \(e(ReportFacts.waiverText(waiver, language: l)))\n"
      }
      if let assumed = ReportFacts.assumedText(finding, rule: rule) {
        out += "  - ⚠ \(ReportStrings.assumed[l]): \(e(assumed))\n"
      }
    }
    return out + "\n"
  }
}
