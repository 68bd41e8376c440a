import PolicyRules

extension MetricCheck: SQLCompilableCheck {
  /// As `MetricCheck+Evaluation`: each case in scope dated up to the
  /// cut-off falls in the period containing its date (a missing date field ⇒ unverifiable; a
  /// `counts` that is null ⇒ unverifiable); each (period, group) with cases is a row whose value
  /// (a rate or a count) meets the target or not: passed / violated once the period has ended
  /// (a count above its ceiling at once), pending before. With `consecutive: n` a missed row is
  /// violated only as the n-th or later of a run of missed rows of its group in consecutive
  /// periods (passed before); a met row ends the run.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    if r.settings.groupField != nil { throw Unsupported("--group-by on group judgements") }
    let d = r.dialect
    let groupSQL =
      try group.map { g throws(Unsupported) in "coalesce(\(try r.textField(g, of: "c", "group")), '—')" }
      ?? "'all'"
    let dateSQL: String
    var missing = "FALSE"
    switch date {
    case .event(let matcher, let which):
      dateSQL =
        "(SELECT \(which == .last ? "max" : "min")(e.t) FROM \(SQLRuleCompiler.eventsAtCutOff) e "
        + "WHERE \(r.sameCase("e", "c")) AND \(try r.matches(matcher, "e")))"
    case .field(let name):
      dateSQL = try r.timestampField(name, of: "c", "date")
      let lacking = r.typesLacking(name)
      if !lacking.isEmpty { missing = "c.record_type IN (\(lacking.map(d.literal).joined(separator: ", ")))" }
    }
    let countedSQL =
      try counts.map { e throws(Unsupported) in try r.expressions(on: "c").condition(e) } ?? "TRUE"
    var query = SQLRuleQuery(judgements: "", hasPeriod: true)
    query.definitions.append(
      "\(r.name("o")) AS (SELECT c.record_type, c.case_id, \(dateSQL) AS pc_t, \(missing) AS pc_missing, "
        + "\(groupSQL) AS pc_group, \(countedSQL) AS pc_counted FROM (\(try r.scopedCases())) c)")
    // `k`: the period's place in the list, which holds every period of the data's days in
    // order, so consecutive periods have consecutive places (`PeriodCalendar.follows`).
    let periods = periods(r)
    query.definitions.append(
      "\(r.name("p")) AS (SELECT p0.*, row_number() OVER (ORDER BY p0.s) AS k FROM (\(SQLPeriod.rows(periods, d))) p0)"
    )
    query.definitions.append(
      "\(r.name("x")) AS (SELECT o.*, p.label, p.s, p.e, p.k FROM \(r.name("o")) o JOIN \(r.name("p")) p "
        + "ON \(SQLPeriod.holds("o.pc_t", "p", periods, r)) WHERE o.pc_t <= \(r.asOf) AND NOT o.pc_missing)")
    query.definitions.append(
      "\(r.name("g")) AS (SELECT x.pc_group, x.label, x.s, x.e, x.k, count(*) AS pc_d, "
        + "count(*) FILTER (WHERE x.pc_counted) AS pc_n FROM \(r.name("x")) x WHERE x.pc_counted IS NOT NULL "
        + "GROUP BY x.pc_group, x.label, x.s, x.e, x.k)")
    let double = d.doubleType
    let value =
      measure == .rate
      ? "(CAST(g.pc_n AS \(double)) / CAST(CASE WHEN g.pc_d > 1 THEN g.pc_d ELSE 1 END AS \(double)))"
      : "CAST(g.pc_n AS \(double))"
    let t = SQLNumber.literal(target, d)
    let epsilon = SQLNumber.literal(1e-9, d)
    // `MetricCheck.Comparison.holds`: the target widened or narrowed by its epsilon.
    let met: String
    if comparison == .equal {
      met = "abs(\(value) - \(t)) <= \(epsilon)"
    } else {
      let slack = comparison == .atLeast || comparison == .below ? "-" : "+"
      met = "\(value) \(comparison.rawValue) \(t) \(slack) \(epsilon)"
    }
    let ceiling = measure == .count && (comparison == .atMost || comparison == .below)
    let complete = "g.e <= \(r.asOf)"
    // State 0 met, 1 missed (complete, or a count above its ceiling), 2 pending; the runs of
    // missed rows are the islands of consecutive `k` among a group's state-1 rows.
    query.definitions.append(
      "\(r.name("h")) AS (SELECT g.*, CASE WHEN \(met) THEN 0 WHEN \(complete)\(ceiling ? " OR TRUE" : "") THEN 1 ELSE 2 END AS pc_state "
        + "FROM \(r.name("g")) g)")
    query.definitions.append(
      "\(r.name("i")) AS (SELECT h.*, h.k - row_number() OVER (PARTITION BY h.pc_group, h.pc_state ORDER BY h.k) AS pc_island "
        + "FROM \(r.name("h")) h)")
    let run = "row_number() OVER (PARTITION BY g.pc_group, g.pc_state, g.pc_island ORDER BY g.k)"
    let rows =
      "SELECT CAST(NULL AS \(r.dialect.textType)) AS record_type, CAST(NULL AS \(r.dialect.textType)) AS case_id, g.pc_group AS subject, "
      + "g.label AS period, g.s AS anchor_ms, CAST(NULL AS BIGINT) AS due_ms, "
      + "CASE WHEN g.pc_state = 0 THEN CASE WHEN \(complete) THEN 'passed' ELSE 'pending' END "
      + "WHEN g.pc_state = 1 THEN CASE WHEN \(run) >= \(consecutive) THEN 'violated' ELSE 'passed' END "
      + "ELSE 'pending' END AS outcome, "
      + "CAST(NULL AS \(r.dialect.textType)) AS evidence FROM \(r.name("i")) g"
    // Cases that cannot be counted: no date field in their record type, or `counts` is null.
    let unplaced =
      "SELECT o.record_type, o.case_id, o.case_id AS subject, CAST(NULL AS \(r.dialect.textType)) AS period, CAST(NULL AS BIGINT) AS anchor_ms, "
      + "CAST(NULL AS BIGINT) AS due_ms, 'unverifiable' AS outcome, CAST(NULL AS \(r.dialect.textType)) AS evidence "
      + "FROM \(r.name("o")) o WHERE o.pc_missing UNION ALL "
      + "SELECT x.record_type, x.case_id, x.case_id AS subject, CAST(NULL AS \(r.dialect.textType)) AS period, x.pc_t AS anchor_ms, "
      + "CAST(NULL AS BIGINT) AS due_ms, 'unverifiable' AS outcome, CAST(NULL AS \(r.dialect.textType)) AS evidence "
      + "FROM \(r.name("x")) x WHERE x.pc_counted IS NULL"
    query.judgements = "\(rows) UNION ALL \(unplaced)"
    return query
  }

  /// Every period containing a day of the data (or the cut-off), listed in the script.
  private func periods(_ r: SQLRuleCompiler) -> [SQLPeriod] {
    let calendar = r.calendar
    var periods: [SQLPeriod] = []
    if let range = r.settings.dataRange {
      var seen: Set<String> = []
      var day = calendar.civilDate(of: range.lowerBound)
      let last = calendar.civilDate(of: max(range.upperBound, r.settings.asOf))
      while day <= last {
        if let period = SQLPeriod.containing(day, every, calendar), seen.insert(period.label).inserted {
          periods.append(period)
        }
        day = day.adding(days: 1)
      }
    }
    return periods
  }
}
