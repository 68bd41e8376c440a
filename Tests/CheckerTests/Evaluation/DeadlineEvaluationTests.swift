import PolicyRules
import Testing

@testable import Checker

/// Deadline expectations are computed by hand from Rules/README.md; times are Asia/Shanghai unless noted.
@Suite struct DeadlineEvaluationTests {
  typealias F = EvaluationFixture
  let rule24h = F.rule("check: {kind: deadline, start: call_received, end: arrived, within: 24h}")

  @Test func passedViolatedPendingAndNotApplicable() {
    let cases = [
      // due 09-13 10:00
      F.case("A-passed", events: ["call_received @ 2024-09-12 10:00", "arrived @ 2024-09-13 09:00"]),
      F.case("B-at-limit", events: ["call_received @ 2024-09-12 10:00", "arrived @ 2024-09-13 10:00"]),
      F.case("C-minute-over", events: ["call_received @ 2024-09-12 10:00", "arrived @ 2024-09-13 10:01"]),
      // no arrival; due 09-20 10:00 is after the cut-off
      F.case("D-pending", events: ["call_received @ 2024-09-19 10:00"]),
      // no arrival; due 09-14 12:00 is before the cut-off
      F.case("E-missing-end", events: ["call_received @ 2024-09-13 12:00"]),
      F.case("F-no-start", events: ["arrived @ 2024-09-13 10:00"]),
    ]
    #expect(
      F.outcomes(rule24h, cases, asOf: "2024-09-20 00:00") == [
        "A-passed: passed", "B-at-limit: passed", "C-minute-over: violated", "D-pending: pending",
        "E-missing-end: violated",
      ])
  }

  @Test func dueExactlyAtTheCutOffWithNoEndIsViolated() {
    let cases = [F.case("A", events: ["call_received @ 2024-09-12 10:00"])]
    #expect(F.outcomes(rule24h, cases, asOf: "2024-09-13 10:00") == ["A: violated"])
    #expect(F.outcomes(rule24h, cases, asOf: "2024-09-13 09:59") == ["A: pending"])
  }

  @Test func eventsAfterTheCutOffAreNotSeen() {
    // arrived in time, but after the cut-off: the audit sees no arrival yet and the due time is later
    let cases = [F.case("A", events: ["call_received @ 2024-09-12 10:00", "arrived @ 2024-09-13 09:00"])]
    #expect(F.outcomes(rule24h, cases, asOf: "2024-09-12 20:00") == ["A: pending"])
  }

  @Test func unverifiableWhenTheStartFieldOrTheLimitIsMissing() {
    let fromField = F.rule("check: {kind: deadline, start: {field: received_at}, end: arrived, within: 2h}")
    let cases = [
      F.case("A", [("received_at", "2024-09-12 10:00")], events: ["arrived @ 2024-09-12 12:00"]),
      F.case("B", [("received_at", "")], events: ["arrived @ 2024-09-12 12:00"]),
      F.case("C", [("received_at", "yesterday")], events: ["arrived @ 2024-09-12 12:00"]),
    ]
    #expect(F.outcomes(fromField, cases) == ["A: passed", "B: unverifiable", "C: unverifiable"])

    let tiered = F.rule(
      "check: {kind: deadline, start: call_received, end: arrived, within: {by: zone, tiers: {city: 6h, suburb: 7h}}}"
    )
    let zoned = [
      F.case(
        "A", [("zone", "suburb")], events: ["call_received @ 2024-09-12 08:00", "arrived @ 2024-09-12 15:00"]),
      F.case(
        "B", [("zone", "city")], events: ["call_received @ 2024-09-12 08:00", "arrived @ 2024-09-12 15:00"]),
      F.case(
        "C", [("zone", "rural")], events: ["call_received @ 2024-09-12 08:00", "arrived @ 2024-09-12 09:00"]),
      F.case("D", events: ["call_received @ 2024-09-12 08:00", "arrived @ 2024-09-12 09:00"]),
    ]
    #expect(F.outcomes(tiered, zoned) == ["A: passed", "B: violated", "C: unverifiable", "D: unverifiable"])
  }

  @Test func eventsOutOfOrderInTheInputAreSortedFirst() {
    let cases = [
      F.case("A", events: ["arrived @ 2024-09-13 09:00", "call_received @ 2024-09-12 10:00"]),
      F.case("B", events: ["arrived @ 2024-09-13 10:01", "call_received @ 2024-09-12 10:00"]),
    ]
    #expect(F.outcomes(rule24h, cases) == ["A: passed", "B: violated"])
  }

  @Test func duplicateEventsUseTheFirstStartAndTheFirstEndAfterIt() {
    let cases = [
      // the repeated call does not restart the clock: due stays 09-13 10:00
      F.case(
        "A",
        events: [
          "call_received @ 2024-09-12 10:00", "call_received @ 2024-09-12 12:00",
          "arrived @ 2024-09-13 11:00",
        ]),
      // the second arrival does not undo an arrival in time
      F.case(
        "B",
        events: [
          "call_received @ 2024-09-12 10:00", "arrived @ 2024-09-12 11:00", "arrived @ 2024-09-14 11:00",
        ]),
      // the exact same event twice
      F.case(
        "C",
        events: [
          "call_received @ 2024-09-12 10:00", "call_received @ 2024-09-12 10:00",
          "arrived @ 2024-09-13 10:00",
        ]
      ),
    ]
    #expect(F.outcomes(rule24h, cases) == ["A: violated", "B: passed", "C: passed"])
  }

  @Test func endBeforeStartPassesWithoutWindowAndIsEarlyWithOne() {
    let window = F.rule(
      "check: {kind: deadline, start: shift_start, end: clock_in, within: 25m, not_before: -5m}")
    let cases = [
      F.case("A-early", events: ["shift_start @ 2024-09-12 10:00", "clock_in @ 2024-09-12 09:54"]),
      F.case("B-window-edge", events: ["shift_start @ 2024-09-12 10:00", "clock_in @ 2024-09-12 09:55"]),
      F.case("C-late-edge", events: ["shift_start @ 2024-09-12 10:00", "clock_in @ 2024-09-12 10:25"]),
      F.case("D-late", events: ["shift_start @ 2024-09-12 10:00", "clock_in @ 2024-09-12 10:26"]),
    ]
    #expect(
      F.outcomes(window, cases) == [
        "A-early: violated", "B-window-edge: passed", "C-late-edge: passed", "D-late: violated",
      ])
    let reversed = [F.case("A", events: ["call_received @ 2024-09-12 10:00", "arrived @ 2024-09-12 09:00"])]
    #expect(F.outcomes(rule24h, reversed) == ["A: passed"])
  }

  @Test func dueFieldAlternativeAndExemption() {
    let rule = F.rule(
      """
      check:
        kind: deadline
        start: call_received
        end: arrived
        within: 2h
        due_field: agreed_at
        or: 'has("written_report")'
        exempt: 'category == "special"'
      """)
    let cases = [
      // agreed time replaces the 2h limit
      F.case(
        "A", [("category", "normal"), ("agreed_at", "2024-09-13 09:00")],
        events: ["call_received @ 2024-09-12 10:00", "arrived @ 2024-09-13 09:00"]),
      F.case(
        "B", [("category", "normal"), ("agreed_at", "2024-09-13 09:00")],
        events: ["call_received @ 2024-09-12 10:00", "arrived @ 2024-09-13 09:01"]),
      // late, but the alternative route holds
      F.case(
        "C", [("category", "normal")],
        events: [
          "call_received @ 2024-09-12 10:00", "written_report @ 2024-09-12 11:00",
          "arrived @ 2024-09-12 15:00",
        ]),
      F.case("D", [("category", "special")], events: ["call_received @ 2024-09-12 10:00"]),
      F.case("E", [("category", "normal")], events: ["call_received @ 2024-09-12 10:00"]),
      // the exemption cannot be decided without a category (null ⇒ unverifiable)
      F.case("F", events: ["call_received @ 2024-09-12 10:00", "arrived @ 2024-09-12 10:30"]),
    ]
    #expect(
      F.outcomes(rule, cases) == ["A: passed", "B: violated", "C: passed", "E: violated", "F: unverifiable"])
  }

  @Test func workingHoursOnTheChinaCalendarSkipNationalDay() {
    let rule = F.rule(
      """
      calendar: cn-workdays
      check: {kind: deadline, start: call_received, end: arrived, within: 6 working hours}
      """)
    // Mon 09-30 16:00–18:00 = 2h; Oct 1–7 off; Tue 10-08 09–12 = 3h, 13:00–14:00 = 1h ⇒ due 10-08 14:00
    let cases = [
      F.case("A", events: ["call_received @ 2024-09-30 16:00", "arrived @ 2024-10-08 14:00"]),
      F.case("B", events: ["call_received @ 2024-09-30 16:00", "arrived @ 2024-10-08 14:01"]),
      F.case("C", events: ["call_received @ 2024-09-30 16:00"]),
    ]
    let outcomes = F.outcomes(
      rule, cases, asOf: "2024-10-08 13:59", calendars: ["cn-workdays": F.chinaWorkdays])
    // A and B arrive after this cut-off and the due time is later: all pending
    #expect(outcomes == ["A: pending", "B: pending", "C: pending"])
    #expect(
      F.outcomes(rule, cases, asOf: "2024-10-09 00:00", calendars: ["cn-workdays": F.chinaWorkdays]) == [
        "A: passed", "B: violated", "C: violated",
      ])
  }

  @Test func makeUpWorkingDaysCount() {
    let rule = F.rule(
      """
      calendar: cn-workdays
      check: {kind: deadline, start: call_received, end: arrived, within: 4 working hours}
      """)
    // Fri 09-13 16:30–18:00 = 1.5h; Sat 09-14 is a 调休 working day: 09:00–11:30 = 2.5h ⇒ due 09-14 11:30.
    // Without the make-up day the due time would be Wed 09-18 11:30 (中秋 Sep 15–17).
    // Fri 09-27 17:00–18:00 = 1h; Sat off; Sun 09-29 make-up 09:00–12:00 ⇒ due 09-29 12:00.
    let cases = [
      F.case("A", events: ["call_received @ 2024-09-13 16:30", "arrived @ 2024-09-14 11:30"]),
      F.case("B", events: ["call_received @ 2024-09-13 16:30", "arrived @ 2024-09-14 11:31"]),
      F.case("C", events: ["call_received @ 2024-09-13 16:30", "arrived @ 2024-09-18 10:00"]),
      F.case("D", events: ["call_received @ 2024-09-27 17:00", "arrived @ 2024-09-29 12:00"]),
      F.case("E", events: ["call_received @ 2024-09-27 17:00", "arrived @ 2024-09-29 13:30"]),
    ]
    #expect(
      F.outcomes(rule, cases, calendars: ["cn-workdays": F.chinaWorkdays]) == [
        "A: passed", "B: violated", "C: violated", "D: passed", "E: violated",
      ])
  }

  @Test func anEndInTheLunchBreakAfterADueTimeAtNoonUsedNoWorkingTime() {
    let rule = F.rule(
      """
      calendar: cn-workdays
      check: {kind: deadline, start: call_received, end: arrived, within: 3 working hours}
      """)
    // Mon 09-23 09:00 + 3 working hours ⇒ due 12:00. The evaluator (WorkCalendar.meets) counts an end
    // after the due instant as in time while no working time has passed: 12:59 passes, 13:01 is late.
    let cases = [
      F.case("A", events: ["call_received @ 2024-09-23 09:00", "arrived @ 2024-09-23 12:59"]),
      F.case("B", events: ["call_received @ 2024-09-23 09:00", "arrived @ 2024-09-23 13:01"]),
    ]
    let judgements = F.judgements(rule, cases, calendars: ["cn-workdays": F.chinaWorkdays])
    #expect(judgements.map(F.describe) == ["A: passed", "B: violated"])
    // lateness is working time: one minute
    #expect(judgements.last?.actual.en == "arrived late by 1m of working time")
  }

  @Test func workedExampleOnTheShippedCalendar() throws {
    let calendar = try #require(F.shippedCalendar("cn-workdays"))
    let rule = F.rule(
      """
      calendar: cn-workdays
      check: {kind: deadline, start: received, end: answered, within: 2 working days}
      """)
    // Rules/calendars/README.md: Thu 09-12 16:00 + 2 working days ⇒ Sat 09-14 16:00 (调休), not Wed 09-18
    let cases = [
      F.case("A", events: ["received @ 2024-09-12 16:00", "answered @ 2024-09-14 16:00"]),
      F.case("B", events: ["received @ 2024-09-12 16:00", "answered @ 2024-09-14 16:01"]),
      F.case("C", events: ["received @ 2024-09-12 16:00"]),
    ]
    #expect(
      F.outcomes(rule, cases, asOf: "2024-09-14 15:59", calendars: ["cn-workdays": calendar]) == [
        "A: pending", "B: pending", "C: pending",
      ])
    #expect(
      F.outcomes(rule, cases, asOf: "2024-09-20 00:00", calendars: ["cn-workdays": calendar]) == [
        "A: passed", "B: violated", "C: violated",
      ])
  }

  @Test func nextWorkingDayOverNationalDayAndMonthsClampedToMonthEnd() {
    let nextDay = F.rule(
      """
      calendar: cn-workdays
      check: {kind: deadline, start: call_received, end: arrived, within: next working day}
      """)
    // Mon 09-30 ⇒ the first working day after is Tue 10-08 ⇒ due 10-09 00:00
    let cases = [
      F.case("A", events: ["call_received @ 2024-09-30 10:00", "arrived @ 2024-10-08 23:59"]),
      F.case("B", events: ["call_received @ 2024-09-30 10:00", "arrived @ 2024-10-09 00:01"]),
    ]
    #expect(
      F.outcomes(nextDay, cases, calendars: ["cn-workdays": F.chinaWorkdays]) == ["A: passed", "B: violated"])

    let monthly = F.rule("check: {kind: deadline, start: opened, end: closed, within: 1 month}")
    // 2024-01-31 10:00 + 1 month = 2024-02-29 10:00 (clamped, leap year)
    let months = [
      F.case("A", events: ["opened @ 2024-01-31 10:00", "closed @ 2024-02-29 10:00"]),
      F.case("B", events: ["opened @ 2024-01-31 10:00", "closed @ 2024-02-29 10:01"]),
    ]
    #expect(F.outcomes(monthly, months) == ["A: passed", "B: violated"])
  }

  @Test func startOutsideWorkingHoursCountsFromTheNextOpening() {
    let rule = F.rule(
      """
      calendar: cn-workdays
      check: {kind: deadline, start: call_received, end: arrived, within: 2 working hours}
      """)
    // Sat 09-21 is not a working day: counting starts Mon 09-23 09:00 ⇒ due 11:00
    let cases = [
      F.case("A", events: ["call_received @ 2024-09-21 10:00", "arrived @ 2024-09-23 11:00"]),
      F.case("B", events: ["call_received @ 2024-09-21 10:00", "arrived @ 2024-09-23 11:01"]),
    ]
    #expect(
      F.outcomes(rule, cases, calendars: ["cn-workdays": F.chinaWorkdays]) == ["A: passed", "B: violated"])
  }

  @Test func fixedHoursAcrossTheMarchDaylightSavingChangeAreRealHours() {
    let zone = "America/New_York"
    // Sat 2024-03-09 12:00 EST = 17:00Z; +24h = 2024-03-10 17:00Z = 13:00 EDT (clocks sprang forward at 02:00)
    let cases = [
      F.case("A", events: ["call_received @ 2024-03-09 12:00", "arrived @ 2024-03-10 12:30"]),
      F.case("B", events: ["call_received @ 2024-03-09 12:00", "arrived @ 2024-03-10 13:00"]),
      F.case("C", events: ["call_received @ 2024-03-09 12:00", "arrived @ 2024-03-10 13:01"]),
    ]
    #expect(F.outcomes(rule24h, cases, zone: zone) == ["A: passed", "B: passed", "C: violated"])
  }

  @Test func sameDayEndsAtLocalMidnightOnTheShortDay() {
    let zone = "America/New_York"
    let rule = F.rule("check: {kind: deadline, start: call_received, end: arrived, within: same day}")
    // 2024-03-10 has 23 hours; due is 2024-03-11 00:00 EDT, not 24h after local midnight (01:00)
    let cases = [
      F.case("A", events: ["call_received @ 2024-03-10 00:30", "arrived @ 2024-03-10 23:59"]),
      F.case("B", events: ["call_received @ 2024-03-10 00:30", "arrived @ 2024-03-11 00:30"]),
    ]
    #expect(F.outcomes(rule, cases, zone: zone) == ["A: passed", "B: violated"])
    #expect(
      F.outcomes(
        rule, [F.case("C", events: ["call_received @ 2024-03-10 00:30"])], asOf: "2024-03-10 23:59",
        zone: zone) == ["C: pending"])
  }

  @Test func auditPeriodJudgesByTheStart() {
    let rule = F.rule("check: {kind: deadline, start: call_received, end: arrived, within: 48h}")
    let september = ("2024-09-01 00:00", "2024-10-01 00:00")
    let cases = [
      // anchored 30 Sep, answered 2 Oct (due 10-02 20:00): belongs to September
      F.case("A", events: ["call_received @ 2024-09-30 20:00", "arrived @ 2024-10-02 10:00"]),
      // anchored 1 Oct: another month's audit
      F.case("B", events: ["call_received @ 2024-10-01 00:00", "arrived @ 2024-10-05 10:00"]),
      F.case("C", events: ["call_received @ 2024-08-31 23:59", "arrived @ 2024-10-05 10:00"]),
    ]
    #expect(F.outcomes(rule, cases, asOf: "2024-10-10 00:00", period: september) == ["A: passed"])
    // cut-off at the period's end: the October arrival is not yet seen and the due time is later
    #expect(F.outcomes(rule, cases, asOf: "2024-10-01 00:00", period: september) == ["A: pending"])
  }

  @Test func validityExcludesCasesAnchoredOutsideIt() {
    let rule = F.rule(
      """
      valid: {from: 2024-10-01, to: 2024-12-31}
      check: {kind: deadline, start: call_received, end: arrived, within: 24h}
      """)
    let cases = [
      F.case("A", events: ["call_received @ 2024-09-30 23:00"]),
      F.case("B", events: ["call_received @ 2024-10-01 00:00"]),
      F.case("C", events: ["call_received @ 2025-01-01 00:00"]),
    ]
    #expect(F.outcomes(rule, cases) == ["B: violated"])
  }
}
