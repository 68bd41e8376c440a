import PolicyRules
import Testing

@testable import Checker

/// The evaluator table covers the closed set of check kinds: a kind without an evaluator would
/// have its rules skipped, so the table is checked here and the engine refuses to start without one.
@Suite struct CheckEvaluatorsTests {
  @Test func everyKindHasOneEvaluator() {
    #expect(CheckEvaluators.missing(CheckKinds.all) == [])
    #expect(AuditEngine.kindsWithoutEvaluator == [])
    #expect(Set(CheckEvaluators.all.keys) == Set(CheckKinds.all.map { $0.name }))
  }

  @Test func aKindLeftOutOfTheTableIsNamed() {
    var table = CheckEvaluators.all
    table["deadline"] = nil
    table["metric"] = nil
    #expect(CheckEvaluators.missing(CheckKinds.all, in: table) == ["deadline", "metric"])
  }

  /// The check the engine makes before it starts stops the program on an incomplete table (and
  /// lets the complete one through: every engine of this suite is built with it).
  @Test func theEngineRefusesToStartWithoutAnEvaluatorForEveryKind() async {
    AuditEngine.requireEvaluators(in: CheckEvaluators.all)
    await #expect(processExitsWith: .failure) {
      var table = CheckEvaluators.all
      table["sequence"] = nil
      AuditEngine.requireEvaluators(in: table)
    }
  }

  @Test func populationKindsAreJudgedOverAllCases() {
    let perCase = CheckEvaluators.all.filter { $0.value.isPerCase }.map(\.key)
    #expect(Set(CheckKinds.all.map { $0.name }).subtracting(perCase) == ["tiers", "periodic", "metric"])
  }

  /// One engine holds a shipped rule of every kind; every kind's rules then judge their own
  /// examples (each rule has a violating one) through the engine: a kind the engine skipped
  /// would produce no judgement and fail its examples.
  @Test func theEngineJudgesEveryKind() throws {
    let library = RuleLibraryExamplesTests.library
    var oneOfEach: [Rule] = []
    for kind in CheckKinds.all {
      let rules = library.rules.filter { type(of: $0.check).name == kind.name }
      let first = try #require(rules.first, "no shipped rule of kind \(kind.name)")
      oneOfEach.append(first)
      let report = ExampleRunner(calendars: library.calendars).run(rules)
      #expect(report.examplesRun > 0, "kind \(kind.name)")
      #expect(report.failures.map(\.description) == [], "kind \(kind.name)")
    }
    let context = EvaluationContext(
      asOf: Timestamp(milliseconds: 0), periodStart: nil, periodEnd: nil, calendars: library.calendars,
      timeZoneIdentifier: "Asia/Shanghai", files: [])
    let engine = AuditEngine(rules: oneOfEach, context: context, threads: 2)
    let results = engine.evaluate(EvaluationFixture.dataset([EvaluationFixture.case("c1", [], events: [])]))
    #expect(results.map(\.rule.id) == oneOfEach.map(\.id))
  }
}
