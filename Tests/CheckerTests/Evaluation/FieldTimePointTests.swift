import PolicyRules
import Testing

@testable import Checker

/// Time points read from record fields, per kind (Rules/README.md, "Empty, unreadable and missing
/// time fields"): an empty field is a time that was not recorded, so an end-like point (deadline
/// end, lead notice, periodic occurrence, metric date) is absent, judged as a missing event is; a
/// start-like point (deadline and escalation start, lead target) cannot be dated and is
/// unverifiable. A value that is no time, or a field the data does not have, is unverifiable.
@Suite struct FieldTimePointTests {
  typealias F = EvaluationFixture

  /// `C-no-field` sits alone in its dataset: no case of it has the field at all.
  func outcomes(_ rule: Rule, _ cases: [F.CaseSpec], noField: F.CaseSpec, asOf: String = "2030-01-01 00:00")
    -> [String]
  {
    F.outcomes(rule, cases, asOf: asOf) + F.outcomes(rule, [noField], asOf: asOf)
  }

  func actual(_ rule: Rule, _ cases: [F.CaseSpec], asOf: String = "2030-01-01 00:00") -> [String] {
    F.judgements(rule, cases, asOf: asOf).map { "\($0.subject): \($0.actual.en)" }
  }

  @Test func deadlineEnd() {
    let rule = F.rule("check: {kind: deadline, start: call_received, end: {field: arrived_at}, within: 2h}")
    let cases = [
      F.case("A-in-time", [("arrived_at", "2024-09-12 11:00")], events: ["call_received @ 2024-09-12 10:00"]),
      F.case("B-empty-overdue", [("arrived_at", "")], events: ["call_received @ 2024-09-12 10:00"]),
      F.case("C-empty-not-due", [("arrived_at", "")], events: ["call_received @ 2024-09-12 11:00"]),
      F.case("D-unreadable", [("arrived_at", "soon")], events: ["call_received @ 2024-09-12 10:00"]),
    ]
    let noField = F.case("E-no-field", events: ["call_received @ 2024-09-12 10:00"])
    #expect(
      outcomes(rule, cases, noField: noField, asOf: "2024-09-12 12:30") == [
        "A-in-time: passed", "B-empty-overdue: violated", "C-empty-not-due: pending",
        "D-unreadable: unverifiable", "E-no-field: unverifiable",
      ])
    #expect(
      actual(rule, Array(cases[1...]), asOf: "2024-09-12 12:30") == [
        "B-empty-overdue: no arrived_at recorded", "C-empty-not-due: arrived_at not yet due",
        "D-unreadable: field arrived_at holds 'soon', not a time",
      ])
    #expect(
      actual(rule, [noField], asOf: "2024-09-12 12:30") == [
        "E-no-field: field arrived_at is missing or invalid"
      ])
  }

  @Test func deadlineStartAndDueField() {
    let rule = F.rule(
      "check: {kind: deadline, start: {field: received_at}, end: arrived, within: 2h, due_field: agreed_at}")
    let cases = [
      F.case(
        "A-empty-start", [("received_at", ""), ("agreed_at", "")], events: ["arrived @ 2024-09-12 11:00"]),
      F.case(
        "B-unreadable-start", [("received_at", "n/a"), ("agreed_at", "")],
        events: ["arrived @ 2024-09-12 11:00"]),
      // An empty due field leaves the 2h limit in force (11:30 is late by it).
      F.case(
        "C-empty-due", [("received_at", "2024-09-12 09:00"), ("agreed_at", "")],
        events: ["arrived @ 2024-09-12 11:30"]),
      F.case(
        "D-agreed-due", [("received_at", "2024-09-12 09:00"), ("agreed_at", "2024-09-12 12:00")],
        events: ["arrived @ 2024-09-12 11:30"]),
      // A due field that holds no time leaves the due time unknown.
      F.case(
        "E-unreadable-due", [("received_at", "2024-09-12 09:00"), ("agreed_at", "tomorrow")],
        events: ["arrived @ 2024-09-12 11:30"]),
    ]
    // Neither field in the data: the start cannot be dated.
    let noField = F.case("F-no-field", events: ["arrived @ 2024-09-12 11:00"])
    #expect(
      outcomes(rule, cases, noField: noField) == [
        "A-empty-start: unverifiable", "B-unreadable-start: unverifiable", "C-empty-due: violated",
        "D-agreed-due: passed", "E-unreadable-due: unverifiable", "F-no-field: unverifiable",
      ])
    // Without the due field in the data at all, the limit applies (D is then 30 minutes late).
    let noDueField = F.rule(
      "check: {kind: deadline, start: {field: received_at}, end: arrived, within: 2h, due_field: promised}")
    #expect(
      F.outcomes(noDueField, [cases[2], cases[3]]) == ["C-empty-due: violated", "D-agreed-due: violated"])
  }

  /// Issue 19: the expected text names the due time that applied.
  @Test func deadlineExpectationSaysWhichDueTimeApplied() {
    let rule = F.rule(
      "check: {kind: deadline, start: {field: start}, end: {field: end}, within: 3650d, due_field: dl}")
    let cases = [
      F.case("A", [("start", "2024-01-01 10:00"), ("end", "2024-01-01 13:00"), ("dl", "2024-01-01 12:00")]),
      F.case("B", [("start", "2024-01-01 10:00"), ("end", "2044-01-01 13:00"), ("dl", "")]),
    ]
    let expected = F.judgements(rule, cases).map { j in "\(j.subject): \(j.expected?.en ?? "(rule)")" }
    #expect(expected == ["A: end by dl (the due time on the record)", "B: (rule)"])
    #expect(rule.check.expectation(.en) == "end within 3650d of start (or by dl when the record has it)")
  }

  @Test func escalationStartAndDueField() {
    let rule = F.rule(
      """
      check: {kind: escalation, start: {field: reported_at}, done: resolved, within: 1d, due_field: promised_at,
              escalation: escalated, escalate_within: 0m}
      """)
    let cases = [
      F.case(
        "A-empty-start", [("reported_at", ""), ("promised_at", "")], events: ["resolved @ 2024-09-12 11:00"]),
      F.case(
        "B-unreadable-start", [("reported_at", "x"), ("promised_at", "")],
        events: ["resolved @ 2024-09-12 11:00"]),
      F.case(
        "C-empty-due", [("reported_at", "2024-09-12 09:00"), ("promised_at", "")],
        events: ["resolved @ 2024-09-12 11:00"]),
      F.case(
        "D-unreadable-due", [("reported_at", "2024-09-12 09:00"), ("promised_at", "later")],
        events: ["resolved @ 2024-09-12 11:00"]),
      F.case(
        "E-agreed-due-missed", [("reported_at", "2024-09-12 09:00"), ("promised_at", "2024-09-12 10:00")],
        events: ["resolved @ 2024-09-12 11:00"]),
    ]
    let noField = F.case("F-no-field", events: ["resolved @ 2024-09-12 11:00"])
    #expect(
      outcomes(rule, cases, noField: noField) == [
        "A-empty-start: unverifiable", "B-unreadable-start: unverifiable", "C-empty-due: passed",
        "D-unreadable-due: unverifiable", "E-agreed-due-missed: violated", "F-no-field: unverifiable",
      ])
    let expected = F.judgements(rule, [cases[4]]).map { $0.expected?.en ?? "(rule)" }
    #expect(
      expected == ["if resolved is not by promised_at (the due time on the record), escalated within 0m"])
  }

  @Test func leadNoticeAndTarget() {
    let rule = F.rule(
      "check: {kind: lead, notice: {field: requested_at}, target: {field: leave_start}, at_least: 1d}")
    let cases = [
      F.case("A-in-time", [("requested_at", "2024-09-10 09:00"), ("leave_start", "2024-09-12 09:00")]),
      F.case("B-empty-notice-overdue", [("requested_at", ""), ("leave_start", "2024-09-12 09:00")]),
      F.case("C-empty-notice-not-due", [("requested_at", ""), ("leave_start", "2024-09-30 09:00")]),
      F.case("D-unreadable-notice", [("requested_at", "asap"), ("leave_start", "2024-09-12 09:00")]),
      F.case("E-empty-target", [("requested_at", "2024-09-10 09:00"), ("leave_start", "")]),
      F.case("F-unreadable-target", [("requested_at", "2024-09-10 09:00"), ("leave_start", "soon")]),
    ]
    let noField = F.case("G-no-field", events: ["x @ 2024-09-10 09:00"])
    #expect(
      outcomes(rule, cases, noField: noField, asOf: "2024-09-20 00:00") == [
        "A-in-time: passed", "B-empty-notice-overdue: violated", "C-empty-notice-not-due: pending",
        "D-unreadable-notice: unverifiable", "E-empty-target: unverifiable",
        "F-unreadable-target: unverifiable",
        "G-no-field: unverifiable",
      ])
    // Only the notice lacks a field in the data: unverifiable, not an absent notice.
    let otherNotice = F.rule(
      "check: {kind: lead, notice: {field: asked_at}, target: {field: leave_start}, at_least: 1d}")
    #expect(F.outcomes(otherNotice, [cases[0]], asOf: "2024-09-20 00:00") == ["A-in-time: unverifiable"])
  }

  @Test func periodicOccurrences() {
    let rule = F.rule(
      "check: {kind: periodic, entity: warehouse, occurrence: {field: counted_at}, every: month, at_least: 1}"
    )
    let cases = [
      F.case("c1", [("warehouse", "WH-1"), ("counted_at", "2024-03-05 10:00")]),
      // Not counted: no occurrence for WH-2, which misses March.
      F.case("c2", [("warehouse", "WH-2"), ("counted_at", "")]),
      F.case("c3", [("warehouse", "WH-3"), ("counted_at", "last week")]),
    ]
    let judged = F.outcomes(rule, cases, asOf: "2024-04-01 00:00", period: ("2024-03-01", "2024-04-01"))
    #expect(
      judged == [
        "c3: unverifiable", "WH-1@2024-03: passed", "WH-2@2024-03: violated", "WH-3@2024-03: violated",
      ])
    let noField = F.outcomes(
      rule, [F.case("c4", [("warehouse", "WH-4")])], asOf: "2024-04-01 00:00",
      period: ("2024-03-01", "2024-04-01"))
    #expect(noField == ["c4: unverifiable", "WH-4@2024-03: violated"])
  }

  @Test func metricDates() {
    let rule = F.rule(
      "check: {kind: metric, measure: rate, counts: 'ok', date: {field: closed_at}, every: month, target: '>= 50%'}"
    )
    let cases = [
      F.case("c1", [("ok", "true"), ("closed_at", "2024-03-05 10:00")]),
      F.case("c2", [("ok", "false"), ("closed_at", "2024-03-06 10:00")]),
      // Not closed: in no month's rate.
      F.case("c3", [("ok", "false"), ("closed_at", "")]),
      F.case("c4", [("ok", "false"), ("closed_at", "March")]),
    ]
    let period = ("2024-03-01", "2024-04-01")
    #expect(
      F.outcomes(rule, cases, asOf: "2024-04-01 00:00", period: period) == [
        "c4: unverifiable", "all@2024-03: passed",
      ])
    let noField = F.outcomes(rule, [F.case("c5", [("ok", "true")])], asOf: "2024-04-01 00:00", period: period)
    #expect(noField == ["c5: unverifiable"])
  }
}
