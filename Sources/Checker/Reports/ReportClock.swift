import PolicyRules

/// Prints instants as local civil time in one zone, e.g. `2024-09-12 16:00`.
///
/// The zone's UTC offsets come from the same `TimeZoneOffsets` tables as deadlines, and the
/// civil-date arithmetic from `CivilDate`, so the text never depends on the process's locale or zone.
struct ReportClock: Sendable {
  let timeZoneIdentifier: String
  private let zone: TimeZoneOffsets

  init(timeZoneIdentifier: String) {
    self.timeZoneIdentifier = timeZoneIdentifier
    // Unknown zones fall back to UTC rather than the process zone.
    self.zone = TimeZoneOffsets.named(timeZoneIdentifier) ?? .utc
  }

  /// Seconds east of UTC at `t`; 0 for an unknown zone identifier.
  func offsetSeconds(at t: Timestamp) -> Int {
    Int(zone.offsetMilliseconds(atUTC: t.milliseconds) / 1000)
  }

  /// The local civil date and minute of day of `t`.
  func civil(_ t: Timestamp) -> (date: CivilDate, minuteOfDay: Int) {
    // Whole seconds first, so that adding the offset cannot overflow for any instant.
    let localSeconds = CivilMath.floorDivide(t.milliseconds, 1000) + Int64(offsetSeconds(at: t))
    let days = CivilMath.floorDivide(localSeconds, 86_400)
    let secondOfDay = localSeconds - days * 86_400
    return (CivilDate(daysSinceEpoch: Int(days)), Int(secondOfDay / 60))
  }

  /// `2024-09-12 16:00`
  func minuteText(_ t: Timestamp) -> String { minute(t).string }

  /// `2024-09-12 16:00`, built in place.
  func minute(_ t: Timestamp) -> ShortText {
    let (date, minute) = civil(t)
    var text = ShortText()
    CivilMath.append(date, to: &text)
    text.append(UInt8(ascii: " "))
    text.append(twoDigits: minute / 60)
    text.append(UInt8(ascii: ":"))
    text.append(twoDigits: minute % 60)
    return text
  }

  /// `2024-09-12`
  func dateText(_ t: Timestamp) -> String { CivilMath.dateText(civil(t).date) }

  /// `2024-09-12T08:00:00Z` (milliseconds only when non-zero): zone-free text for machine formats.
  static func utcText(_ t: Timestamp) -> String { utc(t).string }

  /// `2024-09-12T08:00:00Z`, built in place.
  static func utc(_ t: Timestamp) -> ShortText {
    let seconds = CivilMath.floorDivide(t.milliseconds, 1000)
    let millis = Int(t.milliseconds - seconds * 1000)
    let days = CivilMath.floorDivide(seconds, 86_400)
    let secondOfDay = Int(seconds - days * 86_400)
    var text = ShortText()
    CivilMath.append(CivilDate(daysSinceEpoch: Int(days)), to: &text)
    text.append(UInt8(ascii: "T"))
    text.append(twoDigits: secondOfDay / 3600)
    text.append(UInt8(ascii: ":"))
    text.append(twoDigits: secondOfDay / 60 % 60)
    text.append(UInt8(ascii: ":"))
    text.append(twoDigits: secondOfDay % 60)
    if millis != 0 {
      text.append(UInt8(ascii: "."))
      text.append(UInt8(ascii: "0") + UInt8(millis / 100))
      text.append(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
      text.append(UInt8(ascii: "0") + UInt8(millis % 10))
    }
    text.append(UInt8(ascii: "Z"))
    return text
  }
}

/// Report labels for civil dates; the day-number arithmetic itself is `CivilDate`'s.
enum CivilMath {
  static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  /// ISO 8601 week label, e.g. `2024-W37`.
  static func isoWeekLabel(_ date: CivilDate) -> String {
    let thursday = date.daysSinceEpoch + 4 - date.weekday
    let thursdayDate = CivilDate(daysSinceEpoch: thursday)
    let januaryFirst = CivilDate(year: thursdayDate.year, month: 1, day: 1).daysSinceEpoch
    let week = (thursday - januaryFirst) / 7 + 1
    return "\(CivilDate.yearText(thursdayDate.year))-W\(pad2(week))"
  }

  /// `2024-09`
  static func monthLabel(_ date: CivilDate) -> String {
    "\(CivilDate.yearText(date.year))-\(pad2(date.month))"
  }

  /// `2024-09-14`, zero-padded (unlike `CivilDate.description`).
  static func dateText(_ date: CivilDate) -> String {
    var text = ShortText()
    append(date, to: &text)
    return text.string
  }

  /// Appends `2024-09-14`.
  static func append(_ date: CivilDate, to text: inout ShortText) {
    text.append(year: date.year)
    text.append(UInt8(ascii: "-"))
    text.append(twoDigits: date.month)
    text.append(UInt8(ascii: "-"))
    text.append(twoDigits: date.day)
  }

  static func pad2(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : "\(n)" }
}

/// The texts of the two instants written last, reused when one comes again: a finding's time,
/// its first evidence and its deadline's start are often the same instant.
struct InstantTextCache {
  private typealias Entry = (milliseconds: Int64, local: ShortText, utc: ShortText)
  private var newest: Entry?
  private var older: Entry?

  /// `clock.minute(t)` and `ReportClock.utc(t)`.
  mutating func texts(_ t: Timestamp, clock: ReportClock) -> (local: ShortText, utc: ShortText) {
    if let newest, newest.milliseconds == t.milliseconds { return (newest.local, newest.utc) }
    if let older, older.milliseconds == t.milliseconds {
      swap(&newest, &self.older)
      return (older.local, older.utc)
    }
    let entry: Entry = (t.milliseconds, clock.minute(t), ReportClock.utc(t))
    older = newest
    newest = entry
    return (entry.local, entry.utc)
  }
}
