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
      let violations = ruleResult.findings.filter { $0.outcome == .violated }
      out += "      <failure type=\"\(rule.severity.rawValue)\""
      out += " message=\"\(x("\(counts.violated) \(ReportStrings.violated[l]): \(rule.message[l])"))\">"
      out += ReportEscaping.xmlText(
        violations.map { describe($0, rule: rule, facts: facts, language: l) }.joined(separator: "\n\n"))
      out += "</failure>\n"
    case .skipped:
      out += "      <skipped message=\"\(x("\(counts.pending) \(ReportStrings.pending[l])"))\"/>\n"
    case .passed:
      break
    }
    let others = ruleResult.findings.filter { $0.outcome != .violated }
    if !others.isEmpty {
      out += "      <system-out>"
      out += ReportEscaping.xmlText(
        others.map { describe($0, rule: rule, facts: facts, language: l) }.joined(separator: "\n\n"))
      out += "</system-out>\n"
    }
    return out + "    </testcase>\n"
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
