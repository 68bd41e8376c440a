import Foundation
import Testing

@testable import PolicyRules

/// The limits that keep counting on a loaded calendar in proportion to its file: a fuzzed calendar
/// with a holiday of 7,000 years made every deadline walk two million days (21.9 s for one input).
@Suite struct WorkCalendarLimitsTests {
  /// `Fuzzing/Regressions/FuzzCalendar`, beside `Rules/calendars`.
  static let regressions = URL(fileURLWithPath: WorkCalendarLoadingTests.calendarDirectory)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzzing/Regressions/FuzzCalendar").path

  static func calendar(covers: String, holidays: [String], makeUpDays: [String] = []) -> String {
    "calendar: x\ntime_zone: UTC\ncovers: \(covers)\n" + WorkCalendarLoadingTests.weekLines + "\nholidays:\n"
      + holidays.map { "  - \($0)\n" }.joined()
      + (makeUpDays.isEmpty ? "" : "make_up_days:\n" + makeUpDays.map { "  - \($0)\n" }.joined())
  }

  /// Run with the other load errors (`WorkCalendarLoadingTests.reportsEveryProblemAtItsMark`).
  static let rejected: [(String, [String])] = [
    (
      calendar(
        covers: "{from: 2014-01-01, to: 9026-12-31}",
        holidays: ["{name: a, from: 2014-01-01, to: 9026-10-07}"]),
      [
        "c.yaml:3:32: error: 'covers' spans 2561445 days (2014-01-01 to 9026-12-31); at most 36525 (100 years) are allowed"
      ]
    ),
    (
      // Sat 2024-03-02 to Mon 2025-03-03: the weekend before the holiday counts with it.
      calendar(
        covers: "{from: 2024-01-01, to: 2026-12-31}",
        holidays: ["{name: a, date: 2024-01-01}", "{name: b, from: 2024-03-04, to: 2025-03-03}"]),
      [
        "c.yaml:14:5: error: no working time for 367 days in a row (2024-03-02 to 2025-03-03); a calendar may have at most 366 days off in a row"
      ]
    ),
    (
      // The holiday of a make-up day is found by a look-up, even inside an earlier, longer one.
      calendar(
        covers: "{from: 2024-01-01, to: 2026-12-31}",
        holidays: [
          "{name: a, from: 2024-05-01, to: 2024-05-20}", "{name: b, from: 2024-05-03, to: 2024-05-04}",
        ],
        makeUpDays: [
          "{date: 2024-05-10, name: m}", "{date: 2024-05-25, name: n}", "{date: 2024-05-25, name: n}",
        ]),
      [
        "c.yaml:14:5: error: holiday 'b' overlaps holiday 'a' on 2024-05-03",
        "c.yaml:16:12: error: 2024-05-10 is both a holiday ('a') and a make-up working day",
        "c.yaml:18:12: error: make-up day 2024-05-25 is listed twice",
      ]
    ),
  ]

  @Test func acceptsTheLongestStretchOffAndCountsPastItInOneWalk() throws {
    let text = Self.calendar(
      covers: "{from: 2024-01-01, to: 2026-12-31}", holidays: ["{name: b, from: 2024-03-04, to: 2025-02-28}"])
    let (loaded, diagnostics) = WorkCalendarLoadingTests.load(text)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let calendar = try #require(loaded)
    let computation = calendar.deadline(from: local(calendar, "2024-03-01 17:00"), adding: duration("1wd"))
    #expect(computation.skippedDays.count == WorkCalendar.daysOffLimit)
    #expect(utc(computation.due) == "2025-03-03T17:00:00Z")
  }

  /// The fuzz regressions of FuzzCalendar are rejected by these limits (the first is the shape of
  /// the finding, the second fits `covers` and breaks the stretch limit).
  @Test(arguments: [
    (
      "covers-7000-years.yaml",
      "covers-7000-years.yaml:11:32: error: 'covers' spans 2561445 days (2014-01-01 to 9026-12-31); at most 36525 (100 years) are allowed"
    ),
    (
      "holiday-99-years.yaml",
      "holiday-99-years.yaml:13:5: error: no working time for 36160 days in a row (2014-01-01 to 2113-01-01); a calendar may have at most 366 days off in a row"
    ),
  ])
  func fuzzRegressionIsRejected(_ file: String, _ expected: String) throws {
    var diagnostics = DiagnosticBag(path: file)
    let document = try #require(
      YAMLParser.parseFile(atPath: "\(Self.regressions)/\(file)", diagnostics: &diagnostics))
    #expect(WorkCalendar.load(document, diagnostics: &diagnostics) == nil)
    #expect(diagnostics.items.map(\.description) == [expected])
  }

  /// A calendar built in code meets the limits counting relies on, as a loaded one does: a week
  /// without working time would never end a count, and a `covers` of millions of days would be
  /// walked day by day.
  @Test func calendarBuiltInCodeIsHeldToTheLoadersLimits() async {
    let day = [ChinaReference.nineToSix]
    let week = Array(repeating: day, count: 5) + [[], []]
    let start = CivilDate(year: 2024, month: 1, day: 1)
    #expect(WorkCalendar.problem(weeklyHours: week, covers: start...start.adding(days: 36_524)) == nil)
    let problems = [
      WorkCalendar.problem(weeklyHours: week, covers: start...start.adding(days: 36_525)),
      WorkCalendar.problem(weeklyHours: Array(repeating: [], count: 7), covers: nil),
      WorkCalendar.problem(
        weeklyHours: [[WorkCalendar.WorkingSpan(startMinute: 600, endMinute: 600)]], covers: nil),
      WorkCalendar.problem(
        weeklyHours: [day, [WorkCalendar.WorkingSpan(startMinute: 900, endMinute: 1200)] + day], covers: nil),
    ]
    #expect(
      problems == [
        "covers spans 36526 days; at most 36525 are allowed", "no weekday has working hours",
        "working span of minutes 600-600 on mon is not a stretch of one day",
        "working spans 09:00-18:00 and 15:00-20:00 overlap on tue",
      ])
    await #expect(processExitsWith: .failure) {
      _ = WorkCalendar(name: "idle", timeZoneIdentifier: "UTC", weeklyHours: Array(repeating: [], count: 7))
    }
    await #expect(processExitsWith: .failure) {
      let start = CivilDate(year: 1, month: 1, day: 1)
      _ = WorkCalendar(
        name: "long", timeZoneIdentifier: "UTC", weeklyHours: [[ChinaReference.nineToSix]],
        covers: start...CivilDate(year: 9999, month: 12, day: 31))
    }
  }

  /// Weekday office hours in a zone that changes its clocks, and a Sunday span over the hour the
  /// clocks change (02:00–03:00 in Europe/Berlin), so real and local lengths differ on those days.
  static let berlin = WorkCalendar(
    name: "berlin", timeZoneIdentifier: "Europe/Berlin",
    weeklyHours: Array(repeating: [ChinaReference.nineToSix], count: 5) + [
      [], [WorkCalendar.WorkingSpan(startMinute: 60, endMinute: 240)],
    ])

  /// Working time summed day by day from each day's intervals, as the count did before it
  /// counted whole weeks at once.
  static func dayByDay(_ calendar: WorkCalendar, from start: Timestamp, to end: Timestamp) -> Int64 {
    var total: Int64 = 0
    var day = calendar.civilDate(of: start)
    while day <= calendar.civilDate(of: end) {
      for interval in calendar.workingIntervals(on: day) {
        let overlap = min(interval.end, end).milliseconds - max(interval.start, start).milliseconds
        total += max(overlap, 0)
      }
      day = day.adding(days: 1)
    }
    return total
  }

  /// Across the zone's first and last changes and across `covers`, whole weeks counted at once
  /// give the day-by-day sum.
  @Test(arguments: [
    ("berlin", "1890-03-05 10:30", "1920-06-01 09:15"),
    ("berlin", "2090-01-01 00:00", "2115-07-04 17:45"),
    ("cn-workdays", "1985-02-01 11:00", "2031-12-24 12:00"),
  ])
  func workingTimeByWeeksAgreesWithDayByDay(_ name: String, _ from: String, _ to: String) {
    let calendar = name == "berlin" ? Self.berlin : ChinaReference.officeCalendar()
    let start = local(calendar, from)
    let end = local(calendar, to)
    #expect(
      calendar.workingMilliseconds(from: start, to: end) == Self.dayByDay(calendar, from: start, to: end))
    #expect(calendar.hasWorkingTime(from: start, to: end))
  }

  /// A due time in 2024 and an event in 9999 (a data error): the count visits the days of the
  /// holiday data and of the zone's table (Berlin's changes run to 2100), not eight thousand years
  /// of days.
  @Test func workingTimeToAFarEventVisitsAFewThousandDays() {
    let china = ChinaReference.officeCalendar()
    let far = china.countWorkingMilliseconds(
      from: local(china, "2024-09-12 16:00"), to: local(china, "9999-12-31 12:00"))
    #expect(far.daysVisited < 1_000)
    #expect(far.milliseconds > 2_000_000 * 9 * Timestamp.millisecondsPerHour)
    let berlin = Self.berlin.countWorkingMilliseconds(
      from: local(Self.berlin, "2024-09-12 16:00"), to: local(Self.berlin, "9999-12-31 12:00"))
    #expect(berlin.daysVisited < 28_000)
    // Working time up to the first span after a due time, not to the far event.
    #expect(
      !china.hasWorkingTime(from: local(china, "2024-09-13 18:00"), to: local(china, "2024-09-14 09:00")))
    #expect(
      china.countWorkingMilliseconds(
        from: local(china, "2024-09-13 18:00"), to: local(china, "9999-12-31 12:00"), stoppingAt: 1
      ).daysVisited == 2)
  }
}

/// Counts far longer than the holiday data: whole weeks where only the weekly hours apply are
/// counted at once, and the due time is the one a walk day by day reaches, however far.
@Suite struct WorkCalendarLongCountTests {
  /// One span on Mondays, UTC, and nothing else.
  static func mondays(_ startMinute: Int, _ endMinute: Int) -> WorkCalendar {
    WorkCalendar(
      name: "mondays", timeZoneIdentifier: "UTC",
      weeklyHours: [[WorkCalendar.WorkingSpan(startMinute: startMinute, endMinute: endMinute)]])
  }

  /// The largest amounts on a calendar with one working day a week. The count used to give up
  /// after 2,000,000 days: a million working days were due on a Wednesday of the year 7499, a
  /// million working hours at the start itself.
  @Test(arguments: [
    // The millionth Monday after Mon 2024-01-01, at 10:00 (the year 21189).
    (540, 1080, "2024-01-01 10:00", "1000000 working days", 7_000_000, 600),
    // A million one-hour Mondays: the last ends at 10:00.
    (540, 600, "2024-01-01 09:00", "1000000 working hours", 7 * 999_999, 600),
    // Sixty million one-minute Mondays (1.15 million years).
    (540, 541, "2024-01-01 09:00", "1000000 working hours", 7 * 59_999_999, 541),
  ])
  func longestCountOnOneWorkingDayAWeekIsExact(
    opening: Int, closing: Int, from: String, amount: String, days: Int, minute: Int
  ) throws {
    let calendar = Self.mondays(opening, closing)
    let start = local(calendar, from)
    let limit = try PolicyDuration.parse(amount).get()
    let due = calendar.due(from: start, adding: limit)
    let day = Int64(date("2024-01-01").daysSinceEpoch + days)
    #expect(
      due.milliseconds == day * Timestamp.millisecondsPerDay + Int64(minute) * Timestamp.millisecondsPerMinute
    )
    let computation = calendar.deadline(from: start, adding: limit)
    #expect(computation.due == due)
    // Only the last year of Mondays off is listed, not a million weeks of them.
    #expect(computation.skippedDays.count < 400)
    #expect(calendar.latestStart(before: due, leading: limit).due == start)
  }

  /// Long counts across the holiday data and a zone's first and last change of offset agree with
  /// counting day by day, forwards and backwards.
  @Test(arguments: [
    ("cn-workdays", "2024-09-12 16:00"), ("berlin", "2095-03-01 10:30"), ("berlin", "1880-03-01 10:30"),
  ])
  func longCountAgreesWithDayByDay(_ name: String, _ from: String) {
    let calendar = name == "berlin" ? WorkCalendarLimitsTests.berlin : ChinaReference.officeCalendar()
    let start = local(calendar, from)
    let days = PolicyDuration(amount: 3_000, unit: .workingDays)
    let due = calendar.due(from: start, adding: days)
    #expect(calendar.deadline(from: start, adding: days).due == due)
    #expect(calendar.minuteOfDay(of: due) == calendar.minuteOfDay(of: start))
    var day = calendar.civilDate(of: start)
    var passed = 0
    while day < calendar.civilDate(of: due) {
      day = day.adding(days: 1)
      if calendar.isWorkingDay(day) { passed += 1 }
    }
    #expect(passed == 3_000 && calendar.isWorkingDay(day))
    #expect(calendar.latestStart(before: due, leading: days).due == start)

    let hours = PolicyDuration(amount: 40_000, unit: .workingHours)
    let amount = 40_000 * Timestamp.millisecondsPerHour
    let end = calendar.due(from: start, adding: hours)
    #expect(calendar.deadline(from: start, adding: hours).due == end)
    #expect(WorkCalendarLimitsTests.dayByDay(calendar, from: start, to: end) == amount)
    #expect(WorkCalendarLimitsTests.dayByDay(calendar, from: start, to: end - 1) == amount - 1)
    let latest = calendar.latestStart(before: end, leading: hours).due
    #expect(WorkCalendarLimitsTests.dayByDay(calendar, from: latest, to: end) == amount)
    #expect(WorkCalendarLimitsTests.dayByDay(calendar, from: latest + 1, to: end) == amount - 1)
  }
}
