/// A civil date without time zone (proleptic Gregorian calendar).
///
/// Arithmetic goes through a day count since 1970-01-01 (Howard Hinnant's days-from-civil
/// algorithm) so that deadline counting never touches Foundation's `Calendar` on hot paths.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  /// A century of days: the longest span a calendar's `covers` or an audit period may have, so
  /// that every loop over the days of either stays in proportion to its input.
  public static let centuryDays = 36_525

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// The date `days` days after 1970-01-01 (negative before it).
  public init(daysSinceEpoch days: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  }

  public static func < (a: CivilDate, b: CivilDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  /// `2024-09-14`
  public var description: String {
    "\(CivilDate.yearText(year))-\(CivilDate.twoDigits(month))-\(CivilDate.twoDigits(day))"
  }

  /// A year as ISO 8601 writes it: four digits (`0005`), with a sign beyond 0000–9999 (`+10000`,
  /// `-0001`, the expanded form). Read timestamps are 0001–9999; only computed times go beyond.
  public static func yearText(_ year: Int) -> String {
    var text = ShortText()
    text.append(year: year)
    return text.string
  }

  /// Days since 1970-01-01 (negative before it).
  public var daysSinceEpoch: Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// ISO weekday: 1 = Monday … 7 = Sunday.
  public var weekday: Int { CivilDate.weekday(daysSinceEpoch: daysSinceEpoch) }

  /// ISO weekday (1 = Monday … 7 = Sunday) of a day count; 1970-01-01 was a Thursday.
  public static func weekday(daysSinceEpoch days: Int) -> Int {
    let mondayBased = (days + 3) % 7
    return (mondayBased < 0 ? mondayBased + 7 : mondayBased) + 1
  }

  public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

  /// The same day of month `months` months later (earlier when negative), clamped to the month's
  /// last day: 2024-01-31 + 1 month = 2024-02-29.
  public func adding(months: Int) -> CivilDate {
    let monthIndex = year * 12 + (month - 1) + months
    let newYear = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
    let newMonth = monthIndex - newYear * 12 + 1
    return CivilDate(
      year: newYear, month: newMonth, day: min(day, CivilDate.daysIn(month: newMonth, year: newYear)))
  }

  /// True for a real calendar date (month 1–12, day within the month).
  public var isValid: Bool {
    (1...12).contains(month) && day >= 1 && day <= CivilDate.daysIn(month: month, year: year)
  }

  public static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Parses `YYYY-MM-DD` (exactly four, two and two ASCII digits); nil for malformed or impossible dates.
  public static func parse(_ text: some StringProtocol) -> CivilDate? {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
    let date = CivilDate(year: year, month: month, day: day)
    return date.isValid ? date : nil
  }

  static func twoDigits(_ value: Int) -> String { value < 10 && value >= 0 ? "0\(value)" : "\(value)" }
}
