import PolicyRules

extension ResponseCheck: SQLCompilableCheck {
  /// As `ResponseCheck+Evaluation`: triggers in time order (only the first unless `each`), each
  /// paired with the earliest response at or after it that no earlier trigger took.
  ///
  /// The greedy pairing in closed form: with `f(i)` the number of responses before trigger `i`
  /// (0-based, triggers in time order, so `f` does not decrease), trigger `i` takes response
  /// `p(i) = max(p(i−1) + 1, f(i)) = i + max over k ≤ i of (f(k) − k)`: a running maximum, one
  /// window function. Trigger `i` is answered when `p(i)` is below the number of responses.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    var query = SQLRuleQuery(judgements: "")
    let ev = SQLRuleCompiler.eventsAtCutOff
    let limitDue = try within.map { w throws(Unsupported) in try r.due(w, from: "e.t", of: "c", "within") }
    query.definitions.append(
      "\(r.name("t0")) AS (SELECT c.record_type, c.case_id, e.seq, e.t, \(r.evidence(event: "e")) AS pc_ev, "
        + "\(limitDue ?? "CAST(NULL AS BIGINT)") AS pc_due, "
        + "row_number() OVER (PARTITION BY c.record_type, c.case_id ORDER BY e.seq) - 1 AS pc_i "
        + "FROM (\(try r.scopedCases())) c JOIN \(ev) e ON \(r.sameCase("e", "c")) AND \(try r.matches(trigger, "e")))"
    )
    let responseMatch = try r.matches(response, "e")
    // f(i): the responses before trigger i.
    let responses = try r.caseEvents(response, of: "u", as: "pc_q")
    let earlier = responses.count { "\($0).t < u.t" }
    query.definitions.append(
      "\(r.name("t")) AS (SELECT t.*, t.pc_i + max(t.pc_f - t.pc_i) OVER (PARTITION BY t.record_type, t.case_id "
        + "ORDER BY t.pc_i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS pc_p FROM ("
        + "SELECT u.*, \(earlier) AS pc_f "
        + "FROM \(r.name("t0")) u\(responses.join)\(each ? "" : " WHERE u.pc_i = 0")) t)")
    query.definitions.append(
      "\(r.name("a")) AS (SELECT e.record_type, e.case_id, e.t, \(r.evidence(event: "e")) AS pc_ev, "
        + "row_number() OVER (PARTITION BY e.record_type, e.case_id ORDER BY e.seq) - 1 AS pc_k "
        + "FROM \(ev) e WHERE \(responseMatch))")
    let due = "t.pc_due"
    let hasLimit = within != nil
    let outcome =
      (hasLimit ? "CASE WHEN t.pc_due IS NULL THEN 'unverifiable' " : "CASE ")
      + "WHEN a.t IS NOT NULL THEN \(hasLimit ? "CASE WHEN \(try r.meets("a.t", due: due, within, "within")) THEN 'passed' ELSE 'violated' END" : "'passed'") "
      + (hasLimit ? "WHEN \(due) > \(r.asOf) THEN 'pending' " : "")
      + "ELSE 'violated' END"
    query.judgements =
      "SELECT t.record_type, t.case_id, CASE WHEN t.pc_i = 0 THEN t.case_id ELSE t.case_id || '#' || CAST(t.pc_i + 1 AS \(r.dialect.textType)) END AS subject, "
      + "t.t AS anchor_ms, \(hasLimit ? due : "CAST(NULL AS BIGINT)") AS due_ms, \(outcome) AS outcome, "
      + "concat_ws('; ', t.pc_ev, CASE WHEN t.pc_due IS NOT NULL OR \(hasLimit ? "FALSE" : "TRUE") THEN a.pc_ev END) AS evidence "
      + "FROM \(r.name("t")) t LEFT JOIN \(r.name("a")) a ON \(r.sameCase("a", "t")) AND a.pc_k = t.pc_p"
    return query
  }
}
