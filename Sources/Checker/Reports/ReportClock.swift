import Foundation
import PolicyRules

/// Prints instants as local civil time in one zone, e.g. `2024-09-12 16:00`.
///
/// Only the zone's UTC offset comes from Foundation (`TimeZone.secondsFromGMT(for:)`); the
/// civil-date arithmetic is our own, so the text never depends on the process's locale or zone.
struct ReportClock: Sendable {
  let timeZoneIdentifier: String
  private let timeZone: TimeZone?

  init(timeZoneIdentifier: String) {
    self.timeZoneIdentifier = timeZoneIdentifier
    self.timeZone = TimeZone(identifier: timeZoneIdentifier)
  }

  /// Seconds east of UTC at `t`; 0 for an unknown zone identifier.
  func offsetSeconds(at t: Timestamp) -> Int {
    guard let timeZone else { return 0 }
    let seconds = Double(CivilMath.floorDivide(t.milliseconds, 1000))
    return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))
  }

  /// The local civil date and minute of day of `t`.
  func civil(_ t: Timestamp) -> (date: CivilDate, minuteOfDay: Int) {
    let localSeconds = CivilMath.floorDivide(t.milliseconds, 1000) + Int64(offsetSeconds(at: t))
    let days = CivilMath.floorDivide(localSeconds, 86_400)
    let secondOfDay = localSeconds - days * 86_400
    return (CivilMath.civilDate(daysSinceEpoch: days), Int(secondOfDay / 60))
  }

  /// `2024-09-12 16:00`
  func minuteText(_ t: Timestamp) -> String {
    let (date, minute) = civil(t)
    return "\(CivilMath.dateText(date)) \(CivilMath.pad2(minute / 60)):\(CivilMath.pad2(minute % 60))"
  }

  /// `2024-09-12`
  func dateText(_ t: Timestamp) -> String { CivilMath.dateText(civil(t).date) }

  /// `2024-09-12T08:00:00Z` (milliseconds only when non-zero): zone-free text for machine formats.
  static func utcText(_ t: Timestamp) -> String {
    let seconds = CivilMath.floorDivide(t.milliseconds, 1000)
    let millis = t.milliseconds - seconds * 1000
    let days = CivilMath.floorDivide(seconds, 86_400)
    let secondOfDay = Int(seconds - days * 86_400)
    let date = CivilMath.dateText(CivilMath.civilDate(daysSinceEpoch: days))
    let time =
      "\(CivilMath.pad2(secondOfDay / 3600)):\(CivilMath.pad2(secondOfDay / 60 % 60)):\(CivilMath.pad2(secondOfDay % 60))"
    let fraction = millis == 0 ? "" : "." + String(String(millis + 1000).dropFirst())
    return "\(date)T\(time)\(fraction)Z"
  }
}

/// Proleptic Gregorian arithmetic on day numbers (days since 1970-01-01).
enum CivilMath {
  static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  /// Howard Hinnant's `civil_from_days`.
  static func civilDate(daysSinceEpoch days: Int64) -> CivilDate {
    let z = days + 719_468
    let era = floorDivide(z, 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return CivilDate(year: Int(year), month: Int(month), day: Int(day))
  }

  /// Howard Hinnant's `days_from_civil`.
  static func daysSinceEpoch(_ date: CivilDate) -> Int64 {
    let y = Int64(date.month <= 2 ? date.year - 1 : date.year)
    let era = floorDivide(y, 400)
    let yearOfEra = y - era * 400
    let m = Int64(date.month)
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(date.day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// ISO weekday: Monday 1 … Sunday 7.
  static func isoWeekday(_ date: CivilDate) -> Int {
    let days = daysSinceEpoch(date)
    // 1970-01-01 was a Thursday (4).
    let shifted = days + 3
    return Int(shifted - floorDivide(shifted, 7) * 7) + 1
  }

  /// ISO 8601 week label, e.g. `2024-W37`.
  static func isoWeekLabel(_ date: CivilDate) -> String {
    let thursday = daysSinceEpoch(date) + Int64(4 - isoWeekday(date))
    let thursdayDate = civilDate(daysSinceEpoch: thursday)
    let januaryFirst = daysSinceEpoch(CivilDate(year: thursdayDate.year, month: 1, day: 1))
    let week = (thursday - januaryFirst) / 7 + 1
    return "\(thursdayDate.year)-W\(pad2(Int(week)))"
  }

  /// `2024-09`
  static func monthLabel(_ date: CivilDate) -> String { "\(date.year)-\(pad2(date.month))" }

  /// `2024-09-14`, zero-padded (unlike `CivilDate.description`).
  static func dateText(_ date: CivilDate) -> String {
    "\(date.year)-\(pad2(date.month))-\(pad2(date.day))"
  }

  static func pad2(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : "\(n)" }
}
