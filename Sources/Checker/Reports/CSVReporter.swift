import PolicyRules

/// One row per finding, for spreadsheets: RFC 4180 with CRLF line ends, UTF-8 with a byte-order
/// mark (Excel needs it to read Chinese), and formula-like cells neutralised with a leading `'`.
/// Headers and human text follow `options.language`; rule ids, clause ids and fingerprints do not.
public struct CSVReporter: Reporter {
  public static let name = "csv"
  public static let fileExtension = "csv"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    ReportSink.collecting { write(result, options: options, to: &$0) }
  }

  /// Streams the rows, rendered in windows on the report's workers; composite cells are assembled
  /// in a reused scratch buffer, then escaped.
  public func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink) {
    let facts = ReportFacts(result, options: options)
    let language = options.language
    let header: [LocalizedText] = [
      ReportStrings.rule, ReportStrings.title, ReportStrings.clause, ReportStrings.subject,
      ReportStrings.group, LocalizedText(zh: "期间", en: "Period"), ReportStrings.outcome,
      ReportStrings.severity, ReportStrings.expected, ReportStrings.actual, ReportStrings.time,
      ReportStrings.due, ReportStrings.deadline, ReportStrings.evidence, ReportStrings.penalty,
      ReportStrings.assumed, ReportStrings.waiver, LocalizedText(zh: "基线状态", en: "Baseline"),
      ReportStrings.fingerprint, ReportStrings.calendarGap,
    ]
    sink.write("\u{FEFF}")
    for (i, cell) in header.enumerated() {
      if i > 0 { sink.write(byte: UInt8(ascii: ",")) }
      ReportEscaping.writeCSVCell(cell[language], to: &sink)
    }
    sink.write("\r\n")
    facts.forEachRuleFindings { rule, findings in
      sink.writeWindows(count: findings.count, workers: options.threads, windowSize: options.findingWindow) {
        sink, range in
        var scratch = ReportSink()
        var explanation: [UInt8] = []
        ReportFacts.forEach(findings, in: range) { _, finding in
          CSVReporter.writeRow(
            finding, rule: rule, facts: facts, language: language, scratch: &scratch,
            explanation: &explanation, to: &sink)
        }
      }
    }
  }

  /// One finding's row, CRLF included.
  private static func writeRow(
    _ finding: borrowing Finding, rule: RuleSummary, facts: ReportFacts, language: Language,
    scratch: inout ReportSink, explanation: inout [UInt8], to sink: inout ReportSink
  ) {
    ReportEscaping.writeCSVCell(finding.ruleID, to: &sink)
    for text in [
      rule.title[language], finding.clauseID, finding.subject, finding.group ?? "", finding.period ?? "",
      ReportStrings.label(finding.outcome)[language], finding.severity.label[language],
      finding.expected[language], finding.actual[language],
    ] {
      sink.write(byte: UInt8(ascii: ","))
      ReportEscaping.writeCSVCell(text, to: &sink)
    }
    // Cells assembled from parts go through the scratch buffer, then are escaped as one.
    scratch.removeAll()
    if let time = finding.time { scratch.write(facts.clock.minute(time)) }
    CSVReporter.writeCell(scratch, to: &sink)
    scratch.removeAll()
    if let due = finding.deadline?.due { scratch.write(facts.clock.minute(due)) }
    CSVReporter.writeCell(scratch, to: &sink)
    sink.write(byte: UInt8(ascii: ","))
    // An empty cell when there is none.
    ReportFacts.withExplanation(finding, language, scratch: &explanation) {
      ReportEscaping.writeCSVCell($0, to: &sink)
    }
    scratch.removeAll()
    for (i, evidence) in finding.evidence.enumerated() {
      if i > 0 { scratch.write("; ") }
      facts.writeEvidence(evidence, to: &scratch)
    }
    CSVReporter.writeCell(scratch, to: &sink)
    scratch.removeAll()
    if let penalty = finding.penalty { ReportFacts.writePenalty(penalty, language: language, to: &scratch) }
    CSVReporter.writeCell(scratch, to: &sink)
    scratch.removeAll()
    ReportFacts.writeAssumed(finding, rule: rule, to: &scratch)
    CSVReporter.writeCell(scratch, to: &sink)
    for text in [
      finding.waiver.map { ReportFacts.waiverText($0, language: language) } ?? "",
      finding.baselineState?.rawValue ?? "",
    ] {
      sink.write(byte: UInt8(ascii: ","))
      ReportEscaping.writeCSVCell(text, to: &sink)
    }
    scratch.removeAll()
    ReportFacts.writeFingerprint(finding, to: &scratch) { $0.write($1) }
    CSVReporter.writeCell(scratch, to: &sink)
    sink.write(byte: UInt8(ascii: ","))
    if let gap = finding.calendarGap { ReportEscaping.writeCSVCell(gap.text(language), to: &sink) }
    sink.write("\r\n")
  }

  /// `,` and the escaped contents of an in-memory sink.
  private static func writeCell(_ cell: borrowing ReportSink, to sink: inout ReportSink) {
    sink.write(byte: UInt8(ascii: ","))
    cell.withUnsafeBytes { ReportEscaping.writeCSVCell($0, to: &sink) }
  }
}
