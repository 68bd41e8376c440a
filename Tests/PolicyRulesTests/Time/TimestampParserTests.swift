import Foundation
import Testing

@testable import PolicyRules

@Suite struct TimestampParserTests {
  /// 2024-09-12T00:00:00Z in milliseconds.
  let day = Int64(1_726_099_200_000)
  let hour = Timestamp.millisecondsPerHour

  func parse(_ text: String, _ format: TimestampFormat = .auto, zone: String = "Asia/Shanghai") -> Int64? {
    var parser = TimestampParser(format: format, timeZone: TimeZone(identifier: zone)!)
    return parser.parse(text)?.milliseconds
  }

  @Test func isoShapesWithAndWithoutOffsets() {
    #expect(parse("2024-09-12T08:00:00Z") == day + 8 * hour)
    #expect(parse("2024-09-12T08:00:00+08:00") == day)
    #expect(parse("2024-09-12 08:00:00-0130") == day + 8 * hour + 90 * 60_000)
    #expect(parse("2024-09-12T08:00Z") == day + 8 * hour)
    #expect(parse("2024-09-12T08:00:00.25Z") == day + 8 * hour + 250)
    #expect(parse("2024-09-12T08:00:00,123456Z") == day + 8 * hour + 123)
  }

  @Test func localTimesUseTheDatasetZone() {
    #expect(parse("2024-09-12 08:00") == day)
    #expect(parse("2024/09/12 08:00:00.500") == day + 500)
    #expect(parse("2024-09-12") == day - 8 * hour)
    #expect(parse("2024年9月12日 8:00") == day)
    #expect(parse(" 2024-9-12 8:00 ") == day)
  }

  @Test func epochAndPatterns() {
    #expect(parse("1726099200", .epochSeconds) == day)
    #expect(parse("1726099200.5", .epochSeconds) == day + 500)
    #expect(parse("1726099200000", .epochMilliseconds) == day)
    #expect(parse("12/09/2024 08h00", .pattern("%d/%m/%Y %Hh%M")) == day)
    #expect(parse("2024-09-12T08:00:00+0800", .pattern("%FT%T%z")) == day)
    #expect(parse("2024-09-12 08:00", .pattern("%Y/%m/%d %H:%M")) == nil)
  }

  @Test func invalidDatesAreRejected() {
    #expect(parse("2024-13-01 10:00") == nil)
    #expect(parse("2023-02-29") == nil)
    #expect(parse("2024-02-29") != nil)
    #expect(parse("2024-09-12 24:00") == nil)
    #expect(parse("2024-09-12 10:60") == nil)
    #expect(parse("2024-09-12x") == nil)
    #expect(parse("yesterday") == nil)
  }

  @Test func daylightSavingGapShiftsForwardAndOverlapTakesFirstOccurrence() {
    // New York 2024-03-10: 02:00 EST → 03:00 EDT (07:00Z). 2024-11-03: 02:00 EDT → 01:00 EST (06:00Z).
    let march10 =
      Int64(CivilDate(year: 2024, month: 3, day: 10).daysSinceEpoch) * Timestamp.millisecondsPerDay
    let november3 =
      Int64(CivilDate(year: 2024, month: 11, day: 3).daysSinceEpoch) * Timestamp.millisecondsPerDay
    let zone = "America/New_York"
    #expect(parse("2024-03-10 01:30", zone: zone) == march10 + 6 * hour + hour / 2)  // EST
    #expect(parse("2024-03-10 02:30", zone: zone) == march10 + 7 * hour + hour / 2)  // gap ⇒ 03:30 EDT
    #expect(parse("2024-03-10 10:00", zone: zone) == march10 + 14 * hour)  // EDT
    #expect(parse("2024-11-03 01:30", zone: zone) == november3 + 5 * hour + hour / 2)  // first (EDT)
    #expect(parse("2024-11-03 03:00", zone: zone) == november3 + 8 * hour)  // EST
  }
}

/// The fixed-position reading of `%Y-%m-%d %H:%M:%S` agrees with the general pattern walk.
@Suite struct FixedDateTimeTests {
  @Test func fixedShapeAgreesWithThePatternWalk() {
    let pattern = TimestampParser.compile("%Y-%m-%d %H:%M:%S")
    #expect(pattern == TimestampParser.dateTimePattern)
    #expect(TimestampParser.compile("%F %T") == TimestampParser.dateTimePattern)
    let texts = [
      "2024-01-01 16:08:21", "2024-02-29 23:59:59", "2023-02-29 10:00:00", "2024-13-01 00:00:00",
      "2024-1-01 16:08:21", "2024-01-01  16:08:21", "2024-01-01 6:08:21", "2024/01/01 16:08:21",
      "2024-01-01 16:08:2x", "2024-01-01T16:08:21", "2024-01-01 16:08:21 ", "20a4-01-01 16:08:21",
      "2024-01-01 16:60:21", "2024-01-01 24:00:00", "2024-0:-01 16:08:21", "2024-01-01 16:08:/1",
    ]
    for text in texts {
      let bytes = Array(text.utf8)
      let fixed = bytes.withUnsafeBufferPointer { TimestampParser.parseFixedDateTime($0) }
      let walked = bytes.withUnsafeBufferPointer { TimestampParser.parse($0, pattern: pattern) }
      if let fixed {
        #expect(walked != nil, "\(text)")
        #expect(fixed.year == walked?.year && fixed.month == walked?.month && fixed.day == walked?.day)
        #expect(
          fixed.hour == walked?.hour && fixed.minute == walked?.minute && fixed.second == walked?.second)
      }
    }
    let read = Array("2024-02-29 23:59:58".utf8).withUnsafeBufferPointer {
      TimestampParser.parseFixedDateTime($0)
    }
    #expect(read?.year == 2024 && read?.month == 2 && read?.day == 29)
    #expect(read?.hour == 23 && read?.minute == 59 && read?.second == 58)
    // Not the fixed shape: left to the walk.
    for text in ["2024-1-01 16:08:21", "2024-01-01  16:08:2", "2024-0:-01 16:08:21", "2024-01-01 16:08:/1"] {
      #expect(
        Array(text.utf8).withUnsafeBufferPointer { TimestampParser.parseFixedDateTime($0) } == nil, "\(text)")
    }
  }

  @Test func bothShapesGiveTheSameInstant() {
    let zone = TimeZone(identifier: "Asia/Shanghai")!
    var parser = TimestampParser(format: .pattern("%Y-%m-%d %H:%M:%S"), timeZone: zone)
    // 2024-01-01 16:08:21 +08:00 = 1704096501 s.
    #expect(parser.parse("2024-01-01 16:08:21")?.milliseconds == 1_704_096_501_000)
    #expect(parser.parse("2024-1-1 16:08:21")?.milliseconds == 1_704_096_501_000)
    #expect(parser.parse("2024-01-01  16:08:21")?.milliseconds == 1_704_096_501_000)
    #expect(parser.parse("2024-02-30 16:08:21") == nil)
    #expect(parser.parse("2024-01-01 16:08:2x") == nil)
  }

  /// A parser reused along a column (dates cached) reads every cell as a fresh parser does:
  /// across days, with bad clocks on a cached date, and on DST days (never cached).
  @Test func cachedDatesReadLikeAFreshParser() {
    /// 2024-09-12T00:00:00Z.
    let day = Int64(1_726_099_200_000)
    let hour = Timestamp.millisecondsPerHour
    func parse(_ text: String, _ format: TimestampFormat, zone: String) -> Int64? {
      var parser = TimestampParser(format: format, timeZone: TimeZone(identifier: zone)!)
      return parser.parse(text)?.milliseconds
    }
    let cells = [
      "2024-09-12 08:00:00", "2024-09-12 23:59:59", "2024-09-12 00:00:00", "2024-09-12 24:00:00",
      "2024-09-12 12:60:00", "2024-09-12 12:00:60", "2024-09-12 1a:00:00", "2024-09-12 12-00:00",
      "2024-09-12  8:00:00", "2024-09-12 8:00:00", "2024-09-13 08:00:00", "2024-09-12 08:00:01",
      "2024-02-30 08:00:00", "2024-02-29 08:00:00", "2024-03-10 02:30:00", "2024-03-10 01:59:59",
      "2024-03-10 03:00:00", "2024-11-03 01:30:00", "2024-11-03 01:30:00", "2024-11-04 01:30:00",
      "2024-11-04 25:30:00", " 2024-11-04 01:30:00", "2024-11-04 01:30:00 ",
    ]
    let pattern = TimestampFormat.pattern("%Y-%m-%d %H:%M:%S")
    for zone in ["Asia/Shanghai", "America/New_York"] {
      var reused = TimestampParser(format: pattern, timeZone: TimeZone(identifier: zone)!)
      for cell in cells + cells.reversed() {
        #expect(reused.parse(cell)?.milliseconds == parse(cell, pattern, zone: zone), "\(zone) '\(cell)'")
      }
    }
    var shanghai = TimestampParser(format: pattern, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    #expect(shanghai.parse("2024-09-12 08:00:00")?.milliseconds == day)
    let expected: Int64 = day + hour + 30 * 60_000 + 15_000
    #expect(shanghai.parse("2024-09-12 09:30:15")?.milliseconds == expected)
    #expect(shanghai.parse("2024-09-12 24:00:00") == nil)
  }
}

/// One parser reads event times (a column's `TimestampParser`, dates cached) and time text in
/// fields, examples and `--as-of` (`TimestampParser.instant`): every accepted shape, both ways.
@Suite struct OneTimestampReaderTests {
  /// 2024-01-01T12:00:00Z.
  let noon = Int64(1_704_110_400_000)
  let hour = Timestamp.millisecondsPerHour

  /// The instant both ways (they must agree), local times in Shanghai.
  func read(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Int64? {
    let zone = TimeZoneOffsets.named("Asia/Shanghai")!
    var column = TimestampParser(format: .auto, zone: zone)
    let asEvent = column.parse(text)?.milliseconds
    let asField = TimestampParser.instant(text, zone: zone)?.milliseconds
    #expect(
      asEvent == asField,
      "'\(text)': event \(String(describing: asEvent)), field \(String(describing: asField))",
      sourceLocation: sourceLocation)
    return asField
  }

  @Test func fractionsOfOneToNineDigitsReadToTheMillisecond() {
    #expect(read("2024-01-01T12:00:00.1Z") == noon + 100)
    #expect(read("2024-01-01T12:00:00.02Z") == noon + 20)
    #expect(read("2024-01-01T12:00:00.020Z") == noon + 20)
    #expect(read("2024-01-01T12:00:00.0209Z") == noon + 20)
    #expect(read("2024-01-01T12:00:00.12345Z") == noon + 123)
    #expect(read("2024-01-01T12:00:00.999999Z") == noon + 999)
    #expect(read("2024-01-01T12:00:00.1234567Z") == noon + 123)
    #expect(read("2024-01-01T12:00:00.12345678Z") == noon + 123)
    #expect(read("2024-01-01T12:00:00.123456789Z") == noon + 123)
    #expect(read("2024-01-01T12:00:00,5Z") == noon + 500)
    #expect(read("2024-01-01T12:00:00.1234567890Z") == nil)
    #expect(read("2024-01-01T12:00:00.Z") == nil)
  }

  @Test func offsetsAreTheInstantTheyName() {
    #expect(read("2024-01-01T12:00:00Z") == noon)
    #expect(read("2024-01-01T12:00:00z") == noon)
    #expect(read("2024-01-01 12:00:00+00:00") == noon)
    #expect(read("2024-01-01 20:00:00+08:00") == noon)
    #expect(read("2024-01-01 20:00:00+0800") == noon)
    #expect(read("2024-01-01 20:00:00+08") == noon)
    #expect(read("2024-01-01 06:30:00-05:30") == noon)
    #expect(read("2024-01-01 06:30:00-0530") == noon)
    #expect(read("2024-01-01 12:00:00.000+00:00") == noon)
    #expect(read("2024-01-01 12:00:00.020+00:00") == noon + 20)
    #expect(read("2024-01-01 12:00 Z") == noon)
    #expect(read("2024-01-01 12:00:00+15:00") == nil)
    #expect(read("2024-01-01 12:00:00+08:60") == nil)
    #expect(read("2024-01-01 12:00:00 UTC") == nil)
  }

  @Test func localShapesAreReadInTheZone() {
    #expect(read("2024-01-01 20:00:00") == noon)
    #expect(read("2024-01-01T20:00:00") == noon)
    #expect(read("2024-01-01 20:00") == noon)
    #expect(read("2024-01-01T20:00") == noon)
    #expect(read("2024-01-01 20:00:00.250") == noon + 250)
    #expect(read("2024/01/01 20:00:00.000") == noon)
    #expect(read("2024.1.1 20:00") == noon)
    #expect(read("2024-01-01") == noon - 20 * hour)
    #expect(read("2024年1月1日 20:00") == noon)
    #expect(read("2024年1月1日") == noon - 20 * hour)
    #expect(read("  2024-01-01 20:00  ") == noon)
    #expect(read("2024-01-01 20:00:00 +08:00") == noon)
  }

  @Test func yearsOutsideOneToNineThousandNineHundredNinetyNineAreNoTimestamps() {
    #expect(read("0000-01-01 00:00") == nil)
    #expect(read("0000-06-01T00:00:00Z") == nil)
    #expect(read("0001-01-01T00:00:00Z") == TimestampParser.earliest.milliseconds)
    // Local midnight of 0001-01-01 in Shanghai is still year 0 in UTC.
    #expect(read("0001-01-01 00:00") == nil)
    // The last instant of 9999 in UTC is already 10000 in Shanghai: no time prints a fifth digit.
    #expect(read("9999-12-31T23:59:59.999Z") == nil)
    #expect(read("9999-12-31 23:59:59.999") == TimestampParser.latest.milliseconds - 8 * hour)
    #expect(read("9999-12-31T15:59:59.999Z") == TimestampParser.latest.milliseconds - 8 * hour)
    #expect(
      TimestampParser.instant("9999-12-31T23:59:59.999Z", zone: .utc) == TimestampParser.latest)
    #expect(TimestampParser.instant("9999-12-31 23:59:59-01:00", zone: .utc) == nil)
    #expect(read("10000-01-01") == nil)
    #expect(ISO8601Text.utc(TimestampParser.earliest) == "0001-01-01T00:00:00Z")
    #expect(ISO8601Text.utc(TimestampParser.latest) == "9999-12-31T23:59:59.999Z")
  }

  @Test func epochValuesOutsideTheRangeAreRejectedNotTrapped() {
    func epoch(_ text: String, _ format: TimestampFormat) -> Int64? {
      var parser = TimestampParser(format: format, zone: .utc)
      return parser.parse(text)?.milliseconds
    }
    for text in ["1e16", "1e300", "-1e300", "9223372036854775807", "-9223372036854775808", "1e400"] {
      #expect(epoch(text, .epochSeconds) == nil, "\(text)")
      #expect(epoch(text, .epochMilliseconds) == nil, "\(text)")
      var parser = TimestampParser(format: .epochSeconds, zone: .utc)
      var bytes = text
      // 1e400 is no number at all (beyond a Double): a plain bad timestamp, not an out-of-range one.
      let problem = text == "1e400" ? nil : "outside years 0001-9999"
      #expect(bytes.withUTF8 { parser.problem($0) } == problem, "\(text)")
      _ = parser.parse(text)
    }
    #expect(epoch("253402300799.999", .epochSeconds) == TimestampParser.latest.milliseconds)
    #expect(epoch("253402300800", .epochSeconds) == nil)
    #expect(epoch("-62135596800000", .epochMilliseconds) == TimestampParser.earliest.milliseconds)
    #expect(epoch("-62135596800001", .epochMilliseconds) == nil)
  }

  /// Cached dates of a column never let a time outside the range through.
  @Test func cachedDatesStayInsideTheRange() {
    var column = TimestampParser(format: .pattern("%Y-%m-%d %H:%M:%S"), zone: .utc)
    #expect(column.parse("9999-12-31 23:59:59")?.milliseconds == TimestampParser.latest.milliseconds - 999)
    #expect(column.parse("9999-12-31 00:00:00") != nil)
    var shanghai = TimestampParser(
      format: .pattern("%Y-%m-%d %H:%M:%S"), zone: TimeZoneOffsets.named("Asia/Shanghai")!)
    #expect(shanghai.parse("0001-01-01 07:00:00") == nil)
    #expect(shanghai.parse("0001-01-01 09:00:00") != nil)
    #expect(shanghai.parse("0001-01-01 07:00:00") == nil)
  }
}
