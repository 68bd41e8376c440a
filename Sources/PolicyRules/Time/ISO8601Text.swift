/// ISO 8601 text for timestamps, computed with civil-date arithmetic (no formatter on hot paths).
public enum ISO8601Text {
  /// `2024-09-12T08:00:00Z`, with `.123` milliseconds only when they are not zero.
  public static func utc(_ t: Timestamp) -> String {
    format(localMilliseconds: t.milliseconds) + "Z"
  }

  /// `2024-09-12T16:00:00+08:00`: the instant in a zone whose offset is `offsetSeconds`.
  public static func local(_ t: Timestamp, offsetSeconds: Int) -> String {
    let sign = offsetSeconds < 0 ? "-" : "+"
    let minutes = abs(offsetSeconds) / 60
    return format(localMilliseconds: t.milliseconds + Int64(offsetSeconds) * 1000) + sign
      + CivilDate.twoDigits(minutes / 60) + ":" + CivilDate.twoDigits(minutes % 60)
  }

  static func format(localMilliseconds: Int64) -> String {
    let (days, millisecondOfDay) = floorDivision(localMilliseconds, Timestamp.millisecondsPerDay)
    let date = CivilDate(daysSinceEpoch: Int(days))
    let seconds = Int(millisecondOfDay / 1000)
    let milliseconds = Int(millisecondOfDay % 1000)
    var text = "\(date)T\(CivilDate.twoDigits(seconds / 3600)):\(CivilDate.twoDigits(seconds / 60 % 60))"
    text += ":\(CivilDate.twoDigits(seconds % 60))"
    if milliseconds != 0 {
      text +=
        milliseconds < 10
        ? ".00\(milliseconds)" : milliseconds < 100 ? ".0\(milliseconds)" : ".\(milliseconds)"
    }
    return text
  }
}

/// Quotient and non-negative remainder (floor division), for instants before 1970.
@inline(__always)
func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
  let quotient = value / divisor
  let remainder = value % divisor
  return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
}
