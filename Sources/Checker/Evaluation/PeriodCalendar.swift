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
    let first: CivilDate
    let next: CivilDate
    let label: String
    let ordinal: Int
    switch kind {
    case .day, .workingDay:
      if kind == .workingDay && !calendar.isWorkingDay(date) { return nil }
      first = date
      next = date.adding(days: 1)
      label = date.description
      ordinal = date.daysSinceEpoch
    case .week:
      first = date.adding(days: 1 - date.weekday)
      next = first.adding(days: 7)
      let thursday = first.adding(days: 3)
      let week =
        (thursday.daysSinceEpoch - CivilDate(year: thursday.year, month: 1, day: 1).daysSinceEpoch) / 7 + 1
      label = "\(CivilDate.yearText(thursday.year))-W\(week < 10 ? "0" : "")\(week)"
      ordinal = first.daysSinceEpoch / 7
    case .month:
      first = CivilDate(year: date.year, month: date.month, day: 1)
      next = first.adding(months: 1)
      label = "\(CivilDate.yearText(date.year))-\(date.month < 10 ? "0" : "")\(date.month)"
      ordinal = date.year * 12 + date.month
    case .quarter:
      let q = (date.month - 1) / 3
      first = CivilDate(year: date.year, month: q * 3 + 1, day: 1)
      next = first.adding(months: 3)
      label = "\(CivilDate.yearText(date.year))-Q\(q + 1)"
      ordinal = date.year * 4 + q
    case .halfYear:
      let h = (date.month - 1) / 6
      first = CivilDate(year: date.year, month: h * 6 + 1, day: 1)
      next = first.adding(months: 6)
      label = "\(CivilDate.yearText(date.year))-H\(h + 1)"
      ordinal = date.year * 2 + h
    case .year:
      first = CivilDate(year: date.year, month: 1, day: 1)
      next = CivilDate(year: date.year + 1, month: 1, day: 1)
      label = CivilDate.yearText(date.year)
      ordinal = date.year
    }
    return PeriodSlot(
      label: label, start: calendar.timestamp(of: first, minuteOfDay: 0),
      end: calendar.timestamp(of: next, minuteOfDay: 0), ordinal: ordinal)
  }

  /// Whether `b` is the period right after `a` (for working days: the next working day).
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
