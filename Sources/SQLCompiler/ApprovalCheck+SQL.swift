import PolicyRules

extension ApprovalCheck: SQLCompilableCheck {
  /// As `ApprovalCheck+Evaluation`: the first action (none ⇒ not applicable); levels in order,
  /// the first that fails decides: a `when` that is null ⇒ unverifiable, no approval at or before
  /// the action ⇒ violated; with `distinct`, an unknown requester ⇒ unverifiable, and no approval
  /// by another resource ⇒ unverifiable when one has no resource, else violated.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    let ev = SQLRuleCompiler.eventsAtCutOff
    var query = SQLRuleQuery(judgements: "")
    // The requester: the resource of the first requester event, else the action's own. Each
    // lookup reads columns of the query just outside it only (Spark resolves no deeper).
    let requesterSeq = try requester.map { q throws(Unsupported) in
      ", \(try r.eventSeq(q, of: "c")) AS pc_rseq"
    }
    query.definitions.append(
      "\(r.name("a0")) AS (SELECT c.*, \(try r.eventSeq(action, of: "c")) AS pc_seq\(requesterSeq ?? "") "
        + "FROM (\(try r.scopedCases())) c)")
    let requesterSQL =
      requester == nil
      ? "e.resource" : "(SELECT q.resource FROM \(ev) q WHERE \(r.sameCase("q", "a")) AND q.seq = a.pc_rseq)"
    query.definitions.append(
      "\(r.name("a1")) AS (SELECT a.*, e.t AS pc_t, \(r.evidence(event: "e")) AS pc_ev, \(requesterSQL) AS pc_req "
        + "FROM \(r.name("a0")) a JOIN \(ev) e ON \(r.sameCase("e", "a")) AND e.seq = a.pc_seq)")
    // Per level: its approvals at or before the action, those by another resource than the
    // requester, those without a resource.
    var counts: [String] = []
    var joins = ""
    for (k, level) in levels.enumerated() {
      let approvals = try r.caseEvents(level.approval, of: "a", as: "pc_q\(k)")
      joins += approvals.join
      counts.append("\(approvals.count { "\($0).t <= a.pc_t" }) AS pc_n\(k)")
      counts.append(
        "\(approvals.count { "\($0).t <= a.pc_t AND \($0).resource IS NOT NULL AND \($0).resource <> a.pc_req" }) AS pc_o\(k)"
      )
      counts.append("\(approvals.count { "\($0).t <= a.pc_t AND \($0).resource IS NULL" }) AS pc_z\(k)")
    }
    query.definitions.append(
      "\(r.name("a")) AS (SELECT a.*" + counts.map { ", " + $0 }.joined() + " FROM \(r.name("a1")) a\(joins))"
    )
    let x = r.expressions(on: "k")
    var branches: [String] = []
    for (k, level) in levels.enumerated() {
      var applies = "TRUE"
      if let condition = level.condition {
        let holds = try x.condition(condition)
        branches.append("WHEN (\(holds)) IS NULL THEN 'unverifiable'")
        applies = "(\(holds)) IS TRUE"
      }
      branches.append("WHEN \(applies) AND k.pc_n\(k) = 0 THEN 'violated'")
      if distinct {
        branches.append("WHEN \(applies) AND k.pc_req IS NULL THEN 'unverifiable'")
        branches.append("WHEN \(applies) AND k.pc_o\(k) = 0 AND k.pc_z\(k) > 0 THEN 'unverifiable'")
        branches.append("WHEN \(applies) AND k.pc_o\(k) = 0 THEN 'violated'")
      }
    }
    let outcome = branches.isEmpty ? "'passed'" : "CASE \(branches.joined(separator: " ")) ELSE 'passed' END"
    query.judgements =
      "SELECT k.record_type, k.case_id, k.case_id AS subject, k.pc_t AS anchor_ms, CAST(NULL AS BIGINT) AS due_ms, "
      + "\(outcome) AS outcome, k.pc_ev AS evidence FROM \(r.name("a")) k"
    return query
  }
}
