import PolicyRules
import Testing

@testable import Checker

/// The first occurrences of the steps must be in non-decreasing time order.
@Suite struct SequenceEvaluationTests {
  typealias F = EvaluationFixture
  let rule = F.rule("check: {kind: sequence, steps: [received, analysed, resolved, fed_back]}")

  @Test func orderedMissingAndNotApplicable() {
    let cases = [
      F.case(
        "A",
        events: [
          "received @ 2024-09-10 09:00", "analysed @ 2024-09-10 10:00", "resolved @ 2024-09-10 11:00",
          "fed_back @ 2024-09-10 12:00",
        ]),
      // equal instants are in order
      F.case(
        "B",
        events: [
          "received @ 2024-09-10 09:00", "analysed @ 2024-09-10 09:00", "resolved @ 2024-09-10 09:00",
          "fed_back @ 2024-09-10 09:00",
        ]),
      // resolved one minute before analysed
      F.case(
        "C",
        events: [
          "received @ 2024-09-10 09:00", "analysed @ 2024-09-10 10:01", "resolved @ 2024-09-10 10:00",
          "fed_back @ 2024-09-10 12:00",
        ]),
      F.case(
        "D-missing",
        events: ["received @ 2024-09-10 09:00", "analysed @ 2024-09-10 10:00", "resolved @ 2024-09-10 11:00"]),
      F.case("E-no-first-step", events: ["analysed @ 2024-09-10 10:00", "resolved @ 2024-09-10 11:00"]),
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed", "B: passed", "C: violated", "D-missing: violated"])
  }

  @Test func incompleteSequencesOnlyOrderPresentSteps() {
    let partial = F.rule(
      "check: {kind: sequence, steps: [received, analysed, resolved, fed_back], complete: false}")
    let cases = [
      F.case("A", events: ["received @ 2024-09-10 09:00", "resolved @ 2024-09-10 11:00"]),
      F.case(
        "B",
        events: ["received @ 2024-09-10 09:00", "fed_back @ 2024-09-10 10:00", "resolved @ 2024-09-10 11:00"]),
    ]
    #expect(F.outcomes(partial, cases) == ["A: passed", "B: violated"])
  }

  @Test func outOfOrderInputAndRepeatedSteps() {
    let cases = [
      // rows written backwards; sorted they are in order
      F.case(
        "A",
        events: [
          "fed_back @ 2024-09-10 12:00", "resolved @ 2024-09-10 11:00", "analysed @ 2024-09-10 10:00",
          "received @ 2024-09-10 09:00",
        ]),
      // a second 'received' after 'analysed' does not matter: only first occurrences are ordered
      F.case(
        "B",
        events: [
          "received @ 2024-09-10 09:00", "analysed @ 2024-09-10 10:00", "received @ 2024-09-10 10:30",
          "resolved @ 2024-09-10 11:00", "fed_back @ 2024-09-10 12:00",
        ]),
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed", "B: passed"])
  }

  @Test func stepsAfterTheCutOffAreMissing() {
    // README: with complete: true a missing step is a violation once the first step exists (no pending)
    let cases = [
      F.case(
        "A",
        events: [
          "received @ 2024-09-10 09:00", "analysed @ 2024-09-10 10:00", "resolved @ 2024-09-10 11:00",
          "fed_back @ 2024-09-10 12:00",
        ])
    ]
    #expect(F.outcomes(rule, cases, asOf: "2024-09-10 11:30") == ["A: violated"])
    #expect(F.outcomes(rule, cases, asOf: "2024-09-10 08:59") == [])
  }

  @Test func stepWithAConditionAndUndecidableScope() {
    let rule = F.rule(
      """
      scope: {when: 'priority >= 2'}
      check: {kind: sequence, steps: [received, {event: reviewed, where: 'role == "lead"'}]}
      """)
    let cases = [
      F.case(
        "A", [("priority", "2")],
        events: ["received @ 2024-09-10 09:00", "reviewed @ 2024-09-10 10:00 role=lead"]),
      F.case(
        "B", [("priority", "3")],
        events: ["received @ 2024-09-10 09:00", "reviewed @ 2024-09-10 10:00 role=clerk"]),
      F.case("C", [("priority", "1")], events: ["received @ 2024-09-10 09:00"]),
      F.case("D", events: ["received @ 2024-09-10 09:00"]),
    ]
    #expect(
      F.outcomes(rule, cases) == ["A: passed", "B: violated"],
      "a null when makes D not applicable (Rules/README.md)")
  }

  @Test func anchoredAtTheFirstStep() {
    let cases = [
      F.case(
        "A",
        events: [
          "received @ 2024-09-30 23:00", "analysed @ 2024-10-02 10:00", "resolved @ 2024-10-03 10:00",
          "fed_back @ 2024-10-04 10:00",
        ]),
      F.case(
        "B",
        events: [
          "received @ 2024-10-01 00:00", "analysed @ 2024-10-02 10:00", "resolved @ 2024-10-03 10:00",
          "fed_back @ 2024-10-04 10:00",
        ]),
    ]
    #expect(
      F.outcomes(rule, cases, asOf: "2024-10-10 00:00", period: ("2024-09-01 00:00", "2024-10-01 00:00")) == [
        "A: passed"
      ])
  }
}
