import PolicyRules
import Testing

@testable import Checker

@Suite struct ReportClockTests {
  @Test func printsLocalMinutesInTheGivenZone() {
    // 2024-09-12T08:00:00Z.
    let t = Timestamp(seconds: 1_726_128_000)
    #expect(ReportClock(timeZoneIdentifier: "Asia/Shanghai").minuteText(t) == "2024-09-12 16:00")
    #expect(ReportClock(timeZoneIdentifier: "UTC").minuteText(t) == "2024-09-12 08:00")
    // New York is on daylight time (UTC-4) in September.
    #expect(ReportClock(timeZoneIdentifier: "America/New_York").minuteText(t) == "2024-09-12 04:00")
    // Unknown zones fall back to UTC rather than the process zone.
    #expect(ReportClock(timeZoneIdentifier: "Nowhere/Else").minuteText(t) == "2024-09-12 08:00")
  }

  @Test func handlesDayAndYearBoundariesAndNegativeInstants() {
    // 2023-12-31T16:00:00Z is 2024-01-01 00:00 in Shanghai.
    #expect(
      ReportClock(timeZoneIdentifier: "Asia/Shanghai").minuteText(Timestamp(seconds: 1_704_038_400))
        == "2024-01-01 00:00")
    // One millisecond before the epoch.
    #expect(
      ReportClock(timeZoneIdentifier: "UTC").minuteText(Timestamp(milliseconds: -1)) == "1969-12-31 23:59")
    #expect(ReportClock.utcText(Timestamp(milliseconds: 1_726_128_000_005)) == "2024-09-12T08:00:00.005Z")
    #expect(ReportClock.utcText(Timestamp(seconds: 951_782_400)) == "2000-02-29T00:00:00Z")
  }

  @Test func civilMathRoundTripsAndNamesISOWeeks() {
    for days in [-800_000, -1, 0, 59, 10_957, 19_723, 2_932_896] {
      #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
    }
    #expect(CivilDate(year: 2024, month: 9, day: 12).weekday == 4)
    #expect(CivilDate(year: 2024, month: 9, day: 15).weekday == 7)
    #expect(CivilMath.isoWeekLabel(CivilDate(year: 2024, month: 9, day: 12)) == "2024-W37")
    // 2024-12-30 (Monday) belongs to week 1 of 2025; 2021-01-03 (Sunday) to week 53 of 2020.
    #expect(CivilMath.isoWeekLabel(CivilDate(year: 2024, month: 12, day: 30)) == "2025-W01")
    #expect(CivilMath.isoWeekLabel(CivilDate(year: 2021, month: 1, day: 3)) == "2020-W53")
  }

  @Test func percentTextRoundsByIntegerArithmetic() {
    #expect(ReportFacts.percentText(nil) == "—")
    #expect(ReportFacts.percentText(16.0 / 19.0) == "84.2%")
    #expect(ReportFacts.percentText(1) == "100.0%")
    #expect(ReportFacts.percentText(0.0025, decimals: 2) == "0.25%")
    #expect(ReportFacts.percentText(0.012, decimals: 0) == "1%")
  }
}
