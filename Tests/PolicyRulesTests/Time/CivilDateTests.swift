import Testing

@testable import PolicyRules

@Suite struct CivilDateTests {
  @Test func daysSinceEpochAndWeekday() {
    let cases: [(CivilDate, Int, Int)] = [
      (CivilDate(year: 1970, month: 1, day: 1), 0, 4), (CivilDate(year: 1969, month: 12, day: 31), -1, 3),
      (CivilDate(year: 2000, month: 3, day: 1), 11017, 3),
      (CivilDate(year: 2024, month: 9, day: 14), 19980, 6),
      (CivilDate(year: 1600, month: 2, day: 29), -135_081, 2),
      (CivilDate(year: 2100, month: 3, day: 1), 47541, 1),
    ]
    for (date, days, weekday) in cases {
      #expect(date.daysSinceEpoch == days, "\(date)")
      #expect(CivilDate(daysSinceEpoch: days) == date)
      #expect(date.weekday == weekday, "\(date)")
    }
  }

  @Test func roundTripsEveryDayOverCenturies() {
    var previous = CivilDate(daysSinceEpoch: -150_000)
    var failures: [Int] = []
    for days in -149_999...150_000 {
      let date = CivilDate(daysSinceEpoch: days)
      if date.daysSinceEpoch != days || !date.isValid || !(previous < date) { failures.append(days) }
      previous = date
    }
    #expect(failures.isEmpty)
  }

  @Test func addsMonthsClampedToMonthEnd() {
    #expect(
      CivilDate(year: 2024, month: 1, day: 31).adding(months: 1) == CivilDate(year: 2024, month: 2, day: 29))
    #expect(
      CivilDate(year: 2023, month: 1, day: 31).adding(months: 1) == CivilDate(year: 2023, month: 2, day: 28))
    #expect(
      CivilDate(year: 2024, month: 3, day: 31).adding(months: -1) == CivilDate(year: 2024, month: 2, day: 29))
    #expect(
      CivilDate(year: 2024, month: 11, day: 30).adding(months: 3) == CivilDate(year: 2025, month: 2, day: 28))
    #expect(
      CivilDate(year: 2024, month: 1, day: 15).adding(months: -13)
        == CivilDate(year: 2022, month: 12, day: 15))
    #expect(
      CivilDate(year: 2024, month: 12, day: 31).adding(days: 1) == CivilDate(year: 2025, month: 1, day: 1))
  }

  @Test func parsesAndPrintsZeroPadded() {
    #expect(CivilDate.parse("2024-09-14") == CivilDate(year: 2024, month: 9, day: 14))
    #expect(CivilDate.parse("2024-02-29") != nil)
    for bad in [
      "2023-02-29", "2024-9-14", "2024-13-01", "2024-00-10", "24-09-14", "2024/09/14", "2024-09-1x", "",
    ] {
      #expect(CivilDate.parse(bad) == nil, "\(bad)")
    }
    #expect(CivilDate(year: 2024, month: 9, day: 4).description == "2024-09-04")
    #expect(CivilDate(year: 99, month: 1, day: 2).description == "0099-01-02")
  }

  @Test func describesDurations() {
    let minute: Int64 = 60_000
    #expect(DurationText.describe(milliseconds: 0) == "0m")
    #expect(DurationText.describe(milliseconds: 45 * minute) == "45m")
    #expect(DurationText.describe(milliseconds: 125 * minute) == "2h 05m")
    #expect(DurationText.describe(milliseconds: 120 * minute) == "2h")
    #expect(DurationText.describe(milliseconds: (3 * 1440 + 4 * 60 + 30) * minute) == "3d 4h")
    #expect(DurationText.describe(milliseconds: 3 * 1440 * minute) == "3d")
    #expect(DurationText.describe(milliseconds: -90 * minute) == "-1h 30m")
    #expect(DurationText.describe(milliseconds: 30_000) == "30s")
    #expect(DurationText.describe(milliseconds: -250) == "-250ms")
  }

  @Test func formatsUTCTimestamps() {
    #expect(ISO8601Text.utc(Timestamp(milliseconds: 1_726_128_000_000)) == "2024-09-12T08:00:00Z")
    #expect(ISO8601Text.utc(Timestamp(milliseconds: 1_726_128_000_123)) == "2024-09-12T08:00:00.123Z")
    #expect(ISO8601Text.utc(Timestamp(milliseconds: 1_726_128_000_007)) == "2024-09-12T08:00:00.007Z")
    #expect(ISO8601Text.utc(Timestamp(milliseconds: -1)) == "1969-12-31T23:59:59.999Z")
    #expect(
      ISO8601Text.local(Timestamp(milliseconds: 1_726_128_000_000), offsetSeconds: 28_800)
        == "2024-09-12T16:00:00+08:00")
    #expect(
      ISO8601Text.local(Timestamp(milliseconds: 1_726_128_000_000), offsetSeconds: -16_200)
        == "2024-09-12T03:30:00-04:30")
  }
}
