extension PeriodicCheck.Period {
  /// The period of this kind containing a local date: its first day, the day after its last, and
  /// its label (`2024-09-14`, `2024-W37` — the ISO week of its Thursday —, `2024-09`, `2024-Q3`,
  /// `2024-H2`, `2024`); nil for a non-working day of `working_day` periods. Shared by the native
  /// evaluation and the SQL compiler, so both judge the same periods.
  public func bounds(containing date: CivilDate, calendar: WorkCalendar) -> (
    first: CivilDate, next: CivilDate, label: String
  )? {
    let year = CivilDate.yearText(date.year)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    switch self {
    case .day, .workingDay:
      if self == .workingDay && !calendar.isWorkingDay(date) { return nil }
      return (date, date.adding(days: 1), date.description)
    case .week:
      let first = date.adding(days: 1 - date.weekday)
      let thursday = first.adding(days: 3)
      let week =
        (thursday.daysSinceEpoch - CivilDate(year: thursday.year, month: 1, day: 1).daysSinceEpoch) / 7 + 1
      return (first, first.adding(days: 7), "\(CivilDate.yearText(thursday.year))-W\(two(week))")
    case .month:
      let first = CivilDate(year: date.year, month: date.month, day: 1)
      return (first, first.adding(months: 1), "\(year)-\(two(date.month))")
    case .quarter:
      let q = (date.month - 1) / 3
      let first = CivilDate(year: date.year, month: q * 3 + 1, day: 1)
      return (first, first.adding(months: 3), "\(year)-Q\(q + 1)")
    case .halfYear:
      let h = (date.month - 1) / 6
      let first = CivilDate(year: date.year, month: h * 6 + 1, day: 1)
      return (first, first.adding(months: 6), "\(year)-H\(h + 1)")
    case .year:
      return (
        CivilDate(year: date.year, month: 1, day: 1), CivilDate(year: date.year + 1, month: 1, day: 1), year
      )
    }
  }
}
