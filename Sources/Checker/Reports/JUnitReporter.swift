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
    ReportSink.collecting { write(result, options: options, to: &$0) }
  }

  /// Streams the report: a suite per clause, each rule's findings described in windows on the
  /// report's workers (`ReportSink.writeWindows`), record text escaped straight into the sink.
  public func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink) {
    let facts = ReportFacts(result, options: options)
    func x(_ text: String) { ReportEscaping.writeXML(text, to: &sink) }
    let verdicts = result.rules.map(JUnitReporter.verdict)
    sink.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    sink.write("<testsuites name=\"policy-check\" tests=\"\(result.rules.count)\"")
    sink.write(" failures=\"\(verdicts.filter { $0 == .failed }.count)\" errors=\"0\"")
    sink.write(" skipped=\"\(verdicts.filter { $0 == .skipped }.count)\">\n")
    let timestamp = ReportClock.utcText(result.asOf).replacingOccurrences(of: "Z", with: "")
    for section in facts.sections {
      let sectionVerdicts = section.rules.map(JUnitReporter.verdict)
      sink.write("  <testsuite name=\"")
      x(ReportFacts.clauseHeading(section.clause))
      sink.write("\" tests=\"\(section.rules.count)\"")
      sink.write(" failures=\"\(sectionVerdicts.filter { $0 == .failed }.count)\" errors=\"0\"")
      sink.write(" skipped=\"\(sectionVerdicts.filter { $0 == .skipped }.count)\" timestamp=\"")
      x(timestamp)
      sink.write("\">\n    <properties>\n")
      sink.write("      <property name=\"clause\" value=\"")
      x(section.clause.id)
      sink.write("\"/>\n      <property name=\"file\" value=\"")
      x(section.clause.file)
      sink.write("\"/>\n      <property name=\"quote\" value=\"")
      x(section.clause.quote)
      sink.write("\"/>\n")
      // The period (start inclusive, end exclusive) and cut-off, in UTC, as `timestamp`.
      for (name, instant) in [
        ("periodStart", result.periodStart), ("periodEnd", result.periodEnd), ("asOf", result.asOf),
      ] {
        sink.write("      <property name=\"\(name)\" value=\"")
        x(instant.map { ReportClock.utcText($0) } ?? "")
        sink.write("\"/>\n")
      }
      sink.write("    </properties>\n")
      for ruleResult in section.rules { writeTestCase(ruleResult, facts: facts, options: options, to: &sink) }
      sink.write("  </testsuite>\n")
    }
    sink.write("</testsuites>\n")
  }

  private func writeTestCase(
    _ ruleResult: RuleResult, facts: ReportFacts, options: ReportOptions, to sink: inout ReportSink
  ) {
    let l = options.language
    let rule = ruleResult.rule
    sink.write("    <testcase classname=\"")
    ReportEscaping.writeXML(rule.clause.id, to: &sink)
    sink.write("\" name=\"")
    ReportEscaping.writeXML("\(rule.id) \(rule.title[l])", to: &sink)
    sink.write("\" file=\"")
    ReportEscaping.writeXML(rule.file, to: &sink)
    sink.write("\" line=\"\(rule.line)\" assertions=\"\(ruleResult.counts.applicable)\">\n")
    let counts = ruleResult.counts
    switch JUnitReporter.verdict(of: ruleResult) {
    case .failed:
      sink.write("      <failure type=\"\(rule.severity.rawValue)\" message=\"")
      ReportEscaping.writeXML(
        "\(counts.violated) \(ReportStrings.violated[l]): \(rule.message[l])", to: &sink)
      sink.write("\">")
      writeAll(ruleResult, violated: true, facts: facts, options: options, to: &sink)
      sink.write("</failure>\n")
    case .skipped where !ruleResult.isExercised:
      sink.write("      <skipped message=\"")
      ReportEscaping.writeXML(ReportStrings.notExercisedRules[l], to: &sink)
      sink.write("\"/>\n")
    case .skipped:
      sink.write("      <skipped message=\"")
      ReportEscaping.writeXML("\(counts.pending) \(ReportStrings.pending[l])", to: &sink)
      sink.write("\"/>\n")
    case .passed:
      break
    }
    if ruleResult.findings.contains(where: { $0.outcome != .violated }) {
      sink.write("      <system-out>")
      writeAll(ruleResult, violated: false, facts: facts, options: options, to: &sink)
      sink.write("</system-out>\n")
    }
    sink.write("    </testcase>\n")
  }

  /// The rule's violated (or other) findings described, escaped as element text, a blank line
  /// apart, rendered in windows over the positions of those findings.
  private func writeAll(
    _ ruleResult: RuleResult, violated: Bool, facts: ReportFacts, options: ReportOptions,
    to sink: inout ReportSink
  ) {
    let findings = ruleResult.findings
    var chosen: [Int32] = []
    ReportFacts.forEachInPlace(findings, in: findings.indices) { index, finding in
      if (finding.pointee.outcome == .violated) == violated { chosen.append(Int32(index)) }
    }
    let positions = chosen
    let (rule, l) = (ruleResult.rule, options.language)
    sink.writeWindows(count: positions.count, workers: options.threads, windowSize: options.findingWindow) {
      sink, range in
      var scratch = ReportSink()
      var explanation: [UInt8] = []
      for k in range {
        if k > 0 { sink.write("\n\n") }
        ReportFacts.forEach(findings, in: Int(positions[k])..<Int(positions[k]) + 1) { _, finding in
          JUnitReporter.describe(
            finding, rule: rule, facts: facts, language: l, scratch: &scratch, explanation: &explanation,
            to: &sink)
        }
      }
    }
  }

  /// A finding as plain lines, escaped as element text: subject and outcome, actual vs expected,
  /// evidence.
  private static func describe(
    _ finding: borrowing Finding, rule: RuleSummary, facts: ReportFacts, language l: Language,
    scratch: inout ReportSink, explanation: inout [UInt8], to sink: inout ReportSink
  ) {
    func text(_ piece: String, _ sink: inout ReportSink) { ReportEscaping.writeXMLText(piece, to: &sink) }
    text(finding.subject, &sink)
    sink.write(" [")
    text(ReportStrings.label(finding.outcome)[l], &sink)
    sink.write("]\n  ")
    text(ReportStrings.actual[l], &sink)
    sink.write(": ")
    text(finding.actual[l], &sink)
    sink.write("\n  ")
    text(ReportStrings.expected[l], &sink)
    sink.write(": ")
    text(finding.expected[l], &sink)
    ReportFacts.withExplanation(finding, l, scratch: &explanation) { bytes in
      sink.write("\n  ")
      text(ReportStrings.deadline[l], &sink)
      sink.write(": ")
      ReportEscaping.writeXML(bytes, keepingLineBreaks: true, to: &sink)
    }
    if let gap = finding.calendarGap {
      sink.write("\n  ⚠ ")
      text(ReportStrings.calendarGap[l], &sink)
      sink.write(": ")
      text(gap.text(l), &sink)
    }
    for evidence in finding.evidence {
      sink.write("\n  ")
      text(ReportStrings.evidence[l], &sink)
      sink.write(": ")
      scratch.removeAll()
      facts.writeEvidence(evidence, to: &scratch)
      scratch.withUnsafeBytes { ReportEscaping.writeXML($0, keepingLineBreaks: true, to: &sink) }
    }
    if let waiver = finding.waiver {
      sink.write("\n  ")
      text(ReportStrings.waiver[l], &sink)
      sink.write(": ")
      text(ReportFacts.waiverText(waiver, language: l), &sink)
    }
    if !finding.assumedParameters.isEmpty {
      sink.write("\n  ")
      scratch.removeAll()
      ReportFacts.writeAssumedNote(finding, rule: rule, language: l, to: &scratch)
      scratch.withUnsafeBytes { ReportEscaping.writeXML($0, keepingLineBreaks: true, to: &sink) }
    }
  }
}
