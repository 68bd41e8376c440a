import PolicyRules

/// Working time in Spark SQL: the calendars as constant arrays in one session variable,
/// `pc_cal` (a map from calendar name to its arrays; Spark 4.0 or later), read by index.
///
/// The table lookups of `SQLWorkingTime` (the interval whose range holds an instant) are range
/// conditions on a correlated subquery, which Spark plans as a product of the distinct instants
/// and the intervals, or refuses. Here each lookup is a fold over a few elements of an array
/// found by index, with no join:
/// - `days[d]`: for local day `d` of the table (1-based), the index of the first interval that
///   ends after the day's start;
/// - `iv[k]`: the intervals in time order, `(s, e)` their instants, `cb` the working
///   milliseconds before them, `ds`/`de` their local day's bounds, `o` that day's working-day
///   ordinal (1 for the first working day of the table);
/// - `bk[b]`: the index of the interval holding working millisecond `b · bucket` (so a position
///   is found from its bucket);
/// - `od[o]`: the start of the `o`-th working day;
/// - `first`: the table's first local day (days since 1970-01-01); `pm` and `bm`: how many
///   intervals from `days[d]` and from `bk[b]` hold every answer.
///
/// Calendar intervals lie within one local day (a span ends at 24:00 at the latest), so an
/// interval that ends after a day's start starts on that day or later.
enum SparkWorkingTime {
  static let variable = "pc_cal"
  /// Working milliseconds a bucket of `bk`.
  static let bucket: Int64 = 3_600_000

  static let type =
    "MAP<STRING, STRUCT<first: INT, pm: INT, bm: INT, days: ARRAY<INT>, "
    + "iv: ARRAY<STRUCT<s: BIGINT, e: BIGINT, cb: BIGINT, ds: BIGINT, de: BIGINT, o: INT>>, "
    + "bk: ARRAY<INT>, od: ARRAY<BIGINT>>>"

  /// The statement declaring `pc_cal` with these calendars from `first` to `last` (local dates).
  static func statements(_ calendars: [WorkCalendar], from first: CivilDate, to last: CivilDate) -> [String] {
    var entries: [String] = []
    for calendar in calendars {
      var intervals: [String] = []
      var days: [Int] = []
      var starts: [Int64] = []
      var ends: [Int64] = []
      var cumulative: Int64 = 0
      var workingDayStarts: [Int64] = []
      var mostInADay = 0
      var date = first
      while date <= last {
        let dayStart = calendar.timestamp(of: date, minuteOfDay: 0).milliseconds
        let dayEnd = calendar.timestamp(of: date.adding(days: 1), minuteOfDay: 0).milliseconds
        days.append(intervals.count + 1)
        let spans = calendar.workingIntervals(on: date)
        if !spans.isEmpty { workingDayStarts.append(dayStart) }
        mostInADay = max(mostInADay, spans.count)
        for span in spans {
          let (s, e) = (span.start.milliseconds, span.end.milliseconds)
          intervals.append(
            "named_struct('s', \(s)L, 'e', \(e)L, 'cb', \(cumulative)L, 'ds', \(dayStart)L, "
              + "'de', \(dayEnd)L, 'o', \(workingDayStarts.count))")
          starts.append(cumulative)
          cumulative += e - s
          ends.append(cumulative)
        }
        date = date.adding(days: 1)
      }
      // bk[b]: the first interval whose working time reaches past b · bucket.
      var buckets: [Int] = []
      var k = 0
      var widest = 1
      var position: Int64 = 0
      while position < cumulative {
        while ends[k] <= position { k += 1 }
        buckets.append(k + 1)
        position += bucket
      }
      for b in buckets.indices {
        let next = b + 1 < buckets.count ? buckets[b + 1] : intervals.count
        widest = max(widest, next - buckets[b] + 1)
      }
      entries.append(
        "\(SQLDialect.spark.literal(calendar.name)), named_struct('first', \(first.daysSinceEpoch), "
          + "'pm', \(mostInADay + 1), 'bm', \(widest), "
          + "'days', array(\(days.map(String.init).joined(separator: ", "))), "
          + "'iv', array(\(intervals.joined(separator: ",\n    "))), "
          + "'bk', array(\(buckets.map(String.init).joined(separator: ", "))), "
          + "'od', array(\(workingDayStarts.map { "\($0)L" }.joined(separator: ", "))))")
    }
    return [
      "DECLARE OR REPLACE VARIABLE \(variable) \(type) DEFAULT map(\n  \(entries.joined(separator: ",\n  ")));"
    ]
  }

  /// The arrays of one calendar.
  static func arrays(_ calendar: String) -> String {
    "\(variable)[\(SQLDialect.spark.literal(calendar))]"
  }

  /// The first interval (of `c.iv`, from index `from` on, `count` of them) that `holds` (a
  /// predicate of the interval's alias), and `value` of it (null: none) — a fold over a few
  /// elements, keeping the first value found. `pc_w` names the interval and `pc_f` the fold.
  private static func first(
    _ c: String, from: String, count: String, holds: (String) -> String, value: (String) -> String
  ) -> String {
    "aggregate(slice(\(c).iv, \(from), \(count)), CAST(NULL AS BIGINT), "
      + "(pc_f, pc_w) -> coalesce(pc_f, CASE WHEN \(holds("pc_w")) THEN \(value("pc_w")) END))"
  }

  /// `value` of the interval whose range holds instant `t` (the first that ends after it),
  /// `day` the local day of `t` in days since 1970-01-01.
  private static func holding(
    _ t: String, day: String, calendar: String, value: (String) -> String
  ) -> String {
    let c = arrays(calendar)
    let index = "try_element_at(\(c).days, greatest(\(day) - \(c).first + 1, 1))"
    return first(c, from: index, count: "\(c).pm", holds: { "\($0).e > \(t)" }, value: value)
  }

  /// `W(t)`, as `SQLWorkingTime.position`.
  static func position(_ t: String, day: String, calendar: String) -> String {
    holding(t, day: day, calendar: calendar) {
      "CASE WHEN \(t) < \($0).s THEN \($0).cb ELSE \($0).cb + (\(t) - \($0).s) END"
    }
  }

  /// The instant where `W` reaches `target` (null before or past the table): in the interval
  /// whose positions `(cb, cb + length]` hold it, found from its bucket.
  static func instant(atPosition target: String, calendar: String) -> String {
    let c = arrays(calendar)
    let index = "try_element_at(\(c).bk, greatest(CAST((\(target) - 1) div \(bucket) AS INT) + 1, 1))"
    return first(
      c, from: index, count: "\(c).bm",
      holds: { "\($0).cb < \(target) AND \(target) <= \($0).cb + (\($0).e - \($0).s)" },
      value: { "\($0).s + (\(target) - \($0).cb)" })
  }

  /// `start` + `hours` working hours: the position of the start is worked out once, as the
  /// only element of an array folded (`pc_t`).
  static func dueAfterWorkingHours(_ start: String, day: String, hours: Int, calendar: String) -> String {
    "aggregate(array(\(position(start, day: day, calendar: calendar)) + \(Int64(hours) * 3_600_000)), "
      + "CAST(NULL AS BIGINT), (pc_n, pc_t) -> \(instant(atPosition: "pc_t", calendar: calendar)))"
  }

  /// `start` + `days` working days, as `SQLWorkingTime.dueAfterWorkingDays`: from the first
  /// working moment at or after the start, the same local clock time `days` working days later.
  static func dueAfterWorkingDays(_ start: String, day: String, days: Int, calendar: String) -> String {
    holding(start, day: day, calendar: calendar) {
      "try_element_at(\(arrays(calendar)).od, \($0).o + \(days)) "
        + "+ (CASE WHEN \(start) > \($0).s THEN \(start) ELSE \($0).s END - \($0).ds)"
    }
  }

  /// The end of the first working day on or after local day `day` (days since 1970-01-01).
  static func dueNextWorkingDay(onOrAfter day: String, calendar: String) -> String {
    let c = arrays(calendar)
    return "try_element_at(\(c).iv, try_element_at(\(c).days, greatest(\(day) - \(c).first + 1, 1))).de"
  }
}
