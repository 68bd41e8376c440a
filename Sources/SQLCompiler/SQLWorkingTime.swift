import PolicyRules

/// Working time in SQL (PostgreSQL and DuckDB; Spark: `SparkWorkingTime`): each calendar a
/// compiled rule counts on becomes rows of the temporary table `pc_cal` — one per working interval, with the working milliseconds before it
/// (`cum_before`) and its local day's bounds and working-day ordinal — generated from the
/// loaded calendar (its YAML: weekly hours, holidays, 调休 make-up days).
///
/// With `W(t)` the working time before instant `t` (`position`), a count of working hours from a
/// start ends where `W` reaches `W(start) + amount`, and an end after that due time still meets it
/// when `W(end)` is no larger (no working time passed in between), as `WorkCalendar.meets`.
enum SQLWorkingTime {
  static let table = "pc_cal"

  /// Days tabulated before the earliest and after the latest instant of the data.
  static let daysBefore = 31
  static let daysAfter = 800

  /// Whether the calendar's zone changes its UTC offset between two local dates: working days
  /// (`dueAfterWorkingDays`) keep a local clock time as milliseconds after the local midnight,
  /// which is only that clock time on days of one offset. Working hours and the next working day
  /// count absolute instants and hold in any zone.
  static func changesOffset(_ calendar: WorkCalendar, from first: CivilDate, to last: CivilDate) -> Bool {
    let offset = calendar.offsetSeconds(at: calendar.timestamp(of: first, minuteOfDay: 0))
    var date = first
    while date <= last {
      if calendar.offsetSeconds(at: calendar.timestamp(of: date, minuteOfDay: 0)) != offset { return true }
      date = date.adding(days: 1)
    }
    return false
  }

  /// The statements creating `pc_cal` with every interval of these calendars from `first` to
  /// `last` (local dates).
  static func statements(
    _ calendars: [WorkCalendar], from first: CivilDate, to last: CivilDate, dialect: SQLDialect
  ) throws(Unsupported) -> [String] {
    if dialect == .spark { return SparkWorkingTime.statements(calendars, from: first, to: last) }
    var rows: [String] = []
    for calendar in calendars {
      var cumulative: Int64 = 0
      var ordinal = 0
      // The first interval's range reaches back to any instant before the table.
      var previousEnd = Int64.min + 1
      var date = first
      while date <= last {
        let dayStart = calendar.timestamp(of: date, minuteOfDay: 0)
        let dayEnd = calendar.timestamp(of: date.adding(days: 1), minuteOfDay: 0)
        let intervals = calendar.workingIntervals(on: date)
        if !intervals.isEmpty { ordinal += 1 }
        for interval in intervals {
          let length = interval.end.milliseconds - interval.start.milliseconds
          rows.append(
            "(\(dialect.literal(calendar.name)), \(interval.start.milliseconds), \(interval.end.milliseconds), "
              + "\(cumulative), \(dayStart.milliseconds), \(dayEnd.milliseconds), \(ordinal), "
              + "\(previousEnd), \(cumulative + length))")
          cumulative += length
          previousEnd = interval.end.milliseconds
        }
        date = date.adding(days: 1)
      }
    }
    let columns = [
      ("calendar", "TEXT"), ("span_start", "BIGINT"), ("span_end", "BIGINT"), ("cum_before", "BIGINT"),
      ("day_start", "BIGINT"), ("day_end", "BIGINT"), ("ordinal", "INTEGER"), ("prev_end", "BIGINT"),
      ("cum_after", "BIGINT"),
    ]
    var chunks: [String] = []
    var start = 0
    while start < rows.count {
      let end = min(rows.count, start + 1000)
      chunks.append(rows[start..<end].joined(separator: ",\n  "))
      start = end
    }
    let out =
      [
        "DROP TABLE IF EXISTS \(table);",
        "CREATE TEMPORARY TABLE \(table) ("
          + columns.map { "\($0.0) \(dialect.type($0.1)) NOT NULL" }.joined(separator: ", ") + ");",
      ] + chunks.map { "INSERT INTO \(table) VALUES\n  \($0);" }
    // Each lookup above reads one index: by interval end, by position, by ordinal, by day.
    return out
      + ["calendar, span_end", "calendar, cum_before", "calendar, ordinal", "calendar, day_start"].flatMap {
        dialect.indexing([table], key: $0)
      }
  }

  /// `W(t)`: working milliseconds before instant `t` on the calendar (null past the table): from
  /// the first interval that ends after `t`, the one whose range `[prev_end, span_end)` holds it
  /// (the ranges tile the time line, so at most one row matches).
  static func position(_ t: String, calendar: String, _ dialect: SQLDialect) -> String {
    "(\(positionQuery(t, calendar: calendar, dialect)))"
  }

  /// The query of `position`, its one column named `p`.
  private static func positionQuery(_ t: String, calendar: String, _ dialect: SQLDialect) -> String {
    "SELECT CASE WHEN \(t) < x.span_start THEN x.cum_before ELSE x.cum_before + (\(t) - x.span_start) END AS p "
      + "FROM \(table) x WHERE x.calendar = \(dialect.literal(calendar)) AND x.prev_end <= \(t) AND x.span_end > \(t)"
      + "\(dialect.onlyMatch(orderedBy: "x.span_end"))"
  }

  /// The instant where `W` reaches `target` (null before or past the table): in the interval
  /// whose positions `(cum_before, cum_after]` hold it.
  static func instant(atPosition target: String, calendar: String, _ dialect: SQLDialect) -> String {
    "(SELECT x.span_start + (\(target) - x.cum_before) FROM \(table) x WHERE x.calendar = \(dialect.literal(calendar)) "
      + "AND x.cum_before < \(target) AND \(target) <= x.cum_after\(dialect.onlyMatch(orderedBy: "x.cum_before DESC")))"
  }

  /// `start` + `amount` working hours.
  static func dueAfterWorkingHours(_ start: String, hours: Int, calendar: String, _ dialect: SQLDialect)
    -> String
  {
    // The count's end looked up from a column of the start's lookup, not as
    // `instant(position(start) + h)`: DuckDB plans a lookup bounded by another lookup as the
    // product of cases and intervals.
    let target = "(w.p + \(Int64(hours) * 3_600_000))"
    return
      "(SELECT \(instant(atPosition: target, calendar: calendar, dialect)) "
      + "FROM (\(positionQuery(start, calendar: calendar, dialect))) w)"
  }

  /// `start` + `count` working days: the first working moment at or after the start, at the same
  /// local clock time `count` working days later.
  static func dueAfterWorkingDays(_ start: String, days: Int, calendar: String, _ dialect: SQLDialect)
    -> String
  {
    let name = dialect.literal(calendar)
    let moment =
      "(SELECT x.day_start AS day_start, x.ordinal AS ordinal, CASE WHEN \(start) > x.span_start THEN \(start) ELSE x.span_start END AS m "
      + "FROM \(table) x WHERE x.calendar = \(name) AND x.prev_end <= \(start) AND x.span_end > \(start)"
      + "\(dialect.onlyMatch(orderedBy: "x.span_end")))"
    return
      "(SELECT (SELECT min(y.day_start) FROM \(table) y WHERE y.calendar = \(name) AND y.ordinal = w.ordinal + \(days)) "
      + "+ (w.m - w.day_start) FROM \(moment) w)"
  }

  /// The end of the first working day after the start's local day (`next working day`).
  static func dueNextWorkingDay(afterMidnight midnight: String, calendar: String, _ dialect: SQLDialect)
    -> String
  {
    "(SELECT min(x.day_end) FROM \(table) x WHERE x.calendar = \(dialect.literal(calendar)) AND x.day_start >= \(midnight))"
  }
}

/// Working time on one calendar as a rule's queries count it: the table lookups of
/// `SQLWorkingTime` in PostgreSQL and DuckDB, the array lookups of `SparkWorkingTime` in Spark
/// (`SQLRuleCompiler.workingTime`).
struct WorkingTimeSQL {
  let calendar: String
  let dialect: SQLDialect
  /// The local day of an instant in the calendar's zone, as days since 1970-01-01 (Spark).
  let localDay: (String) -> String
  /// The local midnight that ends an instant's day, in milliseconds.
  let nextMidnight: (String) -> String

  /// `W(t)`: working milliseconds before instant `t` (null past the calendar's table).
  func position(_ t: String) -> String {
    dialect == .spark
      ? SparkWorkingTime.position(t, day: localDay(t), calendar: calendar)
      : SQLWorkingTime.position(t, calendar: calendar, dialect)
  }

  func dueAfterWorkingHours(_ start: String, hours: Int) -> String {
    dialect == .spark
      ? SparkWorkingTime.dueAfterWorkingHours(start, day: localDay(start), hours: hours, calendar: calendar)
      : SQLWorkingTime.dueAfterWorkingHours(start, hours: hours, calendar: calendar, dialect)
  }

  func dueAfterWorkingDays(_ start: String, days: Int) -> String {
    dialect == .spark
      ? SparkWorkingTime.dueAfterWorkingDays(start, day: localDay(start), days: days, calendar: calendar)
      : SQLWorkingTime.dueAfterWorkingDays(start, days: days, calendar: calendar, dialect)
  }

  /// The end of the first working day after the start's local day.
  func dueNextWorkingDay(after start: String) -> String {
    dialect == .spark
      ? SparkWorkingTime.dueNextWorkingDay(onOrAfter: "(\(localDay(start)) + 1)", calendar: calendar)
      : SQLWorkingTime.dueNextWorkingDay(afterMidnight: nextMidnight(start), calendar: calendar, dialect)
  }
}
