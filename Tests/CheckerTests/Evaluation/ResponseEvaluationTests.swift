import PolicyRules
import Testing

@testable import Checker

/// Each trigger is one obligation paired with the earliest unused response at or after it.
@Suite struct ResponseEvaluationTests {
  typealias F = EvaluationFixture
  let rule = F.rule(
    """
    check: {kind: response, trigger: email_received, response: {event: reply, where: 'role == "cs"'}, within: 24h}
    """)

  @Test func threeEmailsTwoRepliesIsOneViolation() {
    let cases = [
      F.case(
        "A",
        events: [
          "email_received @ 2024-09-10 09:00", "email_received @ 2024-09-10 10:00",
          "email_received @ 2024-09-10 11:00", "reply @ 2024-09-10 12:00 role=cs",
          "reply @ 2024-09-10 13:00 role=cs",
        ])
    ]
    // the third email's due time 09-11 11:00 is before the cut-off
    #expect(
      F.outcomes(rule, cases, asOf: "2024-09-12 00:00") == ["A: passed", "A#2: passed", "A#3: violated"])
    // before that due time the third is still open
    #expect(
      F.outcomes(rule, cases, asOf: "2024-09-11 10:59") == ["A: passed", "A#2: passed", "A#3: pending"])
  }

  @Test func limitEdgesAndTheResponderRole() {
    let cases = [
      F.case("A", events: ["email_received @ 2024-09-10 09:00", "reply @ 2024-09-11 09:00 role=cs"]),
      F.case("B", events: ["email_received @ 2024-09-10 09:00", "reply @ 2024-09-11 09:01 role=cs"]),
      // a reply by someone else does not count
      F.case("C", events: ["email_received @ 2024-09-10 09:00", "reply @ 2024-09-10 10:00 role=sales"]),
      // the role may come from the case when the event has none
      F.case(
        "D", [("role", "cs")], events: ["email_received @ 2024-09-10 09:00", "reply @ 2024-09-10 10:00"]),
      // a reply before the email answers nothing
      F.case("E", events: ["reply @ 2024-09-10 08:00 role=cs", "email_received @ 2024-09-10 09:00"]),
      F.case("F-no-trigger", events: ["reply @ 2024-09-10 08:00 role=cs"]),
    ]
    #expect(
      F.outcomes(rule, cases, asOf: "2024-09-20 00:00") == [
        "A: passed", "B: violated", "C: violated", "D: passed", "E: violated",
      ])
  }

  @Test func outOfOrderAndDuplicateRows() {
    let cases = [
      // written replies first; after sorting each email has its own reply in time
      F.case(
        "A",
        events: [
          "reply @ 2024-09-10 14:00 role=cs", "reply @ 2024-09-10 10:00 role=cs",
          "email_received @ 2024-09-10 13:00", "email_received @ 2024-09-10 09:00",
        ]),
      // the same email row twice is two triggers; one reply covers only the first
      F.case(
        "B",
        events: [
          "email_received @ 2024-09-10 09:00", "email_received @ 2024-09-10 09:00",
          "reply @ 2024-09-10 10:00 role=cs",
        ]),
    ]
    #expect(
      F.outcomes(rule, cases, asOf: "2024-09-20 00:00") == [
        "A: passed", "A#2: passed", "B: passed", "B#2: violated",
      ])
  }

  @Test func onlyTheFirstTriggerWhenEachIsFalse() {
    let first = F.rule(
      "check: {kind: response, trigger: email_received, response: reply, within: 24h, each: false}")
    let cases = [
      F.case(
        "A",
        events: [
          "email_received @ 2024-09-10 09:00", "email_received @ 2024-09-10 10:00",
          "reply @ 2024-09-10 11:00",
        ])
    ]
    #expect(F.outcomes(first, cases) == ["A: passed"])
  }

  @Test func withoutALimitTheResponseMustExistByTheCutOff() {
    let rule = F.rule("check: {kind: response, trigger: visit_completed, response: callback}")
    let cases = [
      F.case("A", events: ["visit_completed @ 2024-09-10 09:00", "callback @ 2024-09-25 09:00"]),
      F.case("B", events: ["visit_completed @ 2024-09-10 09:00"]),
    ]
    #expect(F.outcomes(rule, cases, asOf: "2024-09-30 00:00") == ["A: passed", "B: violated"])
    // the callback after the cut-off is not seen: no pending without a due time
    #expect(F.outcomes(rule, cases, asOf: "2024-09-20 00:00") == ["A: violated", "B: violated"])
  }

  @Test func unverifiableWhenTheLimitFieldIsMissing() {
    let rule = F.rule(
      "check: {kind: response, trigger: email_received, response: reply, within: {field: sla_hours, unit: hours}}"
    )
    let cases = [
      F.case(
        "A", [("sla_hours", "2")], events: ["email_received @ 2024-09-10 09:00", "reply @ 2024-09-10 11:00"]),
      F.case(
        "B", [("sla_hours", "2")], events: ["email_received @ 2024-09-10 09:00", "reply @ 2024-09-10 11:01"]),
      F.case("C", events: ["email_received @ 2024-09-10 09:00", "email_received @ 2024-09-10 10:00"]),
      F.case("D", [("sla_hours", "-1")], events: ["email_received @ 2024-09-10 09:00"]),
    ]
    #expect(
      F.outcomes(rule, cases) == [
        "A: passed", "B: violated", "C: unverifiable", "C#2: unverifiable", "D: unverifiable",
      ])
  }

  @Test func eachTriggerIsAnchoredInItsOwnPeriod() {
    let cases = [
      F.case(
        "A",
        events: [
          "email_received @ 2024-09-30 22:00", "email_received @ 2024-10-01 09:00",
          "reply @ 2024-10-01 10:00 role=cs",
        ])
    ]
    let september = ("2024-09-01 00:00", "2024-10-01 00:00")
    #expect(F.outcomes(rule, cases, asOf: "2024-10-05 00:00", period: september) == ["A: passed"])
    let october = ("2024-10-01 00:00", "2024-11-01 00:00")
    #expect(F.outcomes(rule, cases, asOf: "2024-10-05 00:00", period: october) == ["A#2: violated"])
  }

  @Test func workingHoursAcrossTheMakeUpDay() {
    let rule = F.rule(
      """
      calendar: cn-workdays
      check: {kind: response, trigger: email_received, response: reply, within: 8 working hours}
      """)
    // Fri 09-13 16:00–18:00 = 2h; Sat 09-14 (调休) 09–12 = 3h, 13–16 = 3h ⇒ due Sat 09-14 16:00
    let cases = [
      F.case("A", events: ["email_received @ 2024-09-13 16:00", "reply @ 2024-09-14 16:00"]),
      F.case("B", events: ["email_received @ 2024-09-13 16:00", "reply @ 2024-09-18 09:00"]),
    ]
    #expect(
      F.outcomes(rule, cases, calendars: ["cn-workdays": F.chinaWorkdays]) == ["A: passed", "B: violated"])
  }
}
