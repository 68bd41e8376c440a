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

  /// The periods as a query of `label, s, e` (start and end in milliseconds).
  static func rows(_ periods: [SQLPeriod], _ dialect: SQLDialect) -> String {
    guard !periods.isEmpty else {
      return
        "SELECT CAST(NULL AS \(dialect.textType)) AS label, CAST(NULL AS BIGINT) AS s, CAST(NULL AS BIGINT) AS e WHERE FALSE"
    }
    return periods.map {
      "SELECT \(dialect.literal($0.label)) AS label, CAST(\($0.start.milliseconds) AS BIGINT) AS s, "
        + "CAST(\($0.end.milliseconds) AS BIGINT) AS e"
    }.joined(separator: " UNION ALL ")
  }
}
