import PolicyRules

extension EscalationCheck: SQLCompilableCheck {
  /// As `EscalationCheck+Evaluation`: a start (as for deadline), the due time (promised field,
  /// else start + limit; neither ⇒ unverifiable), done at or before it ⇒ passed; otherwise an
  /// escalation between the start and `due + escalate_within` ⇒ passed, pending while either
  /// moment is after the cut-off, else violated.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    let ev = SQLRuleCompiler.eventsAtCutOff
    var query = SQLRuleQuery(judgements: "")
    try r.defineStarts(start, into: &query)
    let promised =
      try dueField.map { f throws(Unsupported) in try r.timestampField(f, of: "b", "due_field") }
      ?? "CAST(NULL AS BIGINT)"
    let limitDue =
      try within.map { w throws(Unsupported) in try r.due(w, from: "b.pc_start", of: "b", "within") }
      ?? "CAST(NULL AS BIGINT)"
    // The first done event at or after the start.
    let doneEvents = try r.caseEvents(done, of: "b", as: "pc_q")
    let firstDone = doneEvents.first(.t) { "\($0).t >= b.pc_start" }
    query.definitions.append(
      "\(r.name("d")) AS (SELECT b.*, coalesce(\(promised), \(limitDue)) AS pc_due, "
        + "\(firstDone) AS pc_done FROM \(r.name("s")) b\(doneEvents.join))")
    let escalationDue = try r.due(escalateWithin, from: "k.pc_due", "escalate_within")
    query.definitions.append(
      "\(r.name("e")) AS (SELECT k.*, \(escalationDue) AS pc_escalation_due FROM \(r.name("d")) k)")
    let escalated =
      "EXISTS (SELECT 1 FROM \(ev) e WHERE \(r.sameCase("e", "k")) AND \(try r.matches(escalation, "e")) "
      + "AND e.t >= k.pc_start AND e.t <= k.pc_escalation_due)"
    let outcome =
      "CASE WHEN k.pc_start IS NULL OR k.pc_due IS NULL THEN 'unverifiable' "
      + "WHEN k.pc_done IS NOT NULL AND k.pc_done <= k.pc_due THEN 'passed' "
      + "WHEN k.pc_done IS NULL AND k.pc_due > \(r.asOf) THEN 'pending' "
      + "WHEN \(escalated) THEN 'passed' "
      + "WHEN k.pc_escalation_due > \(r.asOf) THEN 'pending' ELSE 'violated' END"
    query.judgements =
      "SELECT k.record_type, k.case_id, k.case_id AS subject, k.pc_start AS anchor_ms, k.pc_due AS due_ms, "
      + "\(outcome) AS outcome, k.pc_start_ev AS evidence FROM \(r.name("e")) k"
    return query
  }
}
