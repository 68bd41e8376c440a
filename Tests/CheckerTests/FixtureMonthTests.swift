import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Audits the generated month (`Fixtures/month`, written by `scripts/gen-fixtures.py`) with the shipped
/// rule library and compares every rule with the outcomes the generator injected (`expected.json`).
///
/// The expectations come from the generator's own ledger, never from the tool's output, so a change in
/// the evaluation that moves any count or violated subject fails here. Regenerate the month after a
/// rule change with `scripts/gen-fixtures.py` and review the diff of `expected.json`.
@Suite struct FixtureMonthTests {
  @Test func rowsReadAreUsedOrRejected() {
    let counts = FixtureMonth.result.counts
    #expect(counts.read == counts.used + counts.rejected)
    #expect(counts.read == FixtureMonth.expected.rows.read)
    #expect(counts.rejected == FixtureMonth.expected.rows.rejected)
    #expect(FixtureMonth.result.rejections.count == FixtureMonth.expected.rows.rejected)
  }

  /// An audit that keeps no finding (for the text summary) holds none, and every figure of
  /// every rule is the one the audit that keeps them gives: counts, counts per group, and the
  /// violations by severity and by group the reports' summaries rest on.
  @Test func figuresWithoutFindingsAreThoseWithThem() {
    let figures = FixtureMonth.audit(from: 1_725_120_000_000, to: 1_727_712_000_000, keepsFindings: false)
    let full = FixtureMonth.result
    #expect(figures.rules.count == full.rules.count)
    #expect(full.rules.contains { !$0.findings.isEmpty })
    for (kept, counted) in zip(full.rules, figures.rules) {
      #expect(counted.findings.isEmpty, "\(counted.rule.id)")
      #expect(counted.counts == kept.counts, "\(kept.rule.id)")
      #expect(counted.countsByGroup == kept.countsByGroup, "\(kept.rule.id)")
      #expect(counted.violations == kept.violations, "\(kept.rule.id)")
      var bySeverity: [Severity: Int] = [:]
      for finding in kept.findings where finding.outcome == .violated {
        bySeverity[finding.severity, default: 0] += 1
      }
      #expect(kept.violations.bySeverity == bySeverity, "\(kept.rule.id)")
    }
    #expect(figures.totals == full.totals)
    #expect(figures.clauses == full.clauses)
  }

  @Test func datasetLoadsWithoutErrors() {
    #expect(!FixtureMonth.library.hasErrors, "\(FixtureMonth.library.renderedDiagnostics)")
    #expect(!FixtureMonth.dataset.diagnostics.contains { $0.severity == .error })
    #expect(FixtureMonth.result.caseCount == FixtureMonth.expected.cases)
  }

  @Test func everyRuleOfTheLibraryHasExpectations() {
    let judged = Set(FixtureMonth.result.rules.map(\.rule.id))
    let expected = Set(FixtureMonth.expected.rules.keys)
    #expect(judged.subtracting(expected).sorted() == [], "rules without expectations: regenerate the month")
    #expect(expected.subtracting(judged).sorted() == [], "expectations for rules the library does not have")
  }

  /// Every rule judges something: in the month, or (periods of a quarter or a year start before
  /// September, so a month audit never judges them) in the audit of the whole year 2024.
  @Test func everyRuleApplies() {
    let yearCounts = Dictionary(
      FixtureMonth.yearResult.rules.map { ($0.rule.id, $0.counts) }, uniquingKeysWith: { first, _ in first })
    for rule in FixtureMonth.result.rules where rule.counts.applicable == 0 {
      #expect(
        (yearCounts[rule.rule.id]?.applicable ?? 0) > 0,
        "\(rule.rule.id) judges nothing in September nor in 2024")
    }
    let monthApplicable = FixtureMonth.result.rules.filter { $0.counts.applicable > 0 }.count
    #expect(monthApplicable >= FixtureMonth.result.rules.count - 4)
  }

  @Test(arguments: FixtureMonth.ruleIDs)
  func violatedSubjectsAreTheInjectedOnes(ruleID: String) throws {
    // A rule missing from the library is reported once, by everyRuleOfTheLibraryHasExpectations.
    guard let rule = FixtureMonth.result.rules.first(where: { $0.rule.id == ruleID }) else { return }
    let expected = try #require(FixtureMonth.expected.rules[ruleID])
    let violated = rule.findings.filter { $0.outcome == .violated }.map(FixtureMonth.subject).sorted()
    #expect(violated == expected.violatedSubjects)
  }

  @Test(arguments: FixtureMonth.ruleIDs)
  func countsMatchTheGenerator(ruleID: String) throws {
    guard let rule = FixtureMonth.result.rules.first(where: { $0.rule.id == ruleID }) else { return }
    let expected = try #require(FixtureMonth.expected.rules[ruleID])
    #expect(rule.counts.passed == expected.passed)
    #expect(rule.counts.violated == expected.violated)
    #expect(rule.counts.pending == expected.pending)
    #expect(rule.counts.waived == 0)
    #expect(rule.counts.unverifiable == expected.unverifiable)
  }
}

/// The month, loaded and audited once for all tests of the suite.
enum FixtureMonth {
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// `FIXTURE_RULES` points the suite at another rule folder (e.g. a branch's worktree).
  static let rulesPath =
    ProcessInfo.processInfo.environment["FIXTURE_RULES"]
    ?? repositoryRoot.appendingPathComponent("Rules").path

  static let library = RuleLibrary.load(paths: [rulesPath])
  static let dataset = DatasetLoader.load(
    descriptionAt: repositoryRoot.appendingPathComponent("Fixtures/month/dataset.yaml").path)

  /// 2024-10-08 00:00 Asia/Shanghai.
  static let cutOff = Timestamp(milliseconds: 1_728_316_800_000)

  /// September 2024 in Asia/Shanghai: 2024-09-01 00:00 to 2024-10-01 00:00.
  static let result = audit(from: 1_725_120_000_000, to: 1_727_712_000_000)

  /// The calendar year 2024, for the rules whose periods are quarters or years.
  static let yearResult = audit(from: 1_704_038_400_000, to: 1_735_660_800_000)

  static let expected: ExpectedMonth = {
    let url = repositoryRoot.appendingPathComponent("Fixtures/month/expected.json")
    guard let data = try? Data(contentsOf: url),
      let decoded = try? JSONDecoder().decode(ExpectedMonth.self, from: data)
    else { return ExpectedMonth(rows: .init(read: -1, used: -1, rejected: -1), cases: -1, rules: [:]) }
    return decoded
  }()

  static let ruleIDs: [String] = expected.rules.keys.sorted()

  static func audit(from start: Int64, to end: Int64, keepsFindings: Bool = true) -> AuditResult {
    let context = Audit.context(
      for: dataset, library: library, asOf: cutOff, periodStart: Timestamp(milliseconds: start),
      periodEnd: Timestamp(milliseconds: end))
    var audit = Audit(library: library, context: context)
    audit.keepsFindings = keepsFindings
    return audit.run(dataset)
  }

  /// The subject as expected.json writes it: `subject@period` for periodic and metric obligations.
  static func subject(_ finding: Finding) -> String {
    finding.period.map { "\(finding.subject)@\($0)" } ?? finding.subject
  }
}

/// `Fixtures/month/expected.json` (test input only; the rule path never decodes JSON).
struct ExpectedMonth: Decodable {
  struct Rows: Decodable {
    var read: Int
    var used: Int
    var rejected: Int
  }

  struct RuleExpectation: Decodable {
    var passed: Int
    var violated: Int
    var pending: Int
    var unverifiable: Int
    var violatedSubjects: [String]

    enum CodingKeys: String, CodingKey {
      case passed, violated, pending, unverifiable
      case violatedSubjects = "violated_subjects"
    }
  }

  var rows: Rows
  var cases: Int
  var rules: [String: RuleExpectation]
}
