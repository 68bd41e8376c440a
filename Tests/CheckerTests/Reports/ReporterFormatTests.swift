import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Behaviour checks per format, beyond the golden files.
@Suite struct ReporterFormatTests {
  let result = SampleAuditResult.make()

  @Test func csvNeutralisesFormulaCellsAndStartsWithBOM() {
    let csv = CSVReporter().render(result, options: ReportOptions(language: .en))
    #expect(csv.hasPrefix("\u{FEFF}Rule,Title,Clause,Subject,"))
    let lines = csv.components(separatedBy: "\r\n")
    // Header, eight findings, and the empty string after the final CRLF.
    #expect(lines.count == 10)
    #expect(lines.last == "")
    #expect(csv.contains(",'=cmd|' /C calc'!A0,"))
    #expect(!csv.contains(",=cmd"))
  }

  @Test func htmlEscapesRecordTextEverywhere() {
    for language in Language.allCases {
      let html = HTMLReporter().render(result, options: ReportOptions(language: language))
      #expect(!html.contains("<script>alert(1)</script>"))
      #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(html.contains("Team &quot;B&quot; &amp; &lt;C&gt;"))
      // Exactly one script element: ours.
      #expect(html.components(separatedBy: "<script").count == 2)
      #expect(html.contains("<html lang=\"\(language == .zh ? "zh-CN" : "en")\">"))
      // Self-contained: nothing fetched from anywhere.
      #expect(!html.contains("src=\"http"))
      #expect(!html.contains("href=\"http"))
      #expect(!html.contains("@import"))
    }
  }

  @Test func htmlTrendUsesMonthsForLongPeriodsAndWeeksForShortOnes() {
    let long = HTMLReporter().render(result, options: ReportOptions(language: .en))
    #expect(long.contains("Trend (by month)"))
    #expect(long.contains(">2024-08</text>") && long.contains(">2024-10</text>"))
    var short = result
    // 2024-09-09 00:00 – 2024-09-23 00:00 Shanghai: two ISO weeks (W37, W38).
    short.periodStart = Timestamp(seconds: 1_725_811_200)
    short.periodEnd = Timestamp(seconds: 1_727_020_800)
    let facts = ReportFacts(short, options: ReportOptions())
    let trend = facts.trend()
    #expect(trend.granularity == .week)
    // Findings outside the period widen the axis (08-28 is in W35, 10-10 in W41), gaps included.
    #expect(
      trend.buckets.map(\.label) == [
        "2024-W35", "2024-W36", "2024-W37", "2024-W38", "2024-W39", "2024-W40", "2024-W41",
      ])
    let w37 = trend.buckets.first { $0.label == "2024-W37" }
    // T-1001 and the <script> subject: two violations that week.
    #expect(w37?.values == [2, 0, 0, 0])
  }

  @Test func sarifHasRulesTaxaAndResultsAtTheRightPaths() throws {
    let text = SARIFReporter().render(result, options: ReportOptions(language: .en))
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    #expect(root["version"] as? String == "2.1.0")
    #expect(root["$schema"] as? String == SARIFReporter.schemaURI)
    let runs = try #require(root["runs"] as? [NSDictionary])
    #expect(runs.count == 1)
    let run = runs[0]
    let driver = try #require(keyPath(run, "tool.driver") as? NSDictionary)
    #expect(driver["name"] as? String == "policy-check")
    let rules = try #require(driver["rules"] as? [NSDictionary])
    #expect(
      rules.map { $0["id"] as? String } == [
        "contact-after-assignment", "contact-record-fields", "repair-rework-rate", "repair-on-time",
        "repair-visit-logged",
      ])
    #expect(
      keyPath(rules[0], "shortDescription.text") as? String == "Contact the customer right after assignment")
    #expect(keyPath(rules[0], "properties.severity") as? String == "major")
    let relationship = try #require((rules[2]["relationships"] as? [NSDictionary])?.first)
    #expect(keyPath(relationship, "target.id") as? String == "S1-17")
    #expect(keyPath(relationship, "target.toolComponent.name") as? String == "regulations")

    let taxonomies = try #require(run["taxonomies"] as? [NSDictionary])
    #expect(taxonomies.count == 1)
    #expect(taxonomies[0]["name"] as? String == "regulations")
    let taxa = try #require(taxonomies[0]["taxa"] as? [NSDictionary])
    #expect(taxa.map { $0["id"] as? String } == ["S0-15", "S1-17"])

    let results = try #require(run["results"] as? [NSDictionary])
    #expect(results.count == 8)
    let late = try #require(results.first { (keyPath($0, "properties.subject") as? String) == "T-1001" })
    #expect(late["level"] as? String == "error")
    #expect(late["kind"] as? String == "fail")
    #expect(
      (late["partialFingerprints"] as? NSDictionary)?["policyCheck/v1"] as? String
        == "contact-after-assignment|T-1001|")
    let location = try #require((late["locations"] as? [NSDictionary])?.first)
    #expect(keyPath(location, "physicalLocation.artifactLocation.uri") as? String == "data/repairs.csv")
    #expect(keyPath(location, "physicalLocation.region.startLine") as? Int == 12)
    #expect((late["relatedLocations"] as? [NSDictionary])?.count == 1)
    #expect((keyPath(late, "message.text") as? String)?.contains("⚠ assumed: immediate=30m") == true)

    let waived = try #require(results.first { (keyPath($0, "properties.subject") as? String) == "T-1003" })
    let suppression = try #require((waived["suppressions"] as? [NSDictionary])?.first)
    #expect(suppression["kind"] as? String == "external")
    #expect(suppression["justification"] as? String == SampleAuditResult.waiver.reason)

    let pending = try #require(results.first { (keyPath($0, "properties.subject") as? String) == "T-1010" })
    #expect(pending["kind"] as? String == "open")
    #expect(pending["level"] as? String == "none")
    let unverifiable = try #require(
      results.first { (keyPath($0, "properties.subject") as? String) == "T-1005" })
    #expect(unverifiable["kind"] as? String == "review")
    let critical = try #require(results.first { ($0["ruleId"] as? String) == "repair-rework-rate" })
    #expect(critical["level"] as? String == "error")
    #expect(critical["locations"] == nil)
  }

  @Test func sarifLevelsFollowSeverity() {
    #expect(SARIFReporter.level(for: .critical) == "error")
    #expect(SARIFReporter.level(for: .major) == "error")
    #expect(SARIFReporter.level(for: .minor) == "warning")
    #expect(SARIFReporter.level(for: .info) == "note")
  }

  @Test func sarifCarriesBaselineStateWhenKnown() throws {
    var withBaseline = result
    withBaseline.rules[0].findings[1].baselineState = .unchanged
    let text = SARIFReporter().render(withBaseline, options: ReportOptions(language: .en))
    #expect(text.contains("\"baselineState\": \"unchanged\""))
    #expect(text.components(separatedBy: "\"baselineState\"").count == 2)
  }

  @Test func junitCountsFailuresAndSkips() {
    let xml = JUnitReporter().render(result, options: ReportOptions(language: .en))
    #expect(
      xml.contains("<testsuites name=\"policy-check\" tests=\"5\" failures=\"2\" errors=\"0\" skipped=\"2\">")
    )
    #expect(
      xml.contains("name=\"S0-15 服务流程管理制度 D14 维修服务\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\""))
    #expect(
      xml.contains("name=\"S1-17 物业管理服务标准 篇十 3.2\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"2\""))
    #expect(xml.components(separatedBy: "<failure ").count == 3)
    // The pending-only rule and the rule that applied to no case.
    #expect(xml.components(separatedBy: "<skipped ").count == 3)
    #expect(xml.contains("<skipped message=\"Rules not exercised (applicable to no case)\"/>"))
    #expect(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt; [violated]"))
    #expect(!xml.contains("<script>"))
  }

  @Test func junitSkipsOnlyRulesWithPendingAndNothingJudged() {
    let rule = SampleAuditResult.onTimeRule
    #expect(
      JUnitReporter.verdict(
        of: RuleResult(rule: rule, counts: SampleAuditResult.counts(pending: 2), findings: [])) == .skipped)
    #expect(
      JUnitReporter.verdict(
        of: RuleResult(rule: rule, counts: SampleAuditResult.counts(passed: 1, pending: 2), findings: []))
        == .passed)
    #expect(
      JUnitReporter.verdict(
        of: RuleResult(rule: rule, counts: SampleAuditResult.counts(violated: 1, pending: 2), findings: []))
        == .failed)
    #expect(
      JUnitReporter.verdict(
        of: RuleResult(rule: rule, counts: SampleAuditResult.counts(waived: 1), findings: [])) == .passed)
  }

  /// Options for the text report's detailed listing (`--details`).
  static func detailed(_ language: Language, colour: Bool = false) -> ReportOptions {
    var options = ReportOptions(language: language, colour: colour)
    options.details = true
    return options
  }

  @Test func textUsesColourOnlyWhenAsked() {
    let plain = TextReporter().render(result, options: Self.detailed(.en))
    let coloured = TextReporter().render(result, options: Self.detailed(.en, colour: true))
    #expect(!plain.contains("\u{1B}["))
    #expect(coloured.contains("\u{1B}[31m[violated · major]\u{1B}[0m"))
    #expect(plain.contains("⚠ assumed: immediate=30m"))
    // Every line fits 100 terminal columns.
    for line in plain.split(separator: "\n", omittingEmptySubsequences: false) {
      #expect(TerminalText.width(String(line)) <= 100, "too wide: \(line)")
    }
  }

  @Test func textNeverPassesControlCharactersFromRecords() {
    var hostile = result
    hostile.rules[0].findings[0].subject = "T-9\u{1B}]0;owned\u{7}\u{1B}[2J\u{E000}2J\u{E001}"
    for colour in [false, true] {
      let text = TextReporter().render(hostile, options: Self.detailed(.en, colour: colour))
      #expect(text.contains("T-9\u{FFFD}]0;owned\u{FFFD}\u{FFFD}[2J"))
      #expect(!text.contains("\u{1B}]"))
      #expect(!text.contains("\u{1B}[2J"))
      #expect(!text.contains("\u{E000}") && !text.contains("\u{E001}"))
    }
  }

  /// The terminal summary shows a rule's first 10 findings, violations first (in their order),
  /// then the others, and counts the rest.
  @Test func textShowsViolationsFirstAndCountsTheRest() throws {
    var many = result
    let violated = try #require(result.rules[0].findings.first { $0.outcome == .violated })
    let pending = try #require(result.rules[0].findings.first { $0.outcome == .pending })
    var findings: [Finding] = []
    for k in 0..<13 {
      // Pending P-0, P-1, … at even places up to 10; violated V-0, V-1, … elsewhere.
      var finding = k % 2 == 0 && k <= 10 ? pending : violated
      finding.subject =
        finding.outcome == .pending ? "P-\(k / 2)" : "V-\(findings.filter { $0.outcome == .violated }.count)"
      findings.append(finding)
    }
    many.rules[0].findings = findings
    let text = TextReporter().render(many, options: Self.detailed(.en))
    let shown = Set(findings.map(\.subject).filter { text.contains(" \($0)") })
    #expect(shown == ["V-0", "V-1", "V-2", "V-3", "V-4", "V-5", "V-6", "P-0", "P-1", "P-2"])
    let order = ["V-0", "V-6", "P-0", "P-2"].compactMap { text.range(of: " \($0)")?.lowerBound }
    #expect(order.count == 4 && order == order.sorted())
    #expect(!text.contains(" P-3") && !text.contains(" P-5"))
    #expect(text.contains("3 more"))
  }

  @Test func textMarksAssumptionsInChinese() {
    let text = TextReporter().render(result, options: Self.detailed(.zh))
    #expect(text.contains("⚠ 假定阈值: immediate=30m"))
    #expect(text.contains("合规率 84.2%"))
  }

  @Test func jsonDeclaresSchemaAndRoundTrips() throws {
    let text = JSONReporter().render(result, options: ReportOptions(language: .zh))
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    #expect(root["schema"] as? String == "policy-check/report@1")
    #expect(keyPath(root, "totals.violated") as? Int == 3)
    #expect(keyPath(root, "asOf.local") as? String == "2024-10-08 09:00")
    #expect(keyPath(root, "asOf.utc") as? String == "2024-10-08T01:00:00Z")
    let rules = try #require(root["rules"] as? [NSDictionary])
    let findings = try #require(rules[0]["findings"] as? [NSDictionary])
    #expect(findings[0]["subject"] as? String == "<script>alert(1)</script>")
    #expect(keyPath(findings[1], "deadline.due.local") as? String == "2024-09-12 16:30")
  }

  @Test func markdownEscapesRecordText() {
    let markdown = MarkdownReporter().render(result, options: ReportOptions(language: .en))
    #expect(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(markdown.contains("=cmd\\|' /C calc'\\!A0"))
    #expect(!markdown.contains("<script>"))
  }

  @Test func emptyResultRendersInEveryFormat() {
    let empty = AuditResult(
      toolVersion: "0.1.0", ruleFiles: [], dataFiles: [], periodStart: nil, periodEnd: nil,
      asOf: Timestamp(seconds: 0), timeZoneIdentifier: "UTC", counts: ReadCounts(), rejections: [],
      caseCount: 0, rules: [], clauses: [], expiredWaivers: [])
    for reporter in ReporterRegistry.all {
      for language in Language.allCases {
        #expect(!reporter.render(empty, options: ReportOptions(language: language)).isEmpty)
      }
    }
    #expect(TextReporter().render(empty, options: ReportOptions(language: .en)).contains("No violations"))
    #expect(TextReporter().render(empty, options: Self.detailed(.en)).contains("No findings"))
  }
}

/// The value at a dotted path of dictionaries parsed by `JSONSerialization` (Linux Foundation has
/// no key-value coding).
func keyPath(_ root: Any?, _ path: String) -> Any? {
  var current = root
  for key in path.split(separator: ".") {
    guard let dictionary = current as? NSDictionary else { return nil }
    current = dictionary.object(forKey: String(key))
  }
  return current
}
