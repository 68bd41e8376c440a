import PolicyRules
import Testing

@testable import Checker

/// true ⇒ passed, false ⇒ violated, null ⇒ unverifiable.
@Suite struct ConditionEvaluationTests {
  typealias F = EvaluationFixture
  let rule = F.rule(
    "check: {kind: condition, assert: 'received_qty == manifest_qty or discrepancy_note != null'}")

  @Test func threeValuedOutcomes() {
    let cases = [
      F.case("A", [("received_qty", "10"), ("manifest_qty", "10")]),
      F.case("B", [("received_qty", "9"), ("manifest_qty", "10")]),
      F.case("C", [("received_qty", "9"), ("manifest_qty", "10"), ("discrepancy_note", "短少一件")]),
      // unknown received quantity and no note: 'null or false' is null
      F.case("D", [("manifest_qty", "10")]),
      // unknown quantity but a note: 'null or true' is true
      F.case("E", [("manifest_qty", "10"), ("discrepancy_note", "待核")]),
    ]
    #expect(
      F.outcomes(rule, cases) == ["A: passed", "B: violated", "C: passed", "D: unverifiable", "E: passed"])
  }

  @Test func limitEdgeWithEventFunctions() {
    // exactly at the limit passes, one minute over fails
    let timing = F.rule("check: {kind: condition, assert: 'first(\"done\") - first(\"start\") <= 30m'}")
    let cases = [
      F.case("A", events: ["start @ 2024-09-10 09:00", "done @ 2024-09-10 09:30"]),
      F.case("B", events: ["start @ 2024-09-10 09:00", "done @ 2024-09-10 09:31"]),
      // written out of order: sorted before judging
      F.case("C", events: ["done @ 2024-09-10 09:20", "start @ 2024-09-10 09:00"]),
      // duplicates: first() takes the earliest
      F.case(
        "D", events: ["start @ 2024-09-10 09:00", "start @ 2024-09-10 09:10", "done @ 2024-09-10 09:35"]),
      // missing end event
      F.case("E", events: ["start @ 2024-09-10 09:00"]),
    ]
    #expect(
      F.outcomes(timing, cases) == [
        "A: passed", "B: violated", "C: passed", "D: violated", "E: unverifiable",
      ])
    // an event after the cut-off is not seen: the same case is unverifiable then
    #expect(F.outcomes(timing, [cases[0]], asOf: "2024-09-10 09:29") == ["A: unverifiable"])
  }

  @Test func scopeAndPeriod() {
    let scoped = F.rule(
      """
      scope: {when: 'kind == "inbound"'}
      check: {kind: condition, assert: 'qty > 0'}
      """)
    let cases = [
      F.case("A", [("kind", "inbound"), ("qty", "0")], events: ["arrived @ 2024-09-30 23:59"]),
      F.case("B", [("kind", "outbound"), ("qty", "0")], events: ["arrived @ 2024-09-30 10:00"]),
      F.case("C", [("kind", "inbound"), ("qty", "0")], events: ["arrived @ 2024-10-01 00:00"]),
      F.case("D", [("kind", "inbound"), ("qty", "5")], events: ["arrived @ 2024-09-01 00:00"]),
    ]
    #expect(
      F.outcomes(scoped, cases, period: ("2024-09-01 00:00", "2024-10-01 00:00")) == [
        "A: violated", "D: passed",
      ])
  }

  @Test func aCaseWhoseEventsAreAllAfterTheCutOffDoesNotExistYet() {
    let cases = [
      F.case("A", [("received_qty", "9"), ("manifest_qty", "10")], events: ["arrived @ 2024-09-10 10:00"]),
      F.case("B", [("received_qty", "9"), ("manifest_qty", "10")], events: ["arrived @ 2024-09-20 10:00"]),
      // a record without events cannot be dated and is always judged
      F.case("C", [("received_qty", "9"), ("manifest_qty", "10")]),
    ]
    #expect(F.outcomes(rule, cases, asOf: "2024-09-15 00:00") == ["A: violated", "C: violated"])
  }
}
