import PolicyRules

extension PeriodicCheck: SQLCompilableCheck {
  /// As `PeriodicCheck+Evaluation` for `every`: each case in scope is an occurrence of its
  /// entity (a null entity ⇒ the case is unverifiable; a missing occurrence field ⇒ unverifiable;
  /// an empty one, or one after the cut-off or not before `before`, counts for nothing); each
  /// (entity, period) with at least `at_least` occurrences passes, else it is pending while the
  /// period has not ended at the cut-off, else violated. Interval bounds are refused yet.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    if minInterval != nil || maxInterval != nil { throw Unsupported("interval (bounds between occurrences)") }
    guard let every else { throw Unsupported("a periodic check without 'every'") }
    guard let from = r.settings.periodStart else {
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
    let periods = SQLPeriod.judged(
      every, r.calendar, from: from, periodEnd: r.settings.periodEnd, asOf: r.settings.asOf)
    let periodRows = SQLPeriod.rows(periods, d)
    query.definitions.append("\(r.name("p")) AS (\(periodRows))")
    let inside =
      "(SELECT count(*) FROM \(r.name("o")) o WHERE o.pc_entity = n.pc_entity AND \(counts) AND o.pc_t >= p.s AND o.pc_t < p.e)"
    let judged =
      "SELECT CAST(NULL AS TEXT) AS record_type, CAST(NULL AS TEXT) AS case_id, n.pc_entity AS subject, "
      + "p.label AS period, p.s AS anchor_ms, CAST(NULL AS BIGINT) AS due_ms, "
      + "CASE WHEN \(inside) >= \(atLeast) THEN 'passed' WHEN p.e > \(r.asOf) THEN 'pending' ELSE 'violated' END AS outcome, "
      + "CAST(NULL AS TEXT) AS evidence FROM \(r.name("n")) n CROSS JOIN \(r.name("p")) p"
    // Cases that cannot be placed: no entity, or no occurrence field in their record type.
    let unplaced =
      "SELECT o.record_type, o.case_id, o.case_id AS subject, CAST(NULL AS TEXT) AS period, o.pc_anchor AS anchor_ms, "
      + "CAST(NULL AS BIGINT) AS due_ms, 'unverifiable' AS outcome, CAST(NULL AS TEXT) AS evidence "
      + "FROM \(r.name("o")) o WHERE o.pc_entity IS NULL OR o.pc_missing"
    query.judgements = "\(judged) UNION ALL \(unplaced)"
    return query
  }
}
