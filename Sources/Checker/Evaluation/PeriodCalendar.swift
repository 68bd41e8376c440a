import PolicyRules

/// One period of a periodic or metric check: its label and its local bounds `[start, end)`.
struct PeriodSlot: Sendable, Hashable, Comparable {
  var label: String
  var start: Timestamp
  var end: Timestamp
  /// Consecutive slots have consecutive ordinals (for "3 consecutive periods").
  var ordinal: Int

  static func < (a: PeriodSlot, b: PeriodSlot) -> Bool { a.start < b.start }
}

/// Periods in a calendar's zone: days, working days, ISO weeks, months, quarters, half years, years.
struct PeriodCalendar {
  let kind: PeriodicCheck.Period
  let calendar: WorkCalendar

  /// The period containing an instant; nil for a non-working day with `working_day` periods.
  func slot(containing t: Timestamp) -> PeriodSlot? {
    slot(for: calendar.civilDate(of: t))
  }

  func slot(for date: CivilDate) -> PeriodSlot? {
    guard let (first, next, label) = kind.bounds(containing: date, calendar: calendar) else { return nil }
    let ordinal: Int
    switch kind {
    case .day, .workingDay: ordinal = date.daysSinceEpoch
    case .week: ordinal = first.daysSinceEpoch / 7
    case .month: ordinal = date.year * 12 + date.month
    case .quarter: ordinal = date.year * 4 + (date.month - 1) / 3
    case .halfYear: ordinal = date.year * 2 + (date.month - 1) / 6
    case .year: ordinal = date.year
    }
    return PeriodSlot(
      label: label, start: calendar.timestamp(of: first, minuteOfDay: 0),
      end: calendar.timestamp(of: next, minuteOfDay: 0), ordinal: ordinal)
  }

  func follows(_ a: PeriodSlot, _ b: PeriodSlot) -> Bool {
    guard kind == .workingDay else { return a.ordinal + 1 == b.ordinal }
    var date = CivilDate(daysSinceEpoch: a.ordinal).adding(days: 1)
    for _ in 0..<60 {
      if calendar.isWorkingDay(date) { return date.daysSinceEpoch == b.ordinal }
      date = date.adding(days: 1)
    }
    return false
  }

  /// Every slot that starts inside `[from, to)`, plus the one containing `from`.
  func slots(from: Timestamp, to: Timestamp) -> [PeriodSlot] {
    guard from < to else { return [] }
    var result: [PeriodSlot] = []
    var date = calendar.civilDate(of: from)
    let last = calendar.civilDate(of: to + (-1))
    var seen = Set<String>()
    while date <= last {
      if let slot = slot(for: date), !seen.contains(slot.label) {
        seen.insert(slot.label)
        result.append(slot)
      }
      date = date.adding(days: 1)
    }
    return result
  }
}
