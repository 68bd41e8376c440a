/// Formats plain durations for messages: `2h 05m`, `3d 4h`, `45m`, `0m`, `-1h 30m`.
///
/// Days and hours drop the minutes; below an hour whole minutes; below a minute whole seconds
/// (so "late by 30s" does not read as "late by 0m"). Parts are truncated toward zero.
public enum DurationText {
  public static func describe(milliseconds: Int64) -> String {
    let sign = milliseconds < 0 ? "-" : ""
    let magnitude = milliseconds.magnitude
    let totalMinutes = magnitude / UInt64(Timestamp.millisecondsPerMinute)
    let days = totalMinutes / 1440
    let hours = totalMinutes % 1440 / 60
    let minutes = totalMinutes % 60
    if days > 0 { return hours == 0 ? "\(sign)\(days)d" : "\(sign)\(days)d \(hours)h" }
    if hours > 0 {
      return minutes == 0 ? "\(sign)\(hours)h" : "\(sign)\(hours)h \(CivilDate.twoDigits(Int(minutes)))m"
    }
    if minutes > 0 { return "\(sign)\(minutes)m" }
    let seconds = magnitude / 1000
    if seconds > 0 { return "\(sign)\(seconds)s" }
    return magnitude == 0 ? "0m" : "\(sign)\(magnitude)ms"
  }
}
