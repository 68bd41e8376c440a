import PolicyRules
import Testing

@testable import Checker

/// A huge run still gives an HTML page a browser can open: the table keeps the most serious
/// violations and says where the rest are.
@Test func htmlFindingsTableIsCappedWithTheMostSeriousFirst() throws {
  var result = SampleAuditResult.make()
  let index = try #require(result.rules.firstIndex { !$0.findings.isEmpty })
  let template = result.rules[index].findings[0]
  var minor = template
  minor.outcome = .violated
  minor.severity = .minor
  var critical = template
  critical.outcome = .violated
  critical.severity = .critical
  critical.subject = "CRIT"
  result.rules[index].findings = Array(repeating: minor, count: HTMLReporter.maxTableRows + 50) + [critical]
  let html = HTMLReporter().render(result, options: ReportOptions(language: .en))
  let rows = html.components(separatedBy: "<tr data-outcome=").count - 1
  #expect(rows == HTMLReporter.maxTableRows)
  #expect(html.contains("The table lists the 5000 most serious of"))
  #expect(html.contains(">CRIT<"), "the critical violation is kept when the table is capped")
}
