import PolicyRules
import Testing

@testable import Checker

/// Each level whose `when` holds needs a matching approval at or before the first action, by
/// someone other than the requester.
@Suite struct ApprovalEvaluationTests {
  typealias F = EvaluationFixture
  let rule = F.rule(
    """
    parameters: {large_amount: 5000}
    check:
      kind: approval
      action: parts_issued
      approvals:
        - {by: {event: approved, where: 'role == "workshop_manager"'}}
        - {by: {event: approved, where: 'role == "after_sales_director"'}, when: 'amount >= $large_amount'}
      requester: parts_requested
    """)
  let requested = "parts_requested @ 2024-09-10 09:00 by 张"
  let manager = "approved @ 2024-09-10 10:00 by 王 role=workshop_manager"
  let director = "approved @ 2024-09-10 10:30 by 赵 role=after_sales_director"
  let issued = "parts_issued @ 2024-09-10 11:00 by 钱"

  @Test func levelsByAmount() {
    let cases = [
      F.case("A", [("amount", "4999")], events: [requested, manager, issued]),
      // exactly the large amount needs the director too
      F.case("B", [("amount", "5000")], events: [requested, manager, issued]),
      F.case("C", [("amount", "5000")], events: [requested, manager, director, issued]),
      // the amount is unknown: whether the director is needed cannot be decided
      F.case("D", events: [requested, manager, issued]),
      F.case("E-no-action", [("amount", "100")], events: [requested, manager]),
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed", "B: violated", "C: passed", "D: unverifiable"])
  }

  @Test func approvalAtTheSameInstantCountsOneMinuteLaterDoesNot() {
    let cases = [
      F.case(
        "A", [("amount", "100")],
        events: [requested, "approved @ 2024-09-10 11:00 by 王 role=workshop_manager", issued]),
      F.case(
        "B", [("amount", "100")],
        events: [requested, "approved @ 2024-09-10 11:01 by 王 role=workshop_manager", issued]),
      // a later second issue does not matter: the first action is judged
      F.case(
        "C", [("amount", "100")],
        events: [
          requested, issued, "approved @ 2024-09-10 12:00 by 王 role=workshop_manager",
          "parts_issued @ 2024-09-10 13:00",
        ]),
    ]
    #expect(F.outcomes(rule, cases) == ["A: passed", "B: violated", "C: violated"])
  }

  /// Only approvals up to the action count and are shown: an approval after it (between two
  /// before it) is left out of the evidence, and does not stand in for a missing level.
  @Test func approvalsAfterTheActionAreLeftOut() {
    let late = "approved @ 2024-09-10 12:00 by 孙 role=workshop_manager"
    let lateDirector = "approved @ 2024-09-10 12:30 by 赵 role=after_sales_director"
    let early = "approved @ 2024-09-10 09:30 by 周 role=workshop_manager"
    let cases = [
      F.case("A", [("amount", "100")], events: [requested, early, manager, issued, late]),
      F.case("B", [("amount", "6000")], events: [requested, manager, issued, late, lateDirector]),
    ]
    let judgements = F.judgements(rule, cases)
    #expect(judgements.map(F.describe) == ["A: passed", "B: violated"])
    let times = judgements.map { $0.evidence.compactMap(\.time) }
    #expect(
      times[0] == [
        F.time("2024-09-10 11:00"), F.time("2024-09-10 09:00"), F.time("2024-09-10 09:30"),
        F.time("2024-09-10 10:00"),
      ])
    #expect(times[1] == [F.time("2024-09-10 11:00"), F.time("2024-09-10 09:00"), F.time("2024-09-10 10:00")])
  }

  @Test func approverMustDifferFromTheRequester() {
    let cases = [
      F.case(
        "A", [("amount", "100")],
        events: [requested, "approved @ 2024-09-10 10:00 by 张 role=workshop_manager", issued]),
      // a duplicate self-approval next to a proper one still passes
      F.case(
        "B", [("amount", "100")],
        events: [
          requested, "approved @ 2024-09-10 10:00 by 张 role=workshop_manager", manager, manager, issued,
        ]),
      // the requester is unknown
      F.case("C", [("amount", "100")], events: ["parts_requested @ 2024-09-10 09:00", manager, issued]),
      // the approver is unknown: it may or may not be the requester
      F.case(
        "D", [("amount", "100")],
        events: [requested, "approved @ 2024-09-10 10:00 role=workshop_manager", issued]),
      // an unknown approver next to a known different one: the known one suffices
      F.case(
        "E", [("amount", "100")],
        events: [requested, "approved @ 2024-09-10 10:00 role=workshop_manager", manager, issued]),
      // the requester approved, and someone unknown: whether a second person approved cannot be told
      F.case(
        "F", [("amount", "100")],
        events: [
          requested, "approved @ 2024-09-10 10:00 by 张 role=workshop_manager",
          "approved @ 2024-09-10 10:10 role=workshop_manager", issued,
        ]),
    ]
    #expect(
      F.outcomes(rule, cases) == [
        "A: violated", "B: passed", "C: unverifiable", "D: unverifiable", "E: passed", "F: unverifiable",
      ])
  }

  @Test func defaultRequesterIsTheActionsResourceAndDistinctCanBeOff() {
    let byAction = F.rule("check: {kind: approval, action: paid, approvals: [{by: approved}]}")
    let lenient = F.rule(
      "check: {kind: approval, action: paid, approvals: [{by: approved}], distinct: false}")
    let cases = [
      F.case("A", events: ["approved @ 2024-09-10 10:00 by 王", "paid @ 2024-09-10 11:00 by 王"]),
      F.case("B", events: ["approved @ 2024-09-10 10:00 by 李", "paid @ 2024-09-10 11:00 by 王"]),
      F.case("C", events: ["approved @ 2024-09-10 10:00 by 李", "paid @ 2024-09-10 11:00"]),
    ]
    #expect(F.outcomes(byAction, cases) == ["A: violated", "B: passed", "C: unverifiable"])
    #expect(F.outcomes(lenient, cases) == ["A: passed", "B: passed", "C: passed"])
  }

  @Test func outOfOrderInputAndTheCutOff() {
    let cases = [F.case("A", [("amount", "100")], events: [issued, manager, requested])]
    #expect(F.outcomes(rule, cases) == ["A: passed"])
    // before the action there is no obligation (never pending)
    #expect(F.outcomes(rule, cases, asOf: "2024-09-10 10:59") == [])
  }

  @Test func anchoredAtTheAction() {
    let cases = [
      F.case("A", [("amount", "100")], events: [requested, manager, "parts_issued @ 2024-09-30 23:59 by 钱"]),
      F.case("B", [("amount", "100")], events: [requested, manager, "parts_issued @ 2024-10-01 00:00 by 钱"]),
    ]
    #expect(F.outcomes(rule, cases, period: ("2024-09-01 00:00", "2024-10-01 00:00")) == ["A: passed"])
  }
}
