import PolicyRules

extension LeadCheck: SQLCompilableCheck {
  /// As `LeadCheck+Evaluation`: a target (as a deadline's start), the latest allowed notice
  /// `target − at_least`; a notice at or before it ⇒ passed, after it ⇒ violated; none ⇒ pending
  /// while the latest time is after the cut-off, else violated.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    var query = SQLRuleQuery(judgements: "")
    try r.defineStarts(target, into: &query)
    let latest = try r.latestStart(before: "b.pc_start", leading: atLeast, "at_least")
    var noticeMissing = "FALSE"
    let noticeSQL: String
    // The notice's evidence, listed before the target's as natively (none when there is none).
    let noticeEvidence: String
    switch notice {
    case .event(let matcher, let occurrence):
      let lookup =
        "FROM \(SQLRuleCompiler.eventsAtCutOff) n WHERE \(r.sameCase("n", "b")) AND n.seq = "
        + "\(try r.eventSeq(matcher, last: occurrence == .last, of: "n"))"
      noticeSQL = "(SELECT n.t \(lookup))"
      noticeEvidence = "(SELECT \(r.evidence(event: "n")) \(lookup))"
    case .field(let name):
      noticeSQL = try r.timestampField(name, of: "b", "notice")
      noticeEvidence = r.evidence(field: name, ms: noticeSQL, of: "b")
      let lacking = r.typesLacking(name)
      if !lacking.isEmpty {
        noticeMissing = "b.record_type IN (\(lacking.map(r.dialect.literal).joined(separator: ", ")))"
      }
    }
    query.definitions.append(
      "\(r.name("l")) AS (SELECT b.*, \(latest) AS pc_latest, \(noticeSQL) AS pc_notice, \(noticeMissing) AS pc_missing, "
        + "\(noticeEvidence) AS pc_notice_ev FROM \(r.name("s")) b)")
    let outcome =
      "CASE WHEN k.pc_start IS NULL OR k.pc_latest IS NULL OR k.pc_missing THEN 'unverifiable' "
      + "WHEN k.pc_notice IS NOT NULL THEN CASE WHEN k.pc_notice <= k.pc_latest THEN 'passed' ELSE 'violated' END "
      + "WHEN k.pc_latest > \(r.asOf) THEN 'pending' ELSE 'violated' END"
    query.judgements =
      "SELECT k.record_type, k.case_id, k.case_id AS subject, k.pc_start AS anchor_ms, "
      + "CASE WHEN k.pc_start IS NOT NULL THEN k.pc_latest END AS due_ms, \(outcome) AS outcome, "
      + "concat_ws('; ', CASE WHEN k.pc_start IS NOT NULL AND k.pc_latest IS NOT NULL AND NOT k.pc_missing "
      + "THEN k.pc_notice_ev END, k.pc_start_ev) AS evidence FROM \(r.name("l")) k"
    return query
  }
}
