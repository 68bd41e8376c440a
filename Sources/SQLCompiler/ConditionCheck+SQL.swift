import PolicyRules

extension ConditionCheck: SQLCompilableCheck {
  /// As `ConditionCheck+Evaluation`: per case that exists at the cut-off, true ⇒ passed,
  /// false ⇒ violated, null ⇒ unverifiable; anchored at the case's first event.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    let holds = try r.expressions(on: "c").condition(assertion)
    return SQLRuleQuery(
      judgements: SQLRuleCompiler.recordJudgements(
        r, scoped: try r.scopedCases(),
        outcome:
          "CASE WHEN (\(holds)) IS TRUE THEN 'passed' WHEN (\(holds)) IS FALSE THEN 'violated' ELSE 'unverifiable' END"
      ))
  }
}

extension SQLRuleCompiler {
  /// Judgements of a whole record (condition, fields): one per case in scope that exists at the
  /// cut-off, subject the case, anchored at its first event, the record's row as evidence.
  static func recordJudgements(_ r: SQLRuleCompiler, scoped: String, outcome: String) -> String {
    "SELECT c.record_type, c.case_id, c.case_id AS subject, \(r.recordAnchor(of: "c")) AS anchor_ms, "
      + "CAST(NULL AS BIGINT) AS due_ms, \(outcome) AS outcome, "
      + "c.record_type || '@' || coalesce(CAST(\(r.recordAnchor(of: "c")) AS \(r.dialect.textType)), '') || ' ' || c.source_file || ':' || CAST(c.source_line AS \(r.dialect.textType)) AS evidence "
      + "FROM (\(scoped)) c WHERE \(r.existsAtCutOff("c"))"
  }
}
