// API CONTRACT (owned by the Time helper; signatures are relied on elsewhere).

/// A length of time as a rule writes it: `30m`, `24h`, `3d`, `2 working days`, `6 working hours`,
/// `1 month`, `same day`, `next working day`.
public struct PolicyDuration: Sendable, Hashable, CustomStringConvertible {
  public enum Unit: String, Sendable, Hashable, CaseIterable {
    case minutes, hours, days, weeks, months
    case workingHours = "working hours"
    case workingDays = "working days"
    /// Before the end of the start's calendar day (amount is 0).
    case sameDay = "same day"
    /// Before the end of the next working day after the start's day (amount is 1).
    case nextWorkingDay = "next working day"
  }

  public var amount: Int
  public var unit: Unit

  public init(amount: Int, unit: Unit) {
    self.amount = amount
    self.unit = unit
  }

  /// Parses the written forms; the error's offset is 0-based inside `text`.
  public static func parse(_ text: String) -> Result<PolicyDuration, DurationParseError> {
    fatalError("stub")
  }

  /// Canonical English text, e.g. "2 working days".
  public var description: String { "\(amount) \(unit.rawValue)" }

  /// Plain milliseconds for fixed-length units (minutes, hours, days, weeks); nil otherwise.
  public var fixedMilliseconds: Int64? { nil }
}

public struct DurationParseError: Error, Sendable, Hashable {
  public var message: String
  public var offset: Int
  public init(message: String, offset: Int) {
    self.message = message
    self.offset = offset
  }
}

/// Formats plain durations for messages: "2h 5m", "3d".
public enum DurationText {
  public static func describe(milliseconds: Int64) -> String { "\(milliseconds)ms" }
}

/// ISO 8601 text for timestamps.
public enum ISO8601Text {
  /// `2024-09-12T08:00:00Z`
  public static func utc(_ t: Timestamp) -> String { "\(t.milliseconds)" }
}
