import PolicyRules

/// One row per finding, for spreadsheets: RFC 4180 with CRLF line ends, UTF-8 with a byte-order
/// mark (Excel needs it to read Chinese), and formula-like cells neutralised with a leading `'`.
/// Headers and human text follow `options.language`; rule ids, clause ids and fingerprints do not.
public struct CSVReporter: Reporter {
  public static let name = "csv"
  public static let fileExtension = "csv"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    let facts = ReportFacts(result, options: options)
    let language = options.language
    let header: [LocalizedText] = [
      ReportStrings.rule, ReportStrings.title, ReportStrings.clause, ReportStrings.subject,
      ReportStrings.group, LocalizedText(zh: "期间", en: "Period"), ReportStrings.outcome,
      ReportStrings.severity, ReportStrings.expected, ReportStrings.actual, ReportStrings.time,
      ReportStrings.due, ReportStrings.deadline, ReportStrings.evidence, ReportStrings.penalty,
      ReportStrings.assumed, ReportStrings.waiver, LocalizedText(zh: "基线状态", en: "Baseline"),
      ReportStrings.fingerprint,
    ]
    var out = "\u{FEFF}"
    out += CSVReporter.row(header.map { $0[language] })
    for (rule, finding) in facts.allFindings {
      let cells: [String] = [
        finding.ruleID,
        rule.title[language],
        finding.clauseID,
        finding.subject,
        finding.group ?? "",
        finding.period ?? "",
        ReportStrings.label(finding.outcome)[language],
        finding.severity.label[language],
        finding.expected[language],
        finding.actual[language],
        finding.time.map(facts.clock.minuteText) ?? "",
        finding.deadline.map { facts.clock.minuteText($0.due) } ?? "",
        finding.deadlineExplanation?[language] ?? "",
        finding.evidence.map(facts.evidenceText).joined(separator: "; "),
        finding.penalty.map { ReportFacts.penaltyText($0, language: language) } ?? "",
        ReportFacts.assumedText(finding, rule: rule) ?? "",
        finding.waiver.map { ReportFacts.waiverText($0, language: language) } ?? "",
        finding.baselineState?.rawValue ?? "",
        finding.fingerprint,
      ]
      out += CSVReporter.row(cells)
    }
    return out
  }

  /// One record, cells escaped, ending in CRLF.
  static func row(_ cells: [String]) -> String {
    cells.map(ReportEscaping.csvCell).joined(separator: ",") + "\r\n"
  }
}
