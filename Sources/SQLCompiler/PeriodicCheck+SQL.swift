import PolicyRules

extension PeriodicCheck: SQLCompilableCheck {
  /// As `PeriodicCheck+Evaluation` for `every`: each case in scope is an occurrence of its
  /// entity (a null entity ⇒ the case is unverifiable; a missing occurrence field ⇒ unverifiable;
  /// an empty one, or one after the cut-off or not before `before`, counts for nothing); each
  /// (entity, period) with at least `at_least` occurrences passes, else it is pending while the
  /// period has not ended at the cut-off, else violated. Interval bounds judge each occurrence
  /// after an entity's first against the one before it, and the last against `max` (see `intervals`).
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    if every != nil && r.settings.periodStart == nil {
      throw Unsupported("every: periods without an audit period start (--month or --from)")
    }
    if r.settings.groupField != nil { throw Unsupported("--group-by on entity judgements") }
    let d = r.dialect
    let ev = SQLRuleCompiler.eventsAtCutOff
    let entitySQL =
      try entity.map { e throws(Unsupported) in try r.textField(e, of: "c", "entity") }
      ?? d.literal(r.rule.id)
    let occurrenceSQL: String
    var missing = "FALSE"
    switch occurrence {
    case .event(let matcher, let which):
      occurrenceSQL =
        "(SELECT \(which == .last ? "max" : "min")(e.t) FROM \(ev) e WHERE \(r.sameCase("e", "c")) AND \(try r.matches(matcher, "e")))"
    case .field(let name):
      occurrenceSQL = try r.timestampField(name, of: "c", "occurrence")
      let lacking = r.typesLacking(name)
      if !lacking.isEmpty { missing = "c.record_type IN (\(lacking.map(d.literal).joined(separator: ", ")))" }
    }
    var counts = "o.pc_t IS NOT NULL AND o.pc_t <= \(r.asOf) AND NOT o.pc_missing"
    if let beforeMinute {
      let local = r.localTime("o.pc_t", zone: r.calendarZone)
      counts += " AND (extract(hour FROM \(local)) * 60 + extract(minute FROM \(local))) < \(beforeMinute)"
    }
    var query = SQLRuleQuery(judgements: "", hasPeriod: true)
    query.definitions.append(
      "\(r.name("o")) AS (SELECT c.record_type, c.case_id, \(entitySQL) AS pc_entity, \(occurrenceSQL) AS pc_t, "
        + "\(missing) AS pc_missing, \(r.recordAnchor(of: "c")) AS pc_anchor FROM (\(try r.scopedCases())) c)"
    )
    let listed = expectedEntities.map { "SELECT \(d.literal($0)) AS pc_entity" }
    query.definitions.append(
      "\(r.name("n")) AS (SELECT DISTINCT o.pc_entity FROM \(r.name("o")) o WHERE o.pc_entity IS NOT NULL"
        + listed.map { " UNION \($0)" }.joined() + ")")
    var judged: [String] = []
    if let every, let from = r.settings.periodStart {
      let periods = SQLPeriod.judged(
        every, r.calendar, from: from, periodEnd: r.settings.periodEnd, asOf: r.settings.asOf)
      let periodRows = SQLPeriod.rows(periods, d)
      query.definitions.append("\(r.name("p")) AS (\(periodRows))")
      let inside =
        "(SELECT count(*) FROM \(r.name("o")) o WHERE o.pc_entity = n.pc_entity AND \(counts) AND \(SQLPeriod.holds("o.pc_t", "p", periods, r)))"
      judged.append(
        "SELECT CAST(NULL AS \(r.dialect.textType)) AS record_type, CAST(NULL AS \(r.dialect.textType)) AS case_id, n.pc_entity AS subject, "
          + "p.label AS period, p.s AS anchor_ms, CAST(NULL AS BIGINT) AS due_ms, "
          + "CASE WHEN \(inside) >= \(atLeast) THEN 'passed' WHEN p.e > \(r.asOf) THEN 'pending' ELSE 'violated' END AS outcome, "
          + "CAST(NULL AS \(r.dialect.textType)) AS evidence FROM \(r.name("n")) n CROSS JOIN \(r.name("p")) p"
      )
    }
    if minInterval != nil || maxInterval != nil {
      judged += try intervals(r, counted: counts, into: &query)
    }
    // Cases that cannot be placed: no entity, or no occurrence field in their record type.
    let unplaced =
      "SELECT o.record_type, o.case_id, o.case_id AS subject, CAST(NULL AS \(r.dialect.textType)) AS period, o.pc_anchor AS anchor_ms, "
      + "CAST(NULL AS BIGINT) AS due_ms, 'unverifiable' AS outcome, CAST(NULL AS \(r.dialect.textType)) AS evidence "
      + "FROM \(r.name("o")) o WHERE o.pc_entity IS NULL OR o.pc_missing"
    query.judgements = (judged + [unplaced]).joined(separator: " UNION ALL ")
    return query
  }

  /// As `judgeIntervals`: per entity, its counted occurrences in time order; each after the
  /// first is violated when it comes before `min` after the previous one (the due time on the
  /// rule's calendar) or after `max`, else passed — dated by itself, the period its local date.
  /// The last is followed by a judgement of `max`: violated at its due time when that is at or
  /// before the cut-off, else pending (dated by the last occurrence); the period is the due
  /// time's local date.
  private func intervals(_ r: SQLRuleCompiler, counted: String, into query: inout SQLRuleQuery)
    throws(Unsupported) -> [String]
  {
    query.definitions.append(
      "\(r.name("q")) AS (SELECT o.pc_entity, o.pc_t, "
        + "lag(o.pc_t) OVER (PARTITION BY o.pc_entity ORDER BY o.pc_t) AS pc_prev, "
        + "row_number() OVER (PARTITION BY o.pc_entity ORDER BY o.pc_t DESC) AS pc_rn "
        + "FROM \(r.name("o")) o WHERE o.pc_entity IS NOT NULL AND \(counted))")
    let zone = r.calendarZone
    func localDate(_ ms: String) -> String {
      "CAST(CAST(\(r.localTime(ms, zone: zone)) AS DATE) AS \(r.dialect.textType))"
    }
    var violated: [String] = []
    if let minInterval {
      violated.append("q.pc_t < \(try r.due(minInterval, from: "q.pc_prev", "interval.min"))")
    }
    if let maxInterval {
      violated.append("q.pc_t > \(try r.due(maxInterval, from: "q.pc_prev", "interval.max"))")
    }
    let pairs =
      "SELECT CAST(NULL AS \(r.dialect.textType)) AS record_type, CAST(NULL AS \(r.dialect.textType)) AS case_id, q.pc_entity AS subject, "
      + "\(localDate("q.pc_t")) AS period, q.pc_t AS anchor_ms, CAST(NULL AS BIGINT) AS due_ms, "
      + "CASE WHEN \(violated.map { "(\($0))" }.joined(separator: " OR ")) THEN 'violated' ELSE 'passed' END AS outcome, "
      + "CAST(NULL AS \(r.dialect.textType)) AS evidence FROM \(r.name("q")) q WHERE q.pc_prev IS NOT NULL"
    guard let maxInterval else { return [pairs] }
    let due = try r.due(maxInterval, from: "q.pc_t", "interval.max")
    let tail =
      "SELECT CAST(NULL AS \(r.dialect.textType)) AS record_type, CAST(NULL AS \(r.dialect.textType)) AS case_id, t.pc_entity AS subject, "
      + "\(localDate("t.pc_due")) AS period, "
      + "CASE WHEN t.pc_due <= \(r.asOf) THEN t.pc_due ELSE t.pc_t END AS anchor_ms, t.pc_due AS due_ms, "
      + "CASE WHEN t.pc_due <= \(r.asOf) THEN 'violated' ELSE 'pending' END AS outcome, "
      + "CAST(NULL AS \(r.dialect.textType)) AS evidence FROM (SELECT q.pc_entity, q.pc_t, \(due) AS pc_due "
      + "FROM \(r.name("q")) q WHERE q.pc_rn = 1) t"
    return [pairs, tail]
  }
}
