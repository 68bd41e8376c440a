import Foundation
import Testing

@testable import PolicyRules

@Suite struct WorkCalendarDeadlineTests {
  let office = ChinaReference.officeCalendar()

  @Test func workedExampleCountsMakeUpSaturday() {
    let result = office.deadline(from: local(office, "2024-09-12 16:00"), adding: duration("2 working days"))
    #expect(utc(result.due) == "2024-09-14T08:00:00Z")
    #expect(result.skippedDays == dates("2024-09-15", "2024-09-16", "2024-09-17"))
    #expect(result.makeUpDays == dates("2024-09-14"))
    #expect(result.outsideCalendarData == false)
    #expect(
      result.explanation(.en, calendar: office)
        == "Thu 2024-09-12 16:00 + 2 working days (calendar cn-workdays): Sep 15–17 off; Sep 14 (Sat) is a make-up working day ⇒ due Sat 2024-09-14 16:00"
    )
    #expect(
      result.explanation(.zh, calendar: office)
        == "2024-09-12 周四 16:00 起算 2 个工作日（日历 cn-workdays）：9月15日–9月17日 休息；9月14日（周六）调休上班 ⇒ 截止 2024-09-14 周六 16:00"
    )
  }

  @Test func workingDaysFromOutsideWorkingTimeStartAtNextOpening() {
    let fromFridayEvening = office.deadline(
      from: local(office, "2024-09-06 20:00"), adding: duration("1 working day"))
    #expect(utc(fromFridayEvening.due) == "2024-09-10T01:00:00Z")  // Tue 09:00
    #expect(fromFridayEvening.skippedDays == dates("2024-09-07", "2024-09-08"))
    #expect(fromFridayEvening.makeUpDays.isEmpty)
    let fromSaturday = office.deadline(from: local(office, "2024-09-07 11:00"), adding: duration("1wd"))
    #expect(utc(fromSaturday.due) == "2024-09-10T01:00:00Z")
    let atClosing = office.deadline(from: local(office, "2024-09-05 18:00"), adding: duration("1wd"))
    #expect(utc(atClosing.due) == "2024-09-09T01:00:00Z")  // Fri 09:00 + 1 ⇒ Mon 09:00
    let atOpening = office.deadline(from: local(office, "2024-09-05 09:00"), adding: duration("1wd"))
    #expect(utc(atOpening.due) == "2024-09-06T01:00:00Z")
    #expect(
      atOpening.explanation(.en, calendar: office)
        == "Thu 2024-09-05 09:00 + 1 working day (calendar cn-workdays) ⇒ due Fri 2024-09-06 09:00")
  }

  @Test func workingHoursSkipNightsWeekendsAndHolidays() {
    func due(_ start: String, _ amount: String) -> DeadlineComputation {
      office.deadline(from: local(office, start), adding: duration(amount))
    }
    #expect(utc(due("2024-09-12 17:00", "2 working hours").due) == "2024-09-13T02:00:00Z")  // Fri 10:00
    #expect(utc(due("2024-09-12 07:00", "1wh").due) == "2024-09-12T02:00:00Z")  // Thu 10:00
    #expect(utc(due("2024-09-12 16:00", "2wh").due) == "2024-09-12T10:00:00Z")  // Thu 18:00, not Fri 09:00
    #expect(utc(due("2024-09-12 17:59:30", "1wh").due) == "2024-09-13T01:59:30Z")

    let overNationalDay = due("2024-09-30 17:30", "1wh")
    #expect(utc(overNationalDay.due) == "2024-10-08T01:30:00Z")  // Tue Oct 8 09:30
    #expect(overNationalDay.skippedDays.count == 7)
    #expect(overNationalDay.skippedDays.first == date("2024-10-01"))
    #expect(overNationalDay.skippedDays.last == date("2024-10-07"))

    let fromMakeUpDay = due("2024-09-14 16:00", "6 working hours")
    #expect(utc(fromMakeUpDay.due) == "2024-09-18T05:00:00Z")  // 2h Sat + 4h Wed ⇒ Wed 13:00
    #expect(fromMakeUpDay.skippedDays == dates("2024-09-15", "2024-09-16", "2024-09-17"))
    #expect(fromMakeUpDay.makeUpDays == dates("2024-09-14"))
    #expect(
      fromMakeUpDay.explanation(.en, calendar: office)
        == "Sat 2024-09-14 16:00 + 6 working hours (calendar cn-workdays): Sep 15–17 off; Sep 14 (Sat) is a make-up working day ⇒ due Wed 2024-09-18 13:00"
    )
  }

  @Test func workingHoursHonourSplitSpans() {
    let lunch = ChinaReference.officeCalendar(
      name: "split",
      spans: [
        WorkCalendar.WorkingSpan(startMinute: 540, endMinute: 720),
        WorkCalendar.WorkingSpan(startMinute: 780, endMinute: 1080),
      ])
    // Thu 11:00 + 2h: 11:00–12:00, lunch, 13:00–14:00.
    #expect(
      utc(lunch.deadline(from: local(lunch, "2024-09-12 11:00"), adding: duration("2wh")).due)
        == "2024-09-12T06:00:00Z")
    // Starting in the lunch break counts from 13:00; keeps that clock for working days.
    #expect(
      utc(lunch.deadline(from: local(lunch, "2024-09-12 12:30"), adding: duration("1wh")).due)
        == "2024-09-12T06:00:00Z")
    #expect(
      utc(lunch.deadline(from: local(lunch, "2024-09-12 12:30"), adding: duration("1wd")).due)
        == "2024-09-13T05:00:00Z")
    #expect(
      lunch.workingMilliseconds(from: local(lunch, "2024-09-12 00:00"), to: local(lunch, "2024-09-13 00:00"))
        == 8 * 3_600_000)
  }

  @Test func sameDayEndsAtLocalMidnight() {
    let result = office.deadline(from: local(office, "2024-09-12 10:00"), adding: duration("same day"))
    #expect(utc(result.due) == "2024-09-12T16:00:00Z")
    #expect(local(office, "2024-09-12 23:59:59") <= result.due)
    #expect(!(local(office, "2024-09-13 00:00:01") <= result.due))
    #expect(
      result.explanation(.en, calendar: office)
        == "Thu 2024-09-12 10:00 + same day (calendar cn-workdays) ⇒ due Thu 2024-09-12 24:00")
    #expect(
      result.explanation(.zh, calendar: office)
        == "2024-09-12 周四 10:00 起算 当天（日历 cn-workdays） ⇒ 截止 2024-09-12 周四 24:00")
  }

  @Test func nextWorkingDayCrossesNationalDay() {
    let result = office.deadline(
      from: local(office, "2024-09-30 10:00"), adding: duration("next working day"))
    #expect(utc(result.due) == "2024-10-08T16:00:00Z")  // end of Tue Oct 8
    #expect(office.civilDate(of: result.due + -1) == date("2024-10-08"))
    #expect(result.skippedDays == (1...7).map { CivilDate(year: 2024, month: 10, day: $0) })
    #expect(
      result.explanation(.en, calendar: office)
        == "Mon 2024-09-30 10:00 + next working day (calendar cn-workdays): Oct 1–7 off ⇒ due Tue 2024-10-08 24:00"
    )
    #expect(
      result.explanation(.zh, calendar: office)
        == "2024-09-30 周一 10:00 起算 下一个工作日（日历 cn-workdays）：10月1日–10月7日 休息 ⇒ 截止 2024-10-08 周二 24:00")

    let onMakeUpSunday = office.deadline(from: local(office, "2024-09-28 10:00"), adding: duration("次日"))
    #expect(utc(onMakeUpSunday.due) == "2024-09-29T16:00:00Z")
    #expect(onMakeUpSunday.makeUpDays == dates("2024-09-29"))
    #expect(onMakeUpSunday.skippedDays.isEmpty)
  }

  @Test func monthsKeepClockTimeAndClampToMonthEnd() {
    #expect(
      utc(office.deadline(from: local(office, "2024-01-31 10:00"), adding: duration("1 month")).due)
        == "2024-02-29T02:00:00Z")
    #expect(
      utc(office.deadline(from: local(office, "2023-01-31 10:00"), adding: duration("1个月")).due)
        == "2023-02-28T02:00:00Z")
    #expect(
      utc(office.deadline(from: local(office, "2024-10-31 23:30"), adding: duration("1 month")).due)
        == "2024-11-30T15:30:00Z")
    #expect(
      utc(office.deadline(from: local(office, "2024-11-15 08:00"), adding: duration("3 months")).due)
        == "2025-02-15T00:00:00Z")
  }

  @Test func fixedUnitsIgnoreCalendar() {
    let start = local(office, "2024-09-14 16:00")
    #expect(office.deadline(from: start, adding: duration("30m")).due == start + 1_800_000)
    #expect(office.deadline(from: start, adding: duration("3d")).due == start + 3 * 86_400_000)
    #expect(office.deadline(from: start, adding: duration("-5m")).due == start + -300_000)
    #expect(office.deadline(from: start, adding: duration("3d")).skippedDays.isEmpty)
  }

  @Test func daylightSavingChangesInNewYorkAndBerlin() {
    let newYork = WorkCalendar.continuous(timeZoneIdentifier: "America/New_York")
    let beforeSpringForward = Timestamp(milliseconds: 1_710_003_600_000)  // Sat 2024-03-09 12:00 EST
    #expect(
      utc(newYork.deadline(from: beforeSpringForward, adding: duration("24h")).due) == "2024-03-10T17:00:00Z")
    #expect(
      utc(newYork.deadline(from: beforeSpringForward, adding: duration("1d")).due) == "2024-03-10T17:00:00Z")
    #expect(
      utc(newYork.deadline(from: beforeSpringForward, adding: duration("24wh")).due) == "2024-03-10T17:00:00Z"
    )
    #expect(
      utc(newYork.deadline(from: beforeSpringForward, adding: duration("1 month")).due)
        == "2024-04-09T16:00:00Z")
    let sundayMorning = newYork.timestamp(of: date("2024-03-10"), minuteOfDay: 600)
    #expect(utc(sundayMorning) == "2024-03-10T14:00:00Z")
    #expect(
      utc(newYork.deadline(from: sundayMorning, adding: duration("same day")).due) == "2024-03-11T04:00:00Z")
    #expect(
      newYork.workingMilliseconds(
        from: newYork.timestamp(of: date("2024-03-10"), minuteOfDay: 0),
        to: newYork.timestamp(of: date("2024-03-11"), minuteOfDay: 0)) == 23 * 3_600_000)
    // 02:30 does not exist on the spring-forward night (read as 03:30 EDT); 01:30 repeats in
    // November (the earlier, EDT, instant).
    #expect(utc(newYork.timestamp(of: date("2024-03-10"), minuteOfDay: 150)) == "2024-03-10T07:30:00Z")
    #expect(utc(newYork.timestamp(of: date("2024-11-03"), minuteOfDay: 90)) == "2024-11-03T05:30:00Z")

    let nineToFive = WorkCalendar.WorkingSpan(startMinute: 540, endMinute: 1020)
    let newYorkOffice = WorkCalendar(
      name: "ny", timeZoneIdentifier: "America/New_York",
      weeklyHours: [[nineToFive], [nineToFive], [nineToFive], [nineToFive], [nineToFive], [], []])
    let fridayAfternoon = newYorkOffice.timestamp(of: date("2024-03-08"), minuteOfDay: 960)
    #expect(utc(fridayAfternoon) == "2024-03-08T21:00:00Z")
    #expect(
      utc(newYorkOffice.deadline(from: fridayAfternoon, adding: duration("1wd")).due)
        == "2024-03-11T20:00:00Z")

    let berlin = WorkCalendar.continuous(timeZoneIdentifier: "Europe/Berlin")
    let beforeFallBack = Timestamp(milliseconds: 1_729_936_800_000)  // Sat 2024-10-26 12:00 CEST
    let plusDay = berlin.deadline(from: beforeFallBack, adding: duration("24h")).due
    #expect(utc(plusDay) == "2024-10-27T10:00:00Z")
    #expect(berlin.minuteOfDay(of: plusDay) == 660)  // 11:00 CET: 24 real hours
    #expect(berlin.civilDate(of: plusDay) == date("2024-10-27"))
    #expect(
      utc(berlin.deadline(from: beforeFallBack, adding: duration("1 month")).due) == "2024-11-26T11:00:00Z")
    #expect(berlin.withTimeZone("Asia/Shanghai").minuteOfDay(of: beforeFallBack) == 18 * 60)
  }

  @Test(arguments: ["America/New_York", "Europe/Berlin", "Asia/Shanghai", "Australia/Lord_Howe"])
  func offsetTableAgreesWithFoundation(_ identifier: String) throws {
    let table = try #require(TimeZoneOffsets.named(identifier))
    let zone = try #require(TimeZone(identifier: identifier))
    var mismatches: [Int64] = []
    var seconds: Int64 = 1_577_836_800  // 2020-01-01
    while seconds < 1_893_456_000 {  // 2030-01-01
      let expected = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))) * 1000
      if table.offsetMilliseconds(atUTC: seconds * 1000) != expected { mismatches.append(seconds) }
      seconds += 6 * 3600 + 1800
    }
    #expect(mismatches.isEmpty)
    #expect(TimeZoneOffsets.named("Mars/Olympus_Mons") == nil)
  }

  /// Around a zone's last change (Shanghai's in 1991, São Paulo's in 2019) conversions take the
  /// shortcut for instants past it: offsets must still agree with Foundation on both sides, and
  /// a local time converts back to its instant.
  @Test(arguments: [
    ("Asia/Shanghai", Int64(504_921_600), Int64(820_454_400)),  // 1986–1996
    ("America/Sao_Paulo", Int64(1_420_070_400), Int64(1_640_995_200)),  // 2015–2022
  ])
  func offsetShortcutAgreesAroundTheLastChange(_ identifier: String, _ from: Int64, _ to: Int64) throws {
    let table = try #require(TimeZoneOffsets.named(identifier))
    let zone = try #require(TimeZone(identifier: identifier))
    var offsetMismatches: [Int64] = []
    var roundTripMismatches: [Int64] = []
    var seconds = from
    while seconds < to {
      let expected = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))) * 1000
      if table.offsetMilliseconds(atUTC: seconds * 1000) != expected { offsetMismatches.append(seconds) }
      // Away from any change (same offset a day either side) a local time names one instant.
      let dayBefore = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds - 86_400))))
      let dayAfter = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds + 86_400))))
      if dayBefore * 1000 == expected && dayAfter * 1000 == expected {
        let local = table.localMilliseconds(fromUTC: seconds * 1000)
        if table.utcMilliseconds(fromLocal: local) != seconds * 1000 { roundTripMismatches.append(seconds) }
      }
      seconds += 5 * 3600 + 1234
    }
    #expect(offsetMismatches.isEmpty)
    #expect(roundTripMismatches.isEmpty)
  }

  @Test func latestStartMirrorsEachUnit() {
    let fixed = office.latestStart(
      before: Timestamp(milliseconds: 1_728_950_400_000), leading: duration("14d"))
    #expect(utc(fixed.due) == "2024-10-01T00:00:00Z")
    #expect(fixed.direction == .backward)

    let workingDay = office.latestStart(
      before: local(office, "2024-10-08 10:00"), leading: duration("1 working day"))
    #expect(utc(workingDay.due) == "2024-09-30T02:00:00Z")
    #expect(workingDay.skippedDays == (1...7).map { CivilDate(year: 2024, month: 10, day: $0) })
    #expect(
      workingDay.explanation(.en, calendar: office)
        == "Tue 2024-10-08 10:00 − 1 working day (calendar cn-workdays): Oct 1–7 off ⇒ latest Mon 2024-09-30 10:00"
    )
    #expect(
      workingDay.explanation(.zh, calendar: office)
        == "2024-10-08 周二 10:00 之前 1 个工作日（日历 cn-workdays）：10月1日–10月7日 休息 ⇒ 最晚 2024-09-30 周一 10:00")

    let beforeOpening = office.latestStart(
      before: local(office, "2024-09-09 08:00"), leading: duration("1wd"))
    #expect(utc(beforeOpening.due) == "2024-09-06T01:00:00Z")  // Fri 09:00
    let month = office.latestStart(before: local(office, "2024-03-31 10:00"), leading: duration("1 month"))
    #expect(utc(month.due) == "2024-02-29T02:00:00Z")
    let hours = office.latestStart(
      before: local(office, "2024-09-09 10:00"), leading: duration("2 working hours"))
    #expect(utc(hours.due) == "2024-09-06T09:00:00Z")  // Fri 17:00
    #expect(hours.skippedDays == dates("2024-09-07", "2024-09-08"))
    let nextDay = office.latestStart(
      before: local(office, "2024-10-08 10:00"), leading: duration("next working day"))
    #expect(utc(nextDay.due) == "2024-09-29T16:00:00Z")  // start of Mon Sep 30
    let sameDay = office.latestStart(before: local(office, "2024-10-08 10:00"), leading: duration("same day"))
    #expect(utc(sameDay.due) == "2024-10-07T16:00:00Z")
    // The make-up Saturday counts backwards too: Wed 09-18 10:00 − 1 working day = Sat 09-14 10:00.
    let overMidAutumn = office.latestStart(
      before: local(office, "2024-09-18 10:00"), leading: duration("1wd"))
    #expect(utc(overMidAutumn.due) == "2024-09-14T02:00:00Z")
    #expect(overMidAutumn.makeUpDays == dates("2024-09-14"))
    #expect(Array(overMidAutumn.skippedDays.suffix(3)) == dates("2024-09-15", "2024-09-16", "2024-09-17"))
  }

  @Test func negativeCalendarAmountsCountBackwards() {
    let start = local(office, "2024-10-08 10:00")
    let forward = office.deadline(from: start, adding: PolicyDuration(amount: -1, unit: .workingDays))
    #expect(forward.due == office.latestStart(before: start, leading: duration("1wd")).due)
  }

  @Test func workingMillisecondsCountsOnlyWorkingSpans() {
    let from = local(office, "2024-09-13 17:00")
    let to = local(office, "2024-09-18 10:00")
    #expect(office.workingMilliseconds(from: from, to: to) == 11 * 3_600_000)  // Fri 1h + Sat 9h + Wed 1h
    #expect(office.workingMilliseconds(from: to, to: from) == 0)
    #expect(office.workingMilliseconds(from: from, to: from) == 0)
    #expect(
      office.workingMilliseconds(
        from: local(office, "2024-09-15 10:00"), to: local(office, "2024-09-17 18:00")) == 0)
  }

  @Test func flagsCountsOutsideHolidayData() {
    let after = office.deadline(from: local(office, "2026-12-31 10:00"), adding: duration("1wd"))
    #expect(utc(after.due) == "2027-01-01T02:00:00Z")
    #expect(after.outsideCalendarData)
    #expect(
      after.explanation(.en, calendar: office).contains(
        "outside the holiday data of the calendar (2024-01-01–2026-12-31)"))
    #expect(
      !office.deadline(from: local(office, "2026-12-29 10:00"), adding: duration("1wd")).outsideCalendarData)
    #expect(
      !office.deadline(from: local(office, "2030-01-01 10:00"), adding: duration("30m")).outsideCalendarData)
    let noData = WorkCalendar.continuous(timeZoneIdentifier: "Asia/Shanghai")
    #expect(
      !noData.deadline(from: local(noData, "2030-01-01 10:00"), adding: duration("1wd")).outsideCalendarData)
  }

  /// `due(from:adding:)` counts without listing the days it passes: it must land where the full
  /// count does, for every unit, over weekends, holidays and make-up days, from inside and outside
  /// working time, and for negative amounts (counted backwards).
  @Test func dueAloneEqualsTheFullCount() {
    let starts = [
      "2024-09-12 16:00", "2024-09-13 17:30", "2024-09-14 08:00", "2024-09-14 12:00", "2024-09-15 10:00",
      "2024-09-30 17:59", "2024-10-07 23:59", "2024-02-09 18:00", "2024-12-31 20:00", "2026-12-30 17:00",
    ]
    let amounts: [PolicyDuration] = [
      .init(amount: 0, unit: .minutes), .init(amount: 90, unit: .minutes), .init(amount: 2, unit: .hours),
      .init(amount: 1, unit: .days), .init(amount: 1, unit: .weeks), .init(amount: 1, unit: .months),
      .init(amount: -1, unit: .months), .init(amount: 0, unit: .sameDay),
      .init(amount: 1, unit: .nextWorkingDay),
      .init(amount: 2, unit: .nextWorkingDay), .init(amount: 1, unit: .workingHours),
      .init(amount: 4, unit: .workingHours), .init(amount: 8, unit: .workingHours),
      .init(amount: 27, unit: .workingHours), .init(amount: 1, unit: .workingDays),
      .init(amount: 2, unit: .workingDays), .init(amount: 10, unit: .workingDays),
      .init(amount: -3, unit: .workingHours), .init(amount: -2, unit: .workingDays),
      .init(amount: -1, unit: .nextWorkingDay),
    ]
    var compared = 0
    for start in starts {
      for amount in amounts {
        let from = local(office, start)
        let full = office.deadline(from: from, adding: amount)
        #expect(office.due(from: from, adding: amount) == full.due, "\(start) + \(amount)")
        compared += 1
      }
    }
    #expect(compared == starts.count * amounts.count)
    // A count over the Mid-Autumn make-up Saturday lists days; the due time alone is the same instant.
    let overMakeUp = office.deadline(
      from: local(office, "2024-09-12 16:00"), adding: duration("2 working days"))
    #expect(!overMakeUp.skippedDays.isEmpty && !overMakeUp.makeUpDays.isEmpty)
    #expect(
      office.due(from: local(office, "2024-09-12 16:00"), adding: duration("2 working days"))
        == overMakeUp.due)
    #expect(utc(overMakeUp.due) == "2024-09-14T08:00:00Z")
  }

  @Test func workingDayTableMatchesReference() {
    #expect(office.isWorkingDay(date("2024-02-04")))  // Sunday make-up day
    #expect(office.isWorkingDay(date("2026-02-14")))  // Saturday make-up day
    #expect(!office.isWorkingDay(date("2025-10-08")))  // Wednesday holiday
    #expect(!office.isWorkingDay(date("2024-09-15")))
    #expect(office.isWorkingDay(date("2027-01-04")))  // outside data: weekly hours
    #expect(!office.isWorkingDay(date("2027-01-02")))
  }
}

@Suite struct WorkCalendarRobustnessTests {
  @Test func absurdInstantsAndAmountsDoNotTrap() {
    let office = ChinaReference.officeCalendar()
    let extremes = [Int64.max, Int64.min, 0, -62_135_596_800_000].map(Timestamp.init(milliseconds:))
    let durations = ["1000000w", "-1000000w", "1000000 months", "same day", "next working day", "6wh", "2wd"]
    for instant in extremes {
      for text in durations {
        _ = office.deadline(from: instant, adding: duration(text))
        _ = office.latestStart(before: instant, leading: duration(text))
      }
      _ = office.civilDate(of: instant)
      _ = ISO8601Text.utc(instant)
    }
    #expect(
      office.deadline(from: Timestamp(milliseconds: Int64.max - 5), adding: duration("1w")).due.milliseconds
        == Int64.max)
    // Long counts finish: 100,000 working days is about four centuries of weekdays.
    let far = office.deadline(
      from: local(office, "2024-09-12 16:00"), adding: duration("100000 working days"))
    #expect((2350...2450).contains(office.civilDate(of: far.due).year))
  }

  @Test func oddDurationTextNeverCrashesAndPointsInside() {
    let inputs = [
      "-", "+", "--5m", "5", "5 ", " 5 m ", "个", "5个", "５m", "5m5m", "same", "next", "½h", "\u{0}",
      "9223372036854775808m",
    ]
    for text in inputs {
      switch PolicyDuration.parse(text) {
      case .success(let duration): #expect(duration.unit == .minutes, "\(text)")
      case .failure(let error):
        #expect(error.offset >= 0 && error.offset <= text.unicodeScalars.count, "\(text)")
      }
    }
  }
}
