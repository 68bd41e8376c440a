import PolicyRules
import Testing

@testable import Checker

/// Done by the due time, or escalated by `due + escalate_within`.
@Suite struct EscalationEvaluationTests {
  typealias F = EvaluationFixture
  // reported 09-10 10:00 ⇒ due 09-12 10:00 ⇒ escalation due 09-12 12:00
  let rule = F.rule(
    "check: {kind: escalation, start: reported, done: resolved, within: 2d, escalation: supervisor_informed, escalate_within: 2h}"
  )
  let reported = "reported @ 2024-09-10 10:00"

  @Test func doneOrEscalatedInTime() {
    let cases = [
      F.case("A", events: [reported, "resolved @ 2024-09-12 10:00"]),
      F.case(
        "B", events: [reported, "resolved @ 2024-09-12 10:01", "supervisor_informed @ 2024-09-12 12:00"]),
      F.case(
        "C", events: [reported, "resolved @ 2024-09-12 10:01", "supervisor_informed @ 2024-09-12 12:01"]),
      // escalated early and never resolved
      F.case("D", events: [reported, "supervisor_informed @ 2024-09-11 10:00"]),
      F.case("E", events: [reported]),
      F.case("F-no-start", events: ["resolved @ 2024-09-12 10:00"]),
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed", "B: passed", "C: violated", "D: passed", "E: violated"])
  }

  @Test func pendingUntilTheEscalationDueTime() {
    let cases = [F.case("A", events: [reported])]
    #expect(F.outcomes(rule, cases, asOf: "2024-09-12 09:59") == ["A: pending"])
    #expect(F.outcomes(rule, cases, asOf: "2024-09-12 11:59") == ["A: pending"])
    #expect(F.outcomes(rule, cases, asOf: "2024-09-12 12:00") == ["A: violated"])
    // resolved after the cut-off: not seen, still pending
    let late = [F.case("B", events: [reported, "resolved @ 2024-09-12 10:30"])]
    #expect(F.outcomes(rule, late, asOf: "2024-09-12 10:15") == ["B: pending"])
  }

  @Test func outOfOrderAndDuplicates() {
    let cases = [
      F.case("A", events: ["resolved @ 2024-09-12 09:00", reported, reported]),
      F.case("B", events: ["resolved @ 2024-09-13 09:00", "resolved @ 2024-09-12 09:59", reported]),
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed", "B: passed"])
  }

  @Test func missingLimitFieldIsUnverifiable() {
    let byField = F.rule(
      "check: {kind: escalation, start: reported, done: resolved, within: {field: sla_days, unit: days}, escalation: escalated, escalate_within: 0m}"
    )
    let cases = [
      F.case("A", [("sla_days", "1")], events: [reported, "resolved @ 2024-09-11 10:00"]),
      F.case(
        "B", [("sla_days", "1")],
        events: [reported, "escalated @ 2024-09-11 10:00", "resolved @ 2024-09-11 10:01"]),
      F.case(
        "C", [("sla_days", "1")],
        events: [reported, "resolved @ 2024-09-11 10:01", "escalated @ 2024-09-11 10:01"]),
      F.case("D", events: [reported, "resolved @ 2024-09-11 10:00"]),
    ]
    #expect(F.outcomes(byField, cases) == ["A: passed", "B: passed", "C: violated", "D: unverifiable"])
  }

  @Test func workingDaysOverTheMakeUpSunday() {
    let working = F.rule(
      """
      calendar: cn-workdays
      check: {kind: escalation, start: reported, done: resolved, within: 2 working days, escalation: escalated, escalate_within: 0m}
      """)
    // Fri 09-27 16:00 + 2 working days: Sun 09-29 (调休), Mon 09-30 ⇒ due Mon 09-30 16:00
    let cases = [
      F.case("A", events: ["reported @ 2024-09-27 16:00", "resolved @ 2024-09-30 16:00"]),
      F.case("B", events: ["reported @ 2024-09-27 16:00", "resolved @ 2024-10-08 09:00"]),
      F.case(
        "C",
        events: [
          "reported @ 2024-09-27 16:00", "escalated @ 2024-09-30 16:00", "resolved @ 2024-10-08 09:00",
        ]),
    ]
    #expect(
      F.outcomes(working, cases, calendars: ["cn-workdays": F.chinaWorkdays]) == [
        "A: passed", "B: violated", "C: passed",
      ])
  }

  @Test func anchoredAtTheStart() {
    let cases = [
      F.case("A", events: ["reported @ 2024-09-30 20:00", "resolved @ 2024-10-02 10:00"]),
      F.case("B", events: ["reported @ 2024-10-01 00:00"]),
    ]
    #expect(
      F.outcomes(rule, cases, asOf: "2024-10-01 00:00", period: ("2024-09-01 00:00", "2024-10-01 00:00")) == [
        "A: pending"
      ])
    #expect(
      F.outcomes(rule, cases, asOf: "2024-10-05 00:00", period: ("2024-09-01 00:00", "2024-10-01 00:00")) == [
        "A: passed"
      ])
  }
}
