import PolicyRules
import Testing

@testable import Checker

/// Without `--month` or `--from/--to` every record is judged, and the reports say so.
@Test(arguments: [Language.en, .zh])
func reportsNameAMissingPeriod(_ language: Language) {
  var result = SampleAuditResult.make()
  result.periodStart = nil
  result.periodEnd = nil
  let expected = language == .en ? "all records (no period given)" : "全部数据（未限定期间）"
  for reporter in [TextReporter() as any Reporter, MarkdownReporter(), HTMLReporter()] {
    let text = reporter.render(result, options: ReportOptions(language: language))
    #expect(text.contains(expected), "\(reporter.formatName)")
  }
}
