import Foundation
import Testing

@testable import PolicyRules

@Suite struct WorkCalendarLoadingTests {
  static let calendarDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Rules/calendars").path

  static func loadFile(_ name: String) -> (WorkCalendar?, [Diagnostic]) {
    var diagnostics = DiagnosticBag(path: name)
    guard
      let document = YAMLParser.parseFile(atPath: "\(calendarDirectory)/\(name)", diagnostics: &diagnostics)
    else { return (nil, diagnostics.items) }
    let calendar = WorkCalendar.load(document, diagnostics: &diagnostics)
    return (calendar, diagnostics.items)
  }

  static func load(_ text: String) -> (WorkCalendar?, [String]) {
    var diagnostics = DiagnosticBag(path: "c.yaml")
    guard let document = YAMLParser.parse(bytes: Array(text.utf8), path: "c.yaml", diagnostics: &diagnostics)
    else {
      return (nil, diagnostics.items.map(\.description))
    }
    let calendar = WorkCalendar.load(document, diagnostics: &diagnostics)
    return (calendar, diagnostics.items.map(\.description))
  }

  static let weekLines = """
    working_hours:
      mon: ["09:00-18:00"]
      tue: ["09:00-18:00"]
      wed: ["09:00-18:00"]
      thu: ["09:00-18:00"]
      fri: ["09:00-18:00"]
      sat: []
      sun: []
    """

  @Test(arguments: ["cn-workdays.yaml", "cn-workdays-fullday.yaml", "always.yaml", "weekdays-9-18.yaml"])
  func shippedCalendarLoadsCleanly(_ file: String) throws {
    let (calendar, diagnostics) = Self.loadFile(file)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let loaded = try #require(calendar)
    #expect(loaded.name + ".yaml" == file)
    #expect(loaded.timeZoneIdentifier == "Asia/Shanghai")
    #expect(!loaded.title.zh.isEmpty && !loaded.title.en.isEmpty)
  }

  @Test(arguments: ["cn-workdays.yaml", "cn-workdays-fullday.yaml"])
  func chinaCalendarMatchesReferenceEveryDay(_ file: String) throws {
    let calendar = try #require(Self.loadFile(file).0)
    #expect(calendar.covers == date("2024-01-01")...date("2026-12-31"))
    var mismatches: [String] = []
    for day in date("2024-01-01").daysSinceEpoch...date("2026-12-31").daysSinceEpoch {
      let civil = CivilDate(daysSinceEpoch: day)
      if calendar.isWorkingDay(civil) != ChinaReference.isWorkingDay(civil) {
        mismatches.append(civil.description)
      }
    }
    #expect(mismatches.isEmpty)
    #expect(calendar.isWorkingDay(date("2024-02-04")))  // Sunday
    #expect(calendar.isWorkingDay(date("2026-02-14")))  // Saturday
    #expect(!calendar.isWorkingDay(date("2025-10-08")))  // Wednesday
    #expect(calendar.makeUpDays.count == ChinaReference.makeUpDays.count)
  }

  @Test func fullDayCalendarCountsWholeDaysWithSameData() throws {
    let office = try #require(Self.loadFile("cn-workdays.yaml").0)
    let fullDay = try #require(Self.loadFile("cn-workdays-fullday.yaml").0)
    #expect(office.holidays.map(\.from) == fullDay.holidays.map(\.from))
    #expect(office.holidays.map(\.to) == fullDay.holidays.map(\.to))
    #expect(office.makeUpDays == fullDay.makeUpDays)
    // The worked example on the shipped file, and the whole-day variant of it.
    let example = office.deadline(from: local(office, "2024-09-12 16:00"), adding: duration("2 working days"))
    #expect(utc(example.due) == "2024-09-14T08:00:00Z")
    let evening = fullDay.deadline(from: local(fullDay, "2024-09-12 20:00"), adding: duration("2个工作日"))
    #expect(utc(evening.due) == "2024-09-14T12:00:00Z")  // Sat 20:00: whole days, clock kept
    let sunday = fullDay.deadline(from: local(fullDay, "2024-09-08 20:00"), adding: duration("1wd"))
    #expect(utc(sunday.due) == "2024-09-09T16:00:00Z")  // Mon 00:00 + 1 working day ⇒ Tue 00:00
  }

  @Test func alwaysCalendarIsContinuous() throws {
    let always = try #require(Self.loadFile("always.yaml").0)
    let start = local(always, "2024-10-01 10:00")
    #expect(always.deadline(from: start, adding: duration("24wh")).due == start + 86_400_000)
    #expect(always.workingMilliseconds(from: start, to: start + 3 * 86_400_000) == 3 * 86_400_000)
  }

  @Test func weekdaysCalendarHasNoHolidays() throws {
    let weekdays = try #require(Self.loadFile("weekdays-9-18.yaml").0)
    #expect(weekdays.isWorkingDay(date("2024-10-01")))
    #expect(!weekdays.isWorkingDay(date("2024-09-14")))
    #expect(weekdays.covers == nil)
  }

  @Test func readsHolidaysMakeUpDaysAndHoursOf() throws {
    let text = """
      calendar: test
      title: {zh: 测试, en: test}
      time_zone: Asia/Shanghai
      covers: {from: 2024-01-01, to: 2024-12-31}
      working_hours:
        mon: ["09:00-12:00", "13:00-18:00"]
        tue: ["09:00-12:00", "12:00-18:00"]
        wed: ["09:00-18:00"]
        thu: ["09:00-18:00"]
        fri: ["10:00-16:00"]
        sat: []
        sun: ~
      holidays:
        - {name: a, date: 2024-01-01}
        - {name: b, from: 2024-10-01, to: 2024-10-07}
      make_up_days:
        - {date: 2024-09-29, name: c}
        - {date: 2024-10-12, name: d, hours_of: fri}
      """
    let (calendar, diagnostics) = Self.load(text)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let loaded = try #require(calendar)
    #expect(loaded.weeklyHours[0].map(\.description) == ["09:00-12:00", "13:00-18:00"])
    #expect(loaded.weeklyHours[1].map(\.description) == ["09:00-18:00"])  // touching spans merged
    #expect(loaded.weeklyHours[6].isEmpty)
    #expect(!loaded.isWorkingDay(date("2024-10-07")))
    #expect(loaded.isWorkingDay(date("2024-09-29")))
    let saturday = loaded.deadline(from: local(loaded, "2024-10-12 10:00"), adding: duration("6wh"))
    // Friday's hours 10:00–16:00 on the make-up Saturday.
    #expect(utc(saturday.due) == "2024-10-12T08:00:00Z")
  }

  static let errorCases: [(String, [String])] = [
    (
      "calendar: x\ntime_zon: Asia/Shanghai\n" + weekLines,
      [
        "c.yaml:2:1: error: unknown key 'time_zon' in calendar; did you mean 'time_zone'?",
        "c.yaml:1:1: error: missing required key 'time_zone' in calendar",
      ]
    ),
    (
      "calendar: x\ntime_zone: Asia/Shanghia\n" + weekLines,
      ["c.yaml:2:12: error: unknown time zone 'Asia/Shanghia'; expected an IANA name such as Asia/Shanghai"]
    ),
    (
      "calendar: x\ntime_zone: UTC\nworking_hours:\n  mon: [\"9:00-18:00\", \"18:00-09:00\"]\n  tue: [\"09:00-13:00\", \"12:00-18:00\"]\n  wed: \"09:00-18:00\"\n  thu: []\n  fri: []\n  sat: []\n",
      [
        "c.yaml:4:3: error: missing required key 'sun' in working_hours",
        "c.yaml:4:9: error: invalid working hours '9:00-18:00'; expected HH:MM-HH:MM such as 09:00-18:00 (00:00-24:00 for a whole day)",
        "c.yaml:4:23: error: invalid working hours '18:00-09:00'; expected HH:MM-HH:MM such as 09:00-18:00 (00:00-24:00 for a whole day)",
        "c.yaml:5:24: error: working hours 09:00-13:00 and 12:00-18:00 overlap on 'tue'",
        "c.yaml:6:8: error: 'wed' must be a list of spans such as [\"09:00-18:00\"], found a scalar",
      ]
    ),
    (
      "calendar: x\ntime_zone: UTC\ncovers: {from: 2024-01-01, to: 2024-12-31}\n" + weekLines
        + "\nholidays:\n  - {name: a, from: 2024-02-30, to: 2024-03-01}\n  - {name: b, date: 2025-01-01}\n  - {name: c, from: 2024-05-05, to: 2024-05-01}\n  - {name: d, date: 2024-10-01}\nmake_up_days:\n  - {date: 2024-10-01, name: e}\n  - {date: 2024-09-29, name: f, hours_of: sun}\n  - {date: 2024-09-28, name: g, hour_of: mon}\n",
      [
        "c.yaml:13:21: error: invalid date '2024-02-30' for 'from'; expected YYYY-MM-DD",
        "c.yaml:14:5: error: holiday 'b' (2025-01-01 to 2025-01-01) lies outside covers (2024-01-01 to 2024-12-31)",
        "c.yaml:15:37: error: holiday 'c' ends (2024-05-01) before it starts (2024-05-05)",
        "c.yaml:18:12: error: 2024-10-01 is both a holiday ('d') and a make-up working day",
        "c.yaml:19:43: error: 'hours_of: sun' names a day without working hours",
        "c.yaml:20:33: error: unknown key 'hour_of' in make-up day; did you mean 'hours_of'?",
      ]
    ),
    ("- just a list", ["c.yaml:1:1: error: a calendar file must be a mapping, found a list"]),
    (
      "calendar: x\ntime_zone: UTC\nholidays: []\nworking_hours: {mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: []}\n",
      [
        "c.yaml:4:16: error: working_hours has no working time on any day",
        "c.yaml:3:1: error: 'holidays' needs 'covers' (the dates the holiday data is complete for)",
      ]
    ),
  ]

  @Test(arguments: errorCases + WorkCalendarLimitsTests.rejected)
  func reportsEveryProblemAtItsMark(_ text: String, _ expected: [String]) {
    let (calendar, diagnostics) = Self.load(text)
    #expect(calendar == nil)
    #expect(diagnostics == expected)
  }

  @Test func handBuiltTreeReportsOverlappingHolidays() {
    func scalar(_ value: String, _ line: Int, _ column: Int) -> YAMLNode {
      .scalar(YAMLScalar(value: value, mark: SourceMark(line: line, column: column)))
    }
    func key(_ value: String, _ line: Int) -> YAMLScalar {
      YAMLScalar(value: value, mark: SourceMark(line: line, column: 1))
    }
    let spans = YAMLNode.sequence(
      YAMLSequence(items: [scalar("00:00-24:00", 4, 8)], mark: SourceMark(line: 4, column: 7)))
    let week = YAMLNode.mapping(
      YAMLMapping(
        entries: WorkCalendar.weekdayKeys.map { YAMLMapping.Entry(key: key($0, 4), value: spans) },
        mark: SourceMark(line: 4, column: 3)))
    func holiday(_ name: String, _ from: String, _ to: String, _ line: Int) -> YAMLNode {
      .mapping(
        YAMLMapping(
          entries: [
            .init(key: key("name", line), value: scalar(name, line, 10)),
            .init(key: key("from", line), value: scalar(from, line, 20)),
            .init(key: key("to", line), value: scalar(to, line, 40)),
          ], mark: SourceMark(line: line, column: 5)))
    }
    let root = YAMLNode.mapping(
      YAMLMapping(
        entries: [
          .init(key: key("calendar", 1), value: scalar("t", 1, 11)),
          .init(key: key("time_zone", 2), value: scalar("Europe/Berlin", 2, 12)),
          .init(
            key: key("covers", 3),
            value: .mapping(
              YAMLMapping(
                entries: [
                  .init(key: key("from", 3), value: scalar("2024-01-01", 3, 10)),
                  .init(key: key("to", 3), value: scalar("2024-12-31", 3, 30)),
                ], mark: SourceMark(line: 3, column: 9)))),
          .init(key: key("working_hours", 4), value: week),
          .init(
            key: key("holidays", 5),
            value: .sequence(
              YAMLSequence(
                items: [
                  holiday("a", "2024-05-01", "2024-05-05", 6), holiday("b", "2024-05-05", "2024-05-06", 7),
                ],
                mark: SourceMark(line: 6, column: 3)))),
        ], mark: SourceMark(line: 1, column: 1)))
    var diagnostics = DiagnosticBag(path: "t.yaml")
    let document = YAMLDocument(path: "t.yaml", root: root, source: SourceText(path: "t.yaml", text: ""))
    #expect(WorkCalendar.load(document, diagnostics: &diagnostics) == nil)
    #expect(
      diagnostics.items.map(\.description) == [
        "t.yaml:7:5: error: holiday 'b' overlaps holiday 'a' on 2024-05-05"
      ])
  }
}
