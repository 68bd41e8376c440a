import PolicyRules

/// The periods a periodic rule judges (`2024-09`, `2024-W37`, `2024-Q3`, `2024-H2`, `2024`, a
/// date), as the native engine labels and bounds them: local dates of the rule's calendar, a
/// `working_day` only on its working days. They depend only on the audit period and the cut-off,
/// so the compiler lists them in the script.
struct SQLPeriod {
  var label: String
  var start: Timestamp
  var end: Timestamp

  /// The period of `kind` containing a local date (nil: a non-working day for `working_day`).
  static func containing(_ date: CivilDate, _ kind: PeriodicCheck.Period, _ calendar: WorkCalendar)
    -> SQLPeriod?
  {
    guard let (first, next, label) = kind.bounds(containing: date, calendar: calendar) else { return nil }
    return SQLPeriod(
      label: label, start: calendar.timestamp(of: first, minuteOfDay: 0),
      end: calendar.timestamp(of: next, minuteOfDay: 0))
  }

  /// The periods that start inside the audit period `[from, periodEnd)` and before the cut-off
  /// (at least the first), in order.
  static func judged(
    _ kind: PeriodicCheck.Period, _ calendar: WorkCalendar, from: Timestamp, periodEnd: Timestamp?,
    asOf: Timestamp
  ) -> [SQLPeriod] {
    let to = min(periodEnd ?? asOf, max(asOf, from + 1))
    guard from < to else { return [] }
    var result: [SQLPeriod] = []
    var seen: Set<String> = []
    var date = calendar.civilDate(of: from)
    let last = calendar.civilDate(of: to + (-1))
    while date <= last {
      if let period = containing(date, kind, calendar), seen.insert(period.label).inserted,
        period.start >= from && periodEnd.map({ period.start < $0 }) ?? true
      {
        result.append(period)
      }
      date = date.adding(days: 1)
    }
    return result
  }

  /// The periods as a query of `label, s, e` (start and end in milliseconds) and `i`, the
  /// period's place in the list (from 1).
  static func rows(_ periods: [SQLPeriod], _ dialect: SQLDialect) -> String {
    guard !periods.isEmpty else {
      return
        "SELECT CAST(NULL AS \(dialect.textType)) AS label, CAST(NULL AS BIGINT) AS s, CAST(NULL AS BIGINT) AS e, "
        + "CAST(NULL AS INTEGER) AS i WHERE FALSE"
    }
    return periods.enumerated().map { i, period in
      "SELECT \(dialect.literal(period.label)) AS label, CAST(\(period.start.milliseconds) AS BIGINT) AS s, "
        + "CAST(\(period.end.milliseconds) AS BIGINT) AS e, CAST(\(i + 1) AS INTEGER) AS i"
    }.joined(separator: " UNION ALL ")
  }

  /// Whether instant `t` lies in the period of row `p` (of `rows(periods)`). PostgreSQL and
  /// DuckDB compare with its bounds. Spark plans that range as a product of rows and periods
  /// (30 for a month of days; `S1-02-consecutive-absence` took 338 s of the fixture month's
  /// 754), so there the period's place is looked up from the local day of `t` in a constant
  /// array (periods begin and end at local midnights) and joined on by equality.
  static func holds(_ t: String, _ p: String, _ periods: [SQLPeriod], _ r: SQLRuleCompiler) -> String {
    let range = "(\(t) >= \(p).s AND \(t) < \(p).e)"
    guard r.dialect == .spark else { return range }
    let calendar = r.calendar
    var placeOfDay: [Int: Int] = [:]
    for (i, period) in periods.enumerated() {
      var day = calendar.civilDate(of: period.start)
      let end = calendar.civilDate(of: period.end)
      while day < end {
        placeOfDay[day.daysSinceEpoch] = i + 1
        day = day.adding(days: 1)
      }
    }
    // No period (none listed): the range, which no row meets.
    guard let first = placeOfDay.keys.min(), let last = placeOfDay.keys.max() else { return range }
    // Element 1 is no period, for the days before the first (Spark counts an index below 1 from
    // the end, and refuses 0); past the last, the element is null.
    let places = ([0] + (first...last).map { placeOfDay[$0] ?? 0 }).map(String.init).joined(separator: ", ")
    return "(try_element_at(array(\(places)), greatest(\(r.localDay(t)) - \(first) + 2, 1)) = \(p).i)"
  }
}
