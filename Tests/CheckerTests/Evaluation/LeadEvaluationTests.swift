import PolicyRules
import Testing

@testable import Checker

/// A notice at least Δ before a target instant: the latest allowed notice is `target − Δ`.
@Suite struct LeadEvaluationTests {
  typealias F = EvaluationFixture
  // leave starts 09-12 09:00 ⇒ latest notice 09-11 09:00
  let rule = F.rule(
    "check: {kind: lead, notice: leave_requested, target: {field: leave_start}, at_least: 1d}")
  let leave: [(String, String)] = [("leave_start", "2024-09-12 09:00")]

  @Test func noticeEdges() {
    let cases = [
      F.case("A", leave, events: ["leave_requested @ 2024-09-11 09:00"]),
      F.case("B", leave, events: ["leave_requested @ 2024-09-11 09:01"]),
      F.case("C", leave),
      F.case("D", [("leave_start", "")], events: ["leave_requested @ 2024-09-11 09:00"]),
      F.case("E", [("leave_start", "next week")], events: ["leave_requested @ 2024-09-11 09:00"]),
    ]
    #expect(
      F.outcomes(rule, cases) == [
        "A: passed", "B: violated", "C: violated", "D: unverifiable", "E: unverifiable",
      ])
  }

  @Test func pendingUntilTheLatestNoticeTime() {
    let cases = [F.case("A", leave)]
    #expect(F.outcomes(rule, cases, asOf: "2024-09-11 08:59") == ["A: pending"])
    #expect(F.outcomes(rule, cases, asOf: "2024-09-11 09:00") == ["A: violated"])
    // a notice after the cut-off is not seen yet
    let late = [F.case("B", leave, events: ["leave_requested @ 2024-09-11 08:59"])]
    #expect(F.outcomes(rule, late, asOf: "2024-09-11 08:00") == ["B: pending"])
  }

  @Test func firstNoticeCountsWhateverTheInputOrder() {
    let cases = [
      F.case(
        "A", leave, events: ["leave_requested @ 2024-09-11 12:00", "leave_requested @ 2024-09-10 12:00"]),
      F.case(
        "B", leave, events: ["leave_requested @ 2024-09-11 09:01", "leave_requested @ 2024-09-11 09:01"]),
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed", "B: violated"])
  }

  @Test func eventTargetMissingIsNotApplicable() {
    let byEvent = F.rule("check: {kind: lead, notice: notified, target: outage, at_least: 2h}")
    let cases = [
      F.case("A", events: ["notified @ 2024-09-10 08:00", "outage @ 2024-09-10 10:00"]),
      F.case("B", events: ["notified @ 2024-09-10 08:01", "outage @ 2024-09-10 10:00"]),
      F.case("C", events: ["notified @ 2024-09-10 08:00"]),
    ]
    #expect(F.outcomes(byEvent, cases) == ["A: passed", "B: violated"])
  }

  @Test func workingDaysBackOverNationalDay() {
    let working = F.rule(
      """
      calendar: cn-workdays
      check: {kind: lead, notice: leave_requested, target: {field: leave_start}, at_least: 2 working days}
      """)
    // Tue 10-08 10:00 back 2 working days: Mon 09-30, Sun 09-29 (调休) ⇒ latest 09-29 10:00
    let start: [(String, String)] = [("leave_start", "2024-10-08 10:00")]
    let cases = [
      F.case("A", start, events: ["leave_requested @ 2024-09-29 10:00"]),
      F.case("B", start, events: ["leave_requested @ 2024-09-29 10:01"]),
    ]
    #expect(
      F.outcomes(working, cases, calendars: ["cn-workdays": F.chinaWorkdays]) == ["A: passed", "B: violated"])
  }

  @Test func anchoredAtTheTarget() {
    let cases = [
      F.case("A", [("leave_start", "2024-09-30 23:59")], events: ["leave_requested @ 2024-09-20 09:00"]),
      F.case("B", [("leave_start", "2024-10-01 00:00")], events: ["leave_requested @ 2024-09-20 09:00"]),
    ]
    #expect(F.outcomes(rule, cases, period: ("2024-09-01 00:00", "2024-10-01 00:00")) == ["A: passed"])
    #expect(F.outcomes(rule, cases, period: ("2024-10-01 00:00", "2024-11-01 00:00")) == ["B: passed"])
  }
}
