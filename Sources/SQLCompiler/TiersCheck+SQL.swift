import PolicyRules

extension TiersCheck: SQLCompilableCheck {
  /// As `TiersCheck+Evaluation`: per case that exists at the cut-off, the measured value (null ⇒
  /// unverifiable) in a band ⇒ violated, else passed. The band's severity and fine, and the fine
  /// doubled on repeats, are not in the judgement table (they do not change the outcome).
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    let term = try r.expressions(on: "c").compile(value)
    let measured: String
    switch (term.kind, boundsAreDurations) {
    case (.number, false): measured = term.sql
    case (.duration, true): measured = "CAST(\(term.sql) AS \(r.dialect.doubleType))"
    case (.duration, false): measured = "(CAST(\(term.sql) AS \(r.dialect.doubleType)) / 60000)"
    case (.string, _): throw Unsupported("value: text (read as a number natively)")
    default: measured = "CAST(NULL AS \(r.dialect.doubleType))"
    }
    let inBand = bands.map { band in
      "(c.pc_measured > \(SQLNumber.literal(band.above, r.dialect))"
        + (band.upTo.map { " AND c.pc_measured <= \(SQLNumber.literal($0, r.dialect))" } ?? "") + ")"
    }
    let outcome =
      "CASE WHEN c.pc_measured IS NULL THEN 'unverifiable' "
      + (inBand.isEmpty ? "" : "WHEN \(inBand.joined(separator: " OR ")) THEN 'violated' ")
      + "ELSE 'passed' END"
    // The measured value is computed once, in a derived table over the cases in scope.
    let scoped = "SELECT c.*, \(measured) AS pc_measured FROM (\(try r.scopedCases())) c"
    return SQLRuleQuery(judgements: SQLRuleCompiler.recordJudgements(r, scoped: scoped, outcome: outcome))
  }
}
