import PolicyRules

extension FieldsCheck: SQLCompilableCheck {
  /// As `FieldsCheck+Evaluation`: a `required_when` condition that is null ⇒ unverifiable; a
  /// required field null or blank text ⇒ violated; a present value outside `allowed` ⇒ violated.
  func sql(_ r: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery {
    if !patterns.isEmpty { throw Unsupported("patterns (regular expressions differ between engines)") }
    let x = r.expressions(on: "c")
    var unknown: [String] = []
    var problems: [String] = []
    for name in required { problems.append(missing(name, r)) }
    for requirement in requiredWhen {
      let condition = try x.condition(requirement.condition)
      unknown.append("(\(condition)) IS NULL")
      for name in requirement.fields { problems.append("((\(condition)) IS TRUE AND \(missing(name, r)))") }
    }
    for (field, values) in allowed {
      let column = "c.\(r.dialect.identifier(SQLSchema.column(of: field)))"
      let text: String
      switch r.schema.type(of: field) {
      case nil, .empty: continue
      case .text, .mixed: text = column
      case .bool: text = "CASE WHEN \(column) THEN 'true' ELSE 'false' END"
      case .some(let type):
        throw Unsupported("allowed: field '\(field)' holds \(type.rawValue) values (compared by their text)")
      }
      let list = values.map(r.dialect.literal).joined(separator: ", ")
      problems.append("(\(column) IS NOT NULL AND \(text) NOT IN (\(list)))")
    }
    let outcome =
      "CASE " + (unknown.isEmpty ? "" : "WHEN \(unknown.joined(separator: " OR ")) THEN 'unverifiable' ")
      + (problems.isEmpty ? "" : "WHEN \(problems.joined(separator: " OR ")) THEN 'violated' ")
      + "ELSE 'passed' END"
    return SQLRuleQuery(
      judgements: SQLRuleCompiler.recordJudgements(r, scoped: try r.scopedCases(), outcome: outcome))
  }

  /// The field is null, or text that is blank.
  private func missing(_ name: String, _ r: SQLRuleCompiler) -> String {
    let column = "c.\(r.dialect.identifier(SQLSchema.column(of: name)))"
    switch r.schema.type(of: name) {
    case nil, .empty: return "TRUE"
    case .text, .mixed: return "(\(column) IS NULL OR \(r.dialect.trimmingWhitespace(column)) = '')"
    default: return "(\(column) IS NULL)"
    }
  }
}
