import Foundation
import PolicyRules

/// Converts local civil times (no offset written) to instants in one time zone.
///
/// Offsets come from Foundation's `TimeZone.secondsFromGMT(for:)` and are cached per local day,
/// so a million timestamps cost a few hundred zone look-ups. Around a DST change:
/// - a local time that does not exist (spring forward gap) is shifted forward by the gap
///   (02:30 in a 02:00→03:00 gap reads as 03:30), as most spreadsheets and databases do;
/// - an ambiguous local time (fall back) is read as its first occurrence (the earlier instant).
public struct LocalTimeConverter {
  public let timeZone: TimeZone
  private var offsetsByDay: [Int64: DayOffsets] = [:]
  private var lastDay: Int64 = .min
  private var lastOffsets = DayOffsets(before: 0, after: 0)

  /// The offsets (seconds) just before and just after a local day; equal on days without a change.
  private struct DayOffsets {
    var before: Int
    var after: Int
  }

  public init(timeZone: TimeZone) { self.timeZone = timeZone }

  /// The instant of a local time given as milliseconds since 1970-01-01T00:00 local.
  public mutating func instant(localMilliseconds local: Int64) -> Timestamp {
    let day = Self.floorDivide(local, Timestamp.millisecondsPerDay)
    let offsets = dayOffsets(day)
    if offsets.before == offsets.after {
      return Timestamp(milliseconds: local - Int64(offsets.before) * 1000)
    }
    let early = local - Int64(offsets.before) * 1000
    let late = local - Int64(offsets.after) * 1000
    let earlyMatches = offset(atMilliseconds: early) == offsets.before
    let lateMatches = offset(atMilliseconds: late) == offsets.after
    switch (earlyMatches, lateMatches) {
    case (true, true): return Timestamp(milliseconds: min(early, late))  // ambiguous: first occurrence
    case (true, false): return Timestamp(milliseconds: early)
    case (false, true): return Timestamp(milliseconds: late)
    case (false, false): return Timestamp(milliseconds: early)  // gap: shift forward by its length
    }
  }

  /// The offset (seconds east of UTC) of the whole local day starting at `local` (milliseconds
  /// since 1970-01-01T00:00 local), or nil when the offset changes that day.
  public mutating func uniformOffset(localMilliseconds local: Int64) -> Int? {
    let offsets = dayOffsets(Self.floorDivide(local, Timestamp.millisecondsPerDay))
    return offsets.before == offsets.after ? offsets.before : nil
  }

  private mutating func dayOffsets(_ day: Int64) -> DayOffsets {
    if day == lastDay { return lastOffsets }
    let offsets: DayOffsets
    if let cached = offsetsByDay[day] {
      offsets = cached
    } else {
      // A window wider than any UTC offset (±14 h) around the local day.
      let start = day * Timestamp.millisecondsPerDay
      offsets = DayOffsets(
        before: offset(atMilliseconds: start - Timestamp.millisecondsPerDay),
        after: offset(atMilliseconds: start + 2 * Timestamp.millisecondsPerDay))
      offsetsByDay[day] = offsets
    }
    lastDay = day
    lastOffsets = offsets
    return offsets
  }

  private func offset(atMilliseconds ms: Int64) -> Int {
    timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))
  }

  static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let m = Int64(month)
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
