/// A count that passed days outside a calendar's holiday data (`covers`): weekly hours were
/// assumed there, so a holiday (or make-up day) of that year may have been missed.
public struct CalendarDataGap: Sendable, Hashable {
  public var calendar: String
  public var covers: ClosedRange<CivilDate>
  /// The count passed days after the data's last day (else before its first).
  public var afterEnd: Bool

  public init(calendar: String, covers: ClosedRange<CivilDate>, afterEnd: Bool) {
    self.calendar = calendar
    self.covers = covers
    self.afterEnd = afterEnd
  }

  /// `calendar cn-workdays data ends 2026-12-31` / `日历 cn-workdays 节假日数据止于 2026-12-31`.
  public func text(_ language: Language) -> String {
    switch (language, afterEnd) {
    case (.zh, true): "日历 \(calendar) 节假日数据止于 \(covers.upperBound)"
    case (.zh, false): "日历 \(calendar) 节假日数据始于 \(covers.lowerBound)"
    case (.en, true): "calendar \(calendar) data ends \(covers.upperBound)"
    case (.en, false): "calendar \(calendar) data starts \(covers.lowerBound)"
    }
  }
}

extension WorkCalendar {
  /// The gap when counting `unit` between `start` and `due` (either order) passed a day outside
  /// `covers`; nil when it did not, when the calendar has no holiday data, or when the unit does
  /// not read the days (fixed lengths, months and `same day` never consult holidays). Two
  /// comparisons: cheap enough for every judgement.
  @inline(__always)
  public func dataGap(from start: Timestamp, to due: Timestamp, unit: PolicyDuration.Unit) -> CalendarDataGap?
  {
    switch unit {
    case .workingHours, .workingDays, .nextWorkingDay: break
    default: return nil
    }
    let (first, last) =
      start <= due ? (start.milliseconds, due.milliseconds) : (due.milliseconds, start.milliseconds)
    // Reaching the midnight that ends the data (a `next working day` due at 24:00) passes no day after it.
    guard first < dataStart || last > dataEnd, let covers else { return nil }
    return CalendarDataGap(calendar: name, covers: covers, afterEnd: last > dataEnd)
  }

  /// Days from `date` to the last day of the holiday data (negative once it has passed), or nil
  /// for a calendar without holiday data.
  public func daysOfDataLeft(after date: CivilDate) -> Int? {
    covers.map { $0.upperBound.daysSinceEpoch - date.daysSinceEpoch }
  }
}
