import PolicyRules
import Testing

@testable import Checker

/// Every action needs each required event strictly before or at the same instant.
@Suite struct PrecedenceEvaluationTests {
  typealias F = EvaluationFixture
  let rule = F.rule(
    "check: {kind: precedence, action: work_started, requires: [plan_confirmed, safety_briefing]}")

  @Test func passedViolatedAndNotApplicable() {
    let cases = [
      F.case(
        "A",
        events: [
          "plan_confirmed @ 2024-09-10 09:00", "safety_briefing @ 2024-09-10 09:30",
          "work_started @ 2024-09-10 10:00",
        ]),
      // the same instant counts as before
      F.case(
        "B",
        events: [
          "plan_confirmed @ 2024-09-10 10:00", "safety_briefing @ 2024-09-10 10:00",
          "work_started @ 2024-09-10 10:00",
        ]),
      // one minute too late
      F.case(
        "C",
        events: [
          "plan_confirmed @ 2024-09-10 10:01", "safety_briefing @ 2024-09-10 09:00",
          "work_started @ 2024-09-10 10:00",
        ]),
      // a required event missing entirely
      F.case("D", events: ["plan_confirmed @ 2024-09-10 09:00", "work_started @ 2024-09-10 10:00"]),
      F.case("E-no-action", events: ["plan_confirmed @ 2024-09-10 09:00"]),
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed", "B: passed", "C: violated", "D: violated"])
  }

  @Test func violatedOncePerCaseWhateverTheNumberOfActions() {
    let cases = [
      F.case(
        "A",
        events: [
          "work_started @ 2024-09-10 08:00", "work_started @ 2024-09-10 09:00",
          "plan_confirmed @ 2024-09-10 10:00",
          "safety_briefing @ 2024-09-10 10:00", "work_started @ 2024-09-10 11:00",
        ])
    ]
    #expect(F.outcomes(rule, cases) == ["A: violated"])
  }

  @Test func outOfOrderAndDuplicateRows() {
    let cases = [
      F.case(
        "A",
        events: [
          "work_started @ 2024-09-10 10:00", "safety_briefing @ 2024-09-10 09:30",
          "plan_confirmed @ 2024-09-10 09:00",
          "plan_confirmed @ 2024-09-10 09:00",
        ])
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed"])
  }

  @Test func theCutOffHidesLaterEvents() {
    let cases = [
      F.case(
        "A",
        events: [
          "plan_confirmed @ 2024-09-10 09:00", "safety_briefing @ 2024-09-10 09:30",
          "work_started @ 2024-09-10 10:00",
        ])
    ]
    // before the action nothing is judged (no obligation yet, so never pending)
    #expect(F.outcomes(rule, cases, asOf: "2024-09-10 09:59") == [])
    #expect(F.outcomes(rule, cases, asOf: "2024-09-10 10:00") == ["A: passed"])
  }

  @Test func scopeThatCannotBeDecidedIsNotApplicable() {
    let scoped = F.rule(
      """
      scope: {when: 'risk == "high"'}
      check: {kind: precedence, action: work_started, requires: [plan_confirmed]}
      """)
    let cases = [
      F.case("A", [("risk", "high")], events: ["work_started @ 2024-09-10 10:00"]),
      F.case("B", [("risk", "low")], events: ["work_started @ 2024-09-10 10:00"]),
      F.case("C", events: ["work_started @ 2024-09-10 10:00"]),
    ]
    #expect(F.outcomes(scoped, cases) == ["A: violated"], "a null when makes C not applicable")
  }

  @Test func anchoredAtTheFirstAction() {
    let cases = [
      F.case(
        "A",
        events: [
          "plan_confirmed @ 2024-09-28 09:00", "safety_briefing @ 2024-09-28 09:00",
          "work_started @ 2024-09-30 23:59",
        ]),
      F.case(
        "B",
        events: [
          "plan_confirmed @ 2024-09-28 09:00", "safety_briefing @ 2024-09-28 09:00",
          "work_started @ 2024-10-01 00:00",
        ]),
    ]
    #expect(F.outcomes(rule, cases, period: ("2024-09-01 00:00", "2024-10-01 00:00")) == ["A: passed"])
  }
}
