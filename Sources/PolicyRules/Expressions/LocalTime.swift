import Foundation

/// The civil date and hour of an instant in a named time zone, for `hour(t)` and `date(t)`.
struct LocalTime {
  var year: Int
  var month: Int
  var day: Int
  var hour: Int

  /// Nil when the zone identifier is unknown or the instant is out of range.
  init?(_ timestamp: Timestamp, timeZoneIdentifier: String) {
    guard let zone = TimeZoneCache.shared.zone(timeZoneIdentifier) else { return nil }
    let date = Date(timeIntervalSince1970: Double(timestamp.milliseconds) / 1000)
    let (local, overflow) = timestamp.milliseconds.addingReportingOverflow(
      Int64(zone.secondsFromGMT(for: date)) * 1000)
    guard !overflow else { return nil }
    let dayNumber = Self.floorDivide(local, Timestamp.millisecondsPerDay)
    hour = Int((local - dayNumber * Timestamp.millisecondsPerDay) / Timestamp.millisecondsPerHour)
    (year, month, day) = Self.civil(fromDaysSinceEpoch: dayNumber)
  }

  /// `2024-09-12`
  var dateText: String {
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value.magnitude)
      return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
  }

  private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
  }

  /// Proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's `civil_from_days`).
  private static func civil(fromDaysSinceEpoch days: Int64) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = floorDivide(z, 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (Int(year), Int(month), Int(day))
  }
}

/// Time zones by identifier, looked up once: `TimeZone(identifier:)` reads the zone database.
final class TimeZoneCache: @unchecked Sendable {
  static let shared = TimeZoneCache()
  private let lock = NSLock()
  private var zones: [String: TimeZone?] = [:]

  func zone(_ identifier: String) -> TimeZone? {
    lock.lock()
    defer { lock.unlock() }
    if let cached = zones[identifier] { return cached }
    let zone = TimeZone(identifier: identifier)
    zones[identifier] = zone
    return zone
  }
}
