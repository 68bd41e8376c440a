import PolicyRules

/// JUnit XML for CI test tabs: a test suite per clause, a test case per rule. A rule with
/// violations fails and lists its violating cases; a rule with only pending findings is skipped.
/// Waived and unverifiable findings are listed in `<system-out>` and do not fail the case.
public struct JUnitReporter: Reporter {
  public static let name = "junit"
  public static let fileExtension = "xml"

  public init() {}

  /// How one rule maps to a test case.
  enum Verdict: Equatable {
    case passed, failed, skipped
  }

  static func verdict(of ruleResult: RuleResult) -> Verdict {
    if !ruleResult.isExercised { return .skipped }
    if ruleResult.counts.violated > 0 { return .failed }
    if ruleResult.counts.pending > 0, ruleResult.counts.passed == 0 { return .skipped }
    return .passed
  }

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    let facts = ReportFacts(result, options: options)
    let l = options.language
    let x = ReportEscaping.xml
    let verdicts = result.rules.map(JUnitReporter.verdict)
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"policy-check\" tests=\"\(result.rules.count)\""
    out += " failures=\"\(verdicts.filter { $0 == .failed }.count)\" errors=\"0\""
    out += " skipped=\"\(verdicts.filter { $0 == .skipped }.count)\">\n"
    for section in facts.sections {
      let sectionVerdicts = section.rules.map(JUnitReporter.verdict)
      out +=
        "  <testsuite name=\"\(x(ReportFacts.clauseHeading(section.clause)))\" tests=\"\(section.rules.count)\""
      out += " failures=\"\(sectionVerdicts.filter { $0 == .failed }.count)\" errors=\"0\""
      out += " skipped=\"\(sectionVerdicts.filter { $0 == .skipped }.count)\""
      out +=
        " timestamp=\"\(x(ReportClock.utcText(result.asOf).replacingOccurrences(of: "Z", with: "")))\">\n"
      out += "    <properties>\n"
      out += "      <property name=\"clause\" value=\"\(x(section.clause.id))\"/>\n"
      out += "      <property name=\"file\" value=\"\(x(section.clause.file))\"/>\n"
      out += "      <property name=\"quote\" value=\"\(x(section.clause.quote))\"/>\n"
      // The period (start inclusive, end exclusive) and cut-off, in UTC, as `timestamp`.
      for (name, instant) in [
        ("periodStart", result.periodStart), ("periodEnd", result.periodEnd), ("asOf", result.asOf),
      ] {
        let text = instant.map { ReportClock.utcText($0) } ?? ""
        out += "      <property name=\"\(name)\" value=\"\(x(text))\"/>\n"
      }
      out += "    </properties>\n"
      for ruleResult in section.rules { out += testCase(ruleResult, facts: facts, language: l) }
      out += "  </testsuite>\n"
    }
    out += "</testsuites>\n"
    return out
  }

  private func testCase(_ ruleResult: RuleResult, facts: ReportFacts, language l: Language) -> String {
    let x = ReportEscaping.xml
    let rule = ruleResult.rule
    var out = "    <testcase classname=\"\(x(rule.clause.id))\" name=\"\(x("\(rule.id) \(rule.title[l])"))\""
    out += " file=\"\(x(rule.file))\" line=\"\(rule.line)\" assertions=\"\(ruleResult.counts.applicable)\">\n"
    let counts = ruleResult.counts
    switch JUnitReporter.verdict(of: ruleResult) {
    case .failed:
      out += "      <failure type=\"\(rule.severity.rawValue)\""
      out += " message=\"\(x("\(counts.violated) \(ReportStrings.violated[l]): \(rule.message[l])"))\">"
      out += describeAll(ruleResult, violated: true, facts: facts, language: l)
      out += "</failure>\n"
    case .skipped where !ruleResult.isExercised:
      out += "      <skipped message=\"\(x(ReportStrings.notExercisedRules[l]))\"/>\n"
    case .skipped:
      out += "      <skipped message=\"\(x("\(counts.pending) \(ReportStrings.pending[l])"))\"/>\n"
    case .passed:
      break
    }
    if ruleResult.findings.contains(where: { $0.outcome != .violated }) {
      out += "      <system-out>"
      out += describeAll(ruleResult, violated: false, facts: facts, language: l)
      out += "</system-out>\n"
    }
    return out + "    </testcase>\n"
  }

  /// The rule's violated (or other) findings described, escaped as element text, a blank line
  /// apart. Each finding is escaped on its own: escaping the joined text of 100,000 findings at
  /// once took seconds.
  private func describeAll(_ ruleResult: RuleResult, violated: Bool, facts: ReportFacts, language l: Language)
    -> String
  {
    var out = ""
    var first = true
    let findings = ruleResult.findings
    for index in findings.indices where (findings[index].outcome == .violated) == violated {
      if !first { out += "\n\n" }
      first = false
      out += ReportEscaping.xmlText(
        describe(findings[index], rule: ruleResult.rule, facts: facts, language: l))
    }
    return out
  }

  /// A finding as plain lines: subject and outcome, actual vs expected, evidence.
  private func describe(_ finding: Finding, rule: RuleSummary, facts: ReportFacts, language l: Language)
    -> String
  {
    var lines = ["\(finding.subject) [\(ReportStrings.label(finding.outcome)[l])]"]
    lines.append("  \(ReportStrings.actual[l]): \(finding.actual[l])")
    lines.append("  \(ReportStrings.expected[l]): \(finding.expected[l])")
    if let explanation = finding.deadlineExplanation {
      lines.append("  \(ReportStrings.deadline[l]): \(explanation[l])")
    }
    if let gap = finding.calendarGap { lines.append("  ⚠ \(ReportStrings.calendarGap[l]): \(gap.text(l))") }
    for evidence in finding.evidence {
      lines.append("  \(ReportStrings.evidence[l]): \(facts.evidenceText(evidence))")
    }
    if let waiver = finding.waiver {
      lines.append("  \(ReportStrings.waiver[l]): \(ReportFacts.waiverText(waiver, language: l))")
    }
    if let note = ReportFacts.assumedNote(finding, rule: rule, language: l) { lines.append("  \(note)") }
    return lines.joined(separator: "\n")
  }
}
