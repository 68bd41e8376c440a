/// A length of time as a rule writes it: `30m`, `24h`, `3d`, `2 working days`, `6 working hours`,
/// `1 month`, `same day`, `next working day` (and the Chinese forms `30分钟`, `2个工作日`, `当天` …).
///
/// Minutes, hours, days and weeks are fixed lengths (`d` is 24 plain hours, `w` is 7 × 24 hours, even
/// across a daylight-saving change). Months, `same day`, `next working day`, working hours and
/// working days are counted on a `WorkCalendar`; see `WorkCalendar.deadline(from:adding:)`.
public struct PolicyDuration: Sendable, Hashable, CustomStringConvertible {
  /// The largest amount of any unit, in a rule or from the data (weeks in milliseconds fit).
  public static let maximumAmount = DurationParser.maximumAmount

  public enum Unit: String, Sendable, Hashable, CaseIterable {
    case minutes, hours, days, weeks, months
    case workingHours = "working hours"
    case workingDays = "working days"
    /// Before the end of the start's calendar day (amount is 0).
    case sameDay = "same day"
    /// Before the end of the next working day after the start's day (amount is 1).
    case nextWorkingDay = "next working day"

    /// Minutes, hours, days and weeks: a plain number of milliseconds, independent of any calendar.
    public var isFixed: Bool {
      switch self {
      case .minutes, .hours, .days, .weeks: true
      default: false
      }
    }

    var millisecondsPerUnit: Int64? {
      switch self {
      case .minutes: Timestamp.millisecondsPerMinute
      case .hours: Timestamp.millisecondsPerHour
      case .days: Timestamp.millisecondsPerDay
      case .weeks: 7 * Timestamp.millisecondsPerDay
      default: nil
      }
    }
  }

  public var amount: Int
  public var unit: Unit

  public init(amount: Int, unit: Unit) {
    self.amount = amount
    self.unit = unit
  }

  /// Parses the written forms; the error's offset is 0-based inside `text`, counted in Unicode scalars
  /// (the unit `SourceMark` columns use, so `mark.advanced(by: error.offset)` points at the problem).
  public static func parse(_ text: String) -> Result<PolicyDuration, DurationParseError> {
    DurationParser(text).parse()
  }

  /// Canonical English text that `parse` reads back to the same value: `30m`, `24h`, `3d`, `1w`,
  /// `1 month`, `3 months`, `6 working hours`, `1 working day`, `2 working days`, `same day`,
  /// `next working day`.
  public var description: String {
    switch unit {
    case .minutes: "\(amount)m"
    case .hours: "\(amount)h"
    case .days: "\(amount)d"
    case .weeks: "\(amount)w"
    case .months: amount == 1 ? "1 month" : "\(amount) months"
    case .workingHours: amount == 1 ? "1 working hour" : "\(amount) working hours"
    case .workingDays: amount == 1 ? "1 working day" : "\(amount) working days"
    case .sameDay: "same day"
    case .nextWorkingDay: amount == 1 ? "next working day" : "next working day ×\(amount)"
    }
  }

  /// Chinese text for explanations: `30 分钟`, `2 个工作日`, `当天`, `下一个工作日`.
  public var chineseDescription: String {
    switch unit {
    case .minutes: "\(amount) 分钟"
    case .hours: "\(amount) 小时"
    case .days: "\(amount) 天"
    case .weeks: "\(amount) 周"
    case .months: "\(amount) 个月"
    case .workingHours: "\(amount) 个工作小时"
    case .workingDays: "\(amount) 个工作日"
    case .sameDay: "当天"
    case .nextWorkingDay: amount == 1 ? "下一个工作日" : "第 \(amount) 个工作日"
    }
  }

  public func text(_ language: Language) -> String {
    language == .zh ? chineseDescription : description
  }

  /// Plain milliseconds for fixed-length units (minutes, hours, days, weeks); nil otherwise.
  public var fixedMilliseconds: Int64? {
    unit.millisecondsPerUnit.map { Int64(amount) * $0 }
  }
}

public struct DurationParseError: Error, Sendable, Hashable {
  public var message: String
  public var offset: Int
  public init(message: String, offset: Int) {
    self.message = message
    self.offset = offset
  }
}
