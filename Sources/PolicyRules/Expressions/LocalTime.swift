/// The civil date and hour of an instant in a named time zone, for `hour(t)` and `date(t)`.
struct LocalTime {
  var date: CivilDate
  var hour: Int

  /// Nil when the zone identifier is unknown or the instant is out of range.
  init?(_ timestamp: Timestamp, timeZoneIdentifier: String) {
    guard let zone = TimeZoneOffsets.named(timeZoneIdentifier) else { return nil }
    let (local, overflow) = timestamp.milliseconds.addingReportingOverflow(
      zone.offsetMilliseconds(atUTC: timestamp.milliseconds))
    guard !overflow else { return nil }
    let (dayNumber, millisecondOfDay) = floorDivision(local, Timestamp.millisecondsPerDay)
    hour = Int(millisecondOfDay / Timestamp.millisecondsPerHour)
    date = CivilDate(daysSinceEpoch: Int(dayNumber))
  }

  /// `2024-09-12`
  var dateText: String {
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value.magnitude)
      return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(padded(date.year, 4))-\(padded(date.month, 2))-\(padded(date.day, 2))"
  }
}
