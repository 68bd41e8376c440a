import Testing

@testable import PolicyRules

/// `WorkCalendar.dataGap`: whether a count passed a day outside the holiday data (`covers`,
/// here 2024-01-01 – 2026-12-31), agreeing with the full count's `outsideCalendarData`.
@Suite struct WorkCalendarCoverageTests {
  static let calendar = ChinaReference.officeCalendar()

  static func at(_ text: String) -> Timestamp {
    local(calendar, text)
  }

  @Test(arguments: [
    ("2026-12-30 16:00", PolicyDuration(amount: 2, unit: .workingDays), true),
    ("2026-12-31 10:00", PolicyDuration(amount: 4, unit: .workingHours), false),
    ("2026-12-31 16:00", PolicyDuration(amount: 4, unit: .workingHours), true),
    ("2026-12-30 10:00", PolicyDuration(amount: 1, unit: .nextWorkingDay), false),
    ("2026-12-31 10:00", PolicyDuration(amount: 1, unit: .nextWorkingDay), true),
    ("2023-12-29 10:00", PolicyDuration(amount: 1, unit: .workingDays), true),
    ("2024-09-12 16:00", PolicyDuration(amount: 2, unit: .workingDays), false),
    ("2026-12-30 16:00", PolicyDuration(amount: 72, unit: .hours), false),
    ("2026-12-30 16:00", PolicyDuration(amount: 1, unit: .months), false),
  ])
  func gapAgreesWithTheFullCount(start: String, duration: PolicyDuration, outside: Bool) {
    let t = Self.at(start)
    let due = Self.calendar.due(from: t, adding: duration)
    let gap = Self.calendar.dataGap(from: t, to: due, unit: duration.unit)
    #expect((gap != nil) == outside)
    if duration.unit != .hours && duration.unit != .months {
      #expect(Self.calendar.deadline(from: t, adding: duration).outsideCalendarData == outside)
    }
  }

  @Test func gapNamesTheEndOfTheData() {
    let t = Self.at("2026-12-30 16:00")
    let gap = Self.calendar.dataGap(
      from: t, to: Self.calendar.due(from: t, adding: PolicyDuration(amount: 2, unit: .workingDays)),
      unit: .workingDays)
    #expect(gap?.text(.en) == "calendar cn-workdays data ends 2026-12-31")
    #expect(gap?.text(.zh) == "日历 cn-workdays 节假日数据止于 2026-12-31")
    let before = Self.calendar.dataGap(
      from: Self.at("2023-12-29 10:00"), to: Self.at("2024-01-02 10:00"), unit: .workingDays)
    #expect(before?.text(.en) == "calendar cn-workdays data starts 2024-01-01")
  }

  @Test func calendarWithoutHolidayDataHasNoGap() {
    let plain = WorkCalendar.continuous(timeZoneIdentifier: "Asia/Shanghai")
    #expect(
      plain.dataGap(from: Self.at("2030-01-01 10:00"), to: Self.at("2030-01-05 10:00"), unit: .workingDays)
        == nil)
    #expect(plain.daysOfDataLeft(after: CivilDate(year: 2026, month: 12, day: 6)) == nil)
    #expect(Self.calendar.daysOfDataLeft(after: CivilDate(year: 2026, month: 12, day: 6)) == 25)
  }
}
