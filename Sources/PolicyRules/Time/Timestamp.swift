/// An instant, in milliseconds since 1970-01-01T00:00:00Z.
///
/// Checks work on this compact value rather than `Date` so that a year of events stays small
/// and comparisons are integer comparisons. Conversions to local civil time go through a
/// `WorkCalendar` or `TimeZoneOffsets`, never through the process's time zone.
public struct Timestamp: Sendable, Hashable, Comparable, Codable {
  public var milliseconds: Int64

  public init(milliseconds: Int64) { self.milliseconds = milliseconds }
  public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

  public static func + (lhs: Timestamp, rhs: Int64) -> Timestamp {
    Timestamp(milliseconds: lhs.milliseconds + rhs)
  }

  /// The instant `rhs` milliseconds before `lhs`.
  public static func - (lhs: Timestamp, rhs: Int64) -> Timestamp {
    Timestamp(milliseconds: lhs.milliseconds - rhs)
  }

  /// Milliseconds from `rhs` to `lhs`.
  public static func - (lhs: Timestamp, rhs: Timestamp) -> Int64 { lhs.milliseconds - rhs.milliseconds }

  public static let millisecondsPerMinute: Int64 = 60_000
  public static let millisecondsPerHour: Int64 = 3_600_000
  public static let millisecondsPerDay: Int64 = 86_400_000
}
