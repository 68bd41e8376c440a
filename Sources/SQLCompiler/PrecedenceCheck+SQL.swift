import PolicyRules

extension PrecedenceCheck: SQLCompilableCheck {
  /// As `PrecedenceCheck+Evaluation`: the first action (none ⇒ not applicable) needs the first
  /// of every required event at or before it.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    let ev = SQLRuleCompiler.eventsAtCutOff
    var firsts: [String] = []
    for (k, required) in requires.enumerated() {
      firsts.append(
        "(SELECT min(e.t) FROM \(ev) e WHERE \(r.sameCase("e", "a")) AND \(try r.matches(required, "e"))) AS pc_req\(k)"
      )
    }
    var query = SQLRuleQuery(judgements: "")
    query.definitions.append(
      "\(r.name("a0")) AS (SELECT c.record_type, c.case_id, \(try r.eventSeq(action, of: "c")) AS pc_seq "
        + "FROM (\(try r.scopedCases())) c)")
    query.definitions.append(
      "\(r.name("a")) AS (SELECT a.record_type, a.case_id, e.t, \(r.evidence(event: "e")) AS pc_ev"
        + firsts.map { ", " + $0 }.joined()
        + " FROM \(r.name("a0")) a JOIN \(ev) e ON \(r.sameCase("e", "a")) AND e.seq = a.pc_seq)")
    let met = requires.indices.map { "k.pc_req\($0) <= k.t" }
    let outcome =
      met.isEmpty
      ? "'passed'"
      : "CASE WHEN \(met.map { "(\($0)) IS TRUE" }.joined(separator: " AND ")) THEN 'passed' ELSE 'violated' END"
    query.judgements =
      "SELECT k.record_type, k.case_id, k.case_id AS subject, k.t AS anchor_ms, CAST(NULL AS BIGINT) AS due_ms, "
      + "\(outcome) AS outcome, k.pc_ev AS evidence FROM \(r.name("a")) k"
    return query
  }
}
