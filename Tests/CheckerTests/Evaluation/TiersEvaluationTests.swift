import PolicyRules
import Testing

@testable import Checker

/// Bands of a measured value: `above` exclusive, `up_to` inclusive; fines doubled on each repeat.
@Suite struct TiersEvaluationTests {
  typealias F = EvaluationFixture
  static let bands = """
      bands:
        - {above: 0, up_to: 20, severity: minor, fine: 10}
        - {above: 20, up_to: 30, severity: minor, fine: 20}
        - {above: 30, up_to: 60, severity: major, fine: 50}
        - {above: 60, severity: critical, label: {zh: 按旷工处理, en: counts as absence}}
    """
  let rule = F.rule(
    """
    check:
      kind: tiers
      value: minutes_late
    \(bands)
    """)

  @Test func bandsOnBothEdges() {
    let values = ["0", "-3", "0.5", "20", "20.5", "30", "31", "60", "61", ""]
    let cases = values.enumerated().map { F.case("C\($0.offset)", [("minutes_late", $0.element)]) }
    let judgements = F.judgements(rule, cases)
    #expect(
      judgements.map(F.describe) == [
        "C0: passed", "C1: passed", "C2: violated", "C3: violated", "C4: violated", "C5: violated",
        "C6: violated",
        "C7: violated", "C8: violated", "C9: unverifiable",
      ])
    #expect(judgements.map(\.fine) == [nil, nil, 10, 10, 20, 20, 50, 50, nil, nil])
    #expect(
      judgements.map(\.severity) == [
        nil, nil, .minor, .minor, .minor, .minor, .major, .major, .critical, nil,
      ])
  }

  @Test func durationValuesFromEvents() {
    let late = F.rule(
      """
      check:
        kind: tiers
        value: 'first("clock_in") - first("shift_start")'
        bands:
          - {above: 0m, up_to: 20m, severity: minor, fine: 10}
          - {above: 20m, severity: major, fine: 50}
      """)
    let cases = [
      F.case("A", events: ["shift_start @ 2024-09-10 09:00", "clock_in @ 2024-09-10 09:00"]),
      F.case("B", events: ["shift_start @ 2024-09-10 09:00", "clock_in @ 2024-09-10 09:20"]),
      F.case("C", events: ["shift_start @ 2024-09-10 09:00", "clock_in @ 2024-09-10 09:21"]),
      // written out of order and with a duplicate clock-in: first() of the sorted events
      F.case(
        "D",
        events: [
          "clock_in @ 2024-09-10 09:40", "clock_in @ 2024-09-10 09:05", "shift_start @ 2024-09-10 09:00",
        ]),
      // missing end event
      F.case("E", events: ["shift_start @ 2024-09-10 09:00"]),
    ]
    let judgements = F.judgements(late, cases)
    #expect(
      judgements.map(F.describe) == [
        "A: passed", "B: violated", "C: violated", "D: violated", "E: unverifiable",
      ])
    #expect(judgements.map(\.fine) == [nil, 10, 50, 10, nil])
    // the clock-in after the cut-off is not seen
    #expect(F.outcomes(late, [cases[1]], asOf: "2024-09-10 09:10") == ["B: unverifiable"])
  }

  @Test func finesDoubleOnEachRepeatInTimeOrder() {
    let repeated = F.rule(
      """
      check:
        kind: tiers
        value: minutes_late
        repeat_key: problem_code
        subject: customer
      \(Self.bands)
      """)
    // ids sort against time: repeats are counted in the order cases happened, not input order
    let cases = [
      F.case(
        "R1", [("customer", "X"), ("problem_code", "P1"), ("minutes_late", "5")],
        events: ["visit @ 2024-09-09 10:00"]),
      F.case(
        "R2", [("customer", "X"), ("problem_code", "P1"), ("minutes_late", "25")],
        events: ["visit @ 2024-09-05 10:00"]),
      F.case(
        "R3", [("customer", "X"), ("problem_code", "P1"), ("minutes_late", "10")],
        events: ["visit @ 2024-09-01 10:00"]),
      // another customer, another problem code: not repeats
      F.case(
        "R4", [("customer", "Y"), ("problem_code", "P1"), ("minutes_late", "5")],
        events: ["visit @ 2024-09-02 10:00"]),
      F.case(
        "R5", [("customer", "X"), ("problem_code", "P2"), ("minutes_late", "5")],
        events: ["visit @ 2024-09-03 10:00"]),
      // a passed case is no offence and does not count as a repeat
      F.case(
        "R6", [("customer", "X"), ("problem_code", "P1"), ("minutes_late", "0")],
        events: ["visit @ 2024-09-04 10:00"]),
    ]
    let judgements = F.judgements(repeated, cases)
    #expect(judgements.map(\.subject) == ["R3", "R4", "R5", "R6", "R2", "R1"])
    // R3 first: 10; R2 second: 20 × 2; R1 third: 10 × 4
    #expect(judgements.map(\.fine) == [10, 10, 10, nil, 40, 40])
    // the same figures whatever the input order
    #expect(F.judgements(repeated, cases.reversed()).map(\.fine) == [10, 10, 10, nil, 40, 40])
  }

  /// Without passed judgements kept, cases in no band are only counted and the others alone are
  /// put in time order: the kept judgements, their order and fines must be those of the full run.
  @Test func onlyCountingPassedCasesKeepsOrderAndRepeats() {
    let repeated = F.rule(
      """
      check:
        kind: tiers
        value: minutes_late
        repeat_key: problem_code
        subject: customer
      \(Self.bands)
      """)
    // passed cases (0 minutes) between the offences, in time and in input order
    let lateness = ["5", "0", "25", "0", "10", "", "0", "70", "5"]
    let cases = lateness.enumerated().map { n, minutes in
      let day = 20 - 2 * n
      return F.case(
        "Q\(n)", [("customer", "X"), ("problem_code", "P1"), ("minutes_late", minutes)],
        events: ["visit @ 2024-09-\(day < 10 ? "0" : "")\(day) 10:00"])
    }
    let engine = F.engine([repeated], asOf: "2030-01-01 00:00")
    let full = engine.judge(F.dataset(cases, zone: F.shanghai), keepingPassed: true)
    let counted = engine.judge(F.dataset(cases, zone: F.shanghai), keepingPassed: false)
    let offences = full.judgements[0].filter { $0.outcome != .passed }
    #expect(counted.judgements[0].map(F.describe) == offences.map(F.describe))
    #expect(counted.judgements[0].map(\.fine) == offences.map(\.fine))
    // latest first in input, so time order is Q8 … Q0. Repeats: Q8 10; Q7 above every band (no
    // fine, still a repeat); Q5 unverifiable (no repeat); Q4 10 × 4; Q2 20 × 8; Q0 10 × 16
    #expect(offences.map(\.subject) == ["Q8", "Q7", "Q5", "Q4", "Q2", "Q0"])
    #expect(offences.map(\.fine) == [10, nil, nil, 40, 160, 160])
    #expect(counted.passed[0] == 3)
  }

  @Test func repeatsBeforeTheAuditPeriodStillDouble() {
    let repeated = F.rule(
      """
      check:
        kind: tiers
        value: minutes_late
        repeat_key: problem_code
      \(Self.bands)
      """)
    let cases = [
      // without `subject` the repeat is per case; two rows of one case cannot repeat, so use two keys
      F.case("A", [("problem_code", "P1"), ("minutes_late", "5")], events: ["visit @ 2024-09-30 10:00"]),
      F.case("B", [("problem_code", "P1"), ("minutes_late", "5")], events: ["visit @ 2024-10-01 00:00"]),
    ]
    let september = F.judgements(repeated, cases, period: ("2024-09-01 00:00", "2024-10-01 00:00"))
    #expect(september.map(F.describe) == ["A: violated"])
    // different cases without a subject field are different subjects: no doubling
    let october = F.judgements(repeated, cases, period: ("2024-10-01 00:00", "2024-11-01 00:00"))
    #expect(october.map(F.describe) == ["B: violated"])
    #expect(october.map(\.fine) == [10])
  }

  @Test func scopeDecidesApplicability() {
    let scoped = F.rule(
      """
      scope: {when: 'shift == "day"'}
      check:
        kind: tiers
        value: minutes_late
      \(Self.bands)
      """)
    let cases = [
      F.case("A", [("shift", "day"), ("minutes_late", "25")]),
      F.case("B", [("shift", "night"), ("minutes_late", "25")]),
      F.case("C", [("minutes_late", "25")]),
    ]
    #expect(F.outcomes(scoped, cases) == ["A: violated"], "a null when makes C not applicable")
  }

  @Test func aCaseWhoseEventsAreAllAfterTheCutOffIsNotMeasured() {
    let cases = [
      F.case("A", [("minutes_late", "25")], events: ["visit @ 2024-09-10 10:00"]),
      F.case("B", [("minutes_late", "25")], events: ["visit @ 2024-09-20 10:00"]),
    ]
    #expect(F.outcomes(rule, cases, asOf: "2024-09-15 00:00") == ["A: violated"])
  }
}
