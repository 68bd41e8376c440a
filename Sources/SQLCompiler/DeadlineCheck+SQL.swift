import PolicyRules

extension DeadlineCheck: SQLCompilableCheck {
  /// As `DeadlineCheck+Evaluation`: a start (no start event ⇒ not applicable, empty start field ⇒
  /// unverifiable), exemptions, the due time (agreed field, else start + limit), the first end at
  /// or after the start (else the first end), then passed / violated / pending at the cut-off.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    let d = r.dialect
    var query = SQLRuleQuery(judgements: "")
    // 1. The start of each case in scope.
    try r.defineStarts(start, into: &query)

    // 2. Exemption, agreed due time, limit.
    let c = r.expressions(on: "b")
    let exemptSQL = try exempt.map { e throws(Unsupported) in try c.condition(e) } ?? "FALSE"
    let agreed =
      try dueField.map { f throws(Unsupported) in try r.timestampField(f, of: "b", "due_field") }
      ?? "CAST(NULL AS BIGINT)"
    let agreedEvidence = dueField.map { r.evidence(field: $0, ms: "b.pc_agreed", of: "b") } ?? "NULL"
    let limitDue = try r.due(within, from: "b.pc_start", of: "b", "within")
    let earliest =
      try notBefore.map { n throws(Unsupported) in "b.pc_start + \(try r.milliseconds(n, "not_before"))" }
      ?? "CAST(NULL AS BIGINT)"
    query.definitions.append(
      "\(r.name("l")) AS (SELECT b.*, CASE WHEN b.pc_start IS NULL THEN 'start' "
        + "WHEN (\(exemptSQL)) IS NULL THEN 'exempt' END AS pc_problem, (b.pc_start IS NOT NULL AND (\(exemptSQL)) IS TRUE) AS pc_exempt, "
        + "\(agreed) AS pc_agreed, \(limitDue) AS pc_limit_due FROM \(r.name("s")) b)")
    query.definitions.append(
      "\(r.name("d")) AS (SELECT b.*, coalesce(b.pc_agreed, b.pc_limit_due) AS pc_due, "
        + "\(earliest) AS pc_earliest, \(agreedEvidence) AS pc_agreed_ev FROM \(r.name("l")) b WHERE NOT b.pc_exempt)"
    )

    // 3. The end, and the outcome.
    let alternativeSQL =
      try alternative.map { e throws(Unsupported) in try r.expressions(on: "k").condition(e) } ?? "FALSE"
    let endColumns: String
    var endJoin = ""
    switch end {
    case .event(let matcher, let occurrence):
      let after = notBefore == nil ? "k.pc_start" : "least(k.pc_earliest, k.pc_start)"
      let lookup: (join: String, seq: String)
      if occurrence == .first {
        let ends = try r.caseEvents(matcher, of: "k", as: "pc_q")
        lookup = (ends.join, ends.firstSeq(atOrAfter: after))
      } else {
        lookup = ("", try r.eventSeq(matcher, last: true, of: "k"))
      }
      query.definitions.append(
        "\(r.name("e")) AS (SELECT k.*, CASE WHEN k.pc_problem IS NULL THEN \(lookup.seq) END AS pc_end_seq "
          + "FROM \(r.name("d")) k\(lookup.join))"
      )
      endJoin =
        " LEFT JOIN \(SQLRuleCompiler.eventsAtCutOff) n ON \(r.sameCase("n", "k")) AND n.seq = k.pc_end_seq"
      endColumns = "n.t"
      query.definitions.append(
        "\(r.name("f")) AS (SELECT k.*, \(endColumns) AS pc_end, \(r.evidence(event: "n")) AS pc_end_ev FROM \(r.name("e")) k\(endJoin))"
      )
    case .field(let name):
      let ms = try r.timestampField(name, of: "k", "end")
      query.definitions.append(
        "\(r.name("f")) AS (SELECT k.*, \(ms) AS pc_end, \(r.evidence(field: name, ms: ms, of: "k")) AS pc_end_ev FROM \(r.name("d")) k)"
      )
    }
    // An end field the record type does not have at all cannot be judged (an empty one is absent).
    var endMissing = ""
    if case .field(let name) = end, !r.typesLacking(name).isEmpty {
      endMissing = "OR k.record_type IN (\(r.typesLacking(name).map(d.literal).joined(separator: ", "))) "
    }
    // An agreed due time is met at or before it; a limit's due time as its calendar counts.
    let meets = try r.meets("k.pc_end", due: "k.pc_due", within, "within")
    let outcome =
      "CASE WHEN k.pc_problem IS NOT NULL OR k.pc_due IS NULL \(endMissing)THEN 'unverifiable' "
      + "WHEN k.pc_end IS NOT NULL AND k.pc_earliest IS NOT NULL AND k.pc_end < k.pc_earliest THEN 'violated' "
      + "WHEN k.pc_end IS NOT NULL AND (\(meets)) AND k.pc_agreed IS NULL THEN 'passed' "
      + "WHEN k.pc_end IS NOT NULL AND k.pc_end <= k.pc_due THEN 'passed' "
      + "WHEN k.pc_end IS NOT NULL AND (\(alternativeSQL)) IS TRUE THEN 'passed' "
      + "WHEN k.pc_end IS NOT NULL THEN 'violated' "
      + "WHEN k.pc_due > \(r.asOf) THEN 'pending' "
      + "WHEN (\(alternativeSQL)) IS TRUE THEN 'passed' ELSE 'violated' END"
    // The evidence: start, the agreed due time, the end (as the native judgement lists them).
    let evidence =
      "concat_ws('; ', k.pc_start_ev, CASE WHEN k.pc_problem IS NULL THEN k.pc_agreed_ev END, "
      + "CASE WHEN k.pc_problem IS NULL AND k.pc_due IS NOT NULL THEN k.pc_end_ev END)"
    query.judgements =
      "SELECT k.record_type, k.case_id, k.case_id AS subject, k.pc_start AS anchor_ms, "
      + "CASE WHEN k.pc_problem IS NULL THEN k.pc_due END AS due_ms, \(outcome) AS outcome, \(evidence) AS evidence "
      + "FROM \(r.name("f")) k"
    return query
  }
}
