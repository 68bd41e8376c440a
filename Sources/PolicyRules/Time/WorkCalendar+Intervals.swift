extension WorkCalendar {
  /// The working intervals of a local date as instants `[start, end)`, in order: what the calendar
  /// counts as working time that day (holidays and 调休 applied). For tools that tabulate a
  /// calendar, such as the SQL compiler's calendar table.
  public func workingIntervals(on date: CivilDate) -> [(start: Timestamp, end: Timestamp)] {
    let day = date.daysSinceEpoch
    return spans(onDay: day).map {
      (
        Timestamp(milliseconds: instant(day: day, millisecond: $0.startMilliseconds)),
        Timestamp(milliseconds: instant(day: day, millisecond: $0.endMilliseconds))
      )
    }
  }
}
