import PolicyRules
import Testing

@testable import Checker

/// Rows per (period, group) with numerator, denominator, value, target and the cases against it.
@Suite struct MetricEvaluationTests {
  typealias F = EvaluationFixture
  let rate = F.rule(
    """
    check:
      kind: metric
      measure: rate
      counts: 'score >= 4'
      date: {field: completed_at}
      every: month
      group: team
      target: '>= 50%'
    """)

  func run(_ rule: Rule, _ cases: [F.CaseSpec], asOf: String, period: (String, String)) -> (
    outcomes: [String], rows: [MetricRow]
  ) {
    let engine = F.engine([rule], asOf: asOf, period: period)
    let (judgements, rows) = engine.judge(F.dataset(cases))
    return (judgements[0].map(F.describe), rows[0])
  }

  var teamCases: [F.CaseSpec] {
    [
      F.case("A1", [("team", "A"), ("completed_at", "2024-09-02 10:00"), ("score", "5")]),
      F.case("A2", [("team", "A"), ("completed_at", "2024-09-10 10:00"), ("score", "4")]),
      F.case("A3", [("team", "A"), ("completed_at", "2024-09-20 10:00"), ("score", "3")]),
      F.case("A4", [("team", "A"), ("completed_at", "2024-09-30 23:59"), ("score", "1")]),
      F.case("A5", [("team", "A"), ("completed_at", "2024-10-01 00:00"), ("score", "5")]),
      F.case("A6", [("team", "A"), ("completed_at", "2024-10-05 10:00"), ("score", "2")]),
      F.case("A7", [("team", "A"), ("completed_at", "2024-10-06 10:00"), ("score", "")]),
      F.case("A8", [("team", "A"), ("completed_at", "2024-10-07 10:00"), ("score", "1")]),
      F.case("B1", [("team", "B"), ("completed_at", "2024-09-15 10:00"), ("score", "2")]),
      F.case("X1", [("team", "B"), ("completed_at", "")]),
      // outside the audit period: no row
      F.case("Z1", [("team", "B"), ("completed_at", "2024-11-01 00:00"), ("score", "5")]),
    ]
  }

  @Test func rowsAndOutcomesPerPeriodAndGroup() {
    let (outcomes, rows) = run(
      rate, teamCases, asOf: "2024-11-01 00:00", period: ("2024-09-01 00:00", "2024-11-01 00:00"))
    // A7's score is unknown (left out of the rate); X1 has no completion date: not completed, so
    // in no period (an empty date is an absent one, as a missing event is)
    #expect(
      outcomes == [
        "A7: unverifiable", "A@2024-09: passed", "A@2024-10: violated", "B@2024-09: violated",
      ])
    #expect(
      rows == [
        // 2 of 4 = 50%: exactly the target passes
        MetricRow(
          period: "2024-09", group: "A", numerator: 2, denominator: 4, value: 0.5, target: ">= 50%",
          met: true,
          againstCases: ["A3", "A4"]),
        MetricRow(
          period: "2024-09", group: "B", numerator: 0, denominator: 1, value: 0, target: ">= 50%", met: false,
          againstCases: ["B1"]),
        // 1 of 3 (A7 left out)
        MetricRow(
          period: "2024-10", group: "A", numerator: 1, denominator: 3, value: 1.0 / 3.0, target: ">= 50%",
          met: false, againstCases: ["A6", "A8"]),
      ])
  }

  @Test func aPeriodNotOverIsPendingAndFutureCasesAreNotSeen() {
    let (outcomes, rows) = run(
      rate, teamCases, asOf: "2024-10-06 12:00", period: ("2024-10-01 00:00", "2024-11-01 00:00"))
    // A8 completes after the cut-off and is not yet part of the data
    #expect(outcomes == ["A7: unverifiable", "A@2024-10: pending"])
    #expect(rows.map(\.denominator) == [2])
  }

  @Test func countCeilingIsViolatedBeforeThePeriodEnds() {
    let ceiling = F.rule(
      """
      check: {kind: metric, measure: count, counts: 'level == "major"', date: reported, every: month, target: '<= 2'}
      """)
    let cases = [
      F.case("c1", [("level", "major")], events: ["reported @ 2024-09-02 10:00"]),
      F.case("c2", [("level", "minor")], events: ["reported @ 2024-09-03 10:00"]),
      F.case("c3", [("level", "major")], events: ["reported @ 2024-09-04 10:00"]),
      F.case("c4", [("level", "major")], events: ["reported @ 2024-09-05 10:00"]),
    ]
    let september = ("2024-09-01 00:00", "2024-10-01 00:00")
    // two majors by 09-04 12:00: at the ceiling, period open ⇒ pending
    #expect(
      run(ceiling, cases, asOf: "2024-09-04 12:00", period: september).outcomes == ["all@2024-09: pending"])
    // the third major exceeds it before the month is over
    let (outcomes, rows) = run(ceiling, cases, asOf: "2024-09-05 12:00", period: september)
    #expect(outcomes == ["all@2024-09: violated"])
    #expect(rows.map(\.numerator) == [3])
    #expect(rows.map(\.denominator) == [4])
    #expect(rows.map(\.againstCases) == [["c1", "c3", "c4"]])
  }

  @Test func consecutiveMissedPeriods() {
    let consecutive = F.rule(
      """
      check:
        kind: metric
        measure: rate
        counts: 'ok'
        date: {field: closed_at}
        every: month
        target: '>= 50%'
        consecutive: 3
      """)
    // missed Jan, Feb, Mar, met Apr, missed May, Jun, (no cases Jul), missed Aug
    let months = [
      ("01", false), ("02", false), ("03", false), ("04", true), ("05", false), ("06", false), ("08", false),
    ]
    let cases = months.map {
      F.case("m\($0.0)", [("closed_at", "2024-\($0.0)-15 10:00"), ("ok", "\($0.1)")])
    }
    let year = ("2024-01-01 00:00", "2025-01-01 00:00")
    #expect(
      run(consecutive, cases, asOf: "2025-01-01 00:00", period: year).outcomes == [
        "all@2024-01: passed", "all@2024-02: passed", "all@2024-03: violated", "all@2024-04: passed",
        "all@2024-05: passed", "all@2024-06: passed", "all@2024-08: passed",
      ])
    // auditing March alone still sees the misses of January and February
    let march = run(
      consecutive, cases, asOf: "2025-01-01 00:00", period: ("2024-03-01 00:00", "2024-04-01 00:00"))
    #expect(march.outcomes == ["all@2024-03: violated"])
    #expect(march.rows.map(\.period) == ["2024-03"])
  }

  @Test func consecutiveWorkingDaysSkipHolidays() {
    let daily = F.rule(
      """
      calendar: cn-workdays
      check: {kind: metric, measure: rate, counts: 'ok', date: closed, every: working_day, target: '>= 50%', consecutive: 3}
      """)
    // Sat 09-14 (调休), then 中秋 09-15..17 off, then Wed 09-18 and Thu 09-19: three working days in a row
    let cases = [
      F.case("d1", [("ok", "false")], events: ["closed @ 2024-09-14 10:00"]),
      F.case("d2", [("ok", "false")], events: ["closed @ 2024-09-18 10:00"]),
      F.case("d3", [("ok", "false")], events: ["closed @ 2024-09-19 10:00"]),
      // Fri 09-20 is met; Mon 09-23 and Tue 09-24 missed, Wed 09-25 has no cases: the run breaks
      F.case("d4", [("ok", "true")], events: ["closed @ 2024-09-20 10:00"]),
      F.case("d5", [("ok", "false")], events: ["closed @ 2024-09-23 10:00"]),
      F.case("d6", [("ok", "false")], events: ["closed @ 2024-09-24 10:00"]),
      F.case("d7", [("ok", "false")], events: ["closed @ 2024-09-26 10:00"]),
    ]
    let engine = F.engine(
      [daily], asOf: "2024-10-01 00:00", period: ("2024-09-01 00:00", "2024-10-01 00:00"),
      calendars: ["cn-workdays": F.chinaWorkdays])
    #expect(
      engine.judge(F.dataset(cases)).judgements[0].map(F.describe) == [
        "all@2024-09-14: passed", "all@2024-09-18: passed", "all@2024-09-19: violated",
        "all@2024-09-20: passed",
        "all@2024-09-23: passed", "all@2024-09-24: passed", "all@2024-09-26: passed",
      ])
  }

  @Test func casesOutOfScopeAreNotCounted() {
    let scoped = F.rule(
      """
      scope: {record: ticket}
      check: {kind: metric, measure: count, date: opened, every: month, target: '<= 1'}
      """)
    let cases = [
      F.case("t1", events: ["opened @ 2024-09-02 10:00"], recordType: "ticket"),
      F.case("o1", events: ["opened @ 2024-09-03 10:00"], recordType: "order"),
    ]
    let (outcomes, rows) = run(
      scoped, cases, asOf: "2024-10-01 00:00", period: ("2024-09-01 00:00", "2024-10-01 00:00"))
    #expect(outcomes == ["all@2024-09: passed"])
    #expect(rows.map(\.againstCases) == [["t1"]])
  }
}
