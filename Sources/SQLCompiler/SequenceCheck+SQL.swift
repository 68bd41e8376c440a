import PolicyRules

extension SequenceCheck: SQLCompilableCheck {
  /// As `SequenceCheck+Evaluation`: the first occurrence of each step (no first step ⇒ not
  /// applicable); with `complete` a missing step is violated; a present step earlier than the
  /// last present step before it is violated.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    guard !steps.isEmpty else { throw Unsupported("a sequence without steps") }
    let ev = SQLRuleCompiler.eventsAtCutOff
    var firsts: [String] = []
    // The evidence: each present step's first event, in step order (as natively).
    var evidence: [String] = []
    for (k, step) in steps.enumerated() {
      firsts.append(
        "(SELECT min(e.t) FROM \(ev) e WHERE \(r.sameCase("e", "c")) AND \(try r.matches(step, "e"))) AS pc_f\(k)"
      )
      firsts.append("\(try r.eventSeq(step, of: "c")) AS pc_s\(k)")
      evidence.append(
        "(SELECT \(r.evidence(event: "n")) FROM \(ev) n WHERE \(r.sameCase("n", "k")) AND n.seq = k.pc_s\(k))"
      )
    }
    var query = SQLRuleQuery(judgements: "")
    query.definitions.append(
      "\(r.name("s")) AS (SELECT c.record_type, c.case_id, \(firsts.joined(separator: ", ")) "
        + "FROM (\(try r.scopedCases())) c)")
    var violated: [String] = []
    if complete { violated += steps.indices.dropFirst().map { "k.pc_f\($0) IS NULL" } }
    for k in steps.indices.dropFirst() {
      let before = (0..<k).reversed().map { "k.pc_f\($0)" }.joined(separator: ", ")
      violated.append("(k.pc_f\(k) < coalesce(\(before))) IS TRUE")
    }
    let outcome =
      violated.isEmpty
      ? "'passed'" : "CASE WHEN \(violated.joined(separator: " OR ")) THEN 'violated' ELSE 'passed' END"
    query.judgements =
      "SELECT k.record_type, k.case_id, k.case_id AS subject, k.pc_f0 AS anchor_ms, CAST(NULL AS BIGINT) AS due_ms, "
      + "\(outcome) AS outcome, concat_ws('; ', \(evidence.joined(separator: ", "))) AS evidence "
      + "FROM \(r.name("s")) k WHERE k.pc_f0 IS NOT NULL"
    return query
  }
}
