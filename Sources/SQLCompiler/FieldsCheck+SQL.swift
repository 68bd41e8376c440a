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
      let type = r.schema.type(of: field)
      let types = type == .mixed ? r.schema.storedTypes(of: field) : type.map { [$0] } ?? []
      for stored in types {
        let column =
          "c.\(r.dialect.identifier(SQLSchema.storedColumn(of: field, as: type == .mixed ? stored : .text)))"
        if let problem = try notAllowed(column, stored, values, field, r) { problems.append(problem) }
      }
    }
    let outcome =
      "CASE " + (unknown.isEmpty ? "" : "WHEN \(unknown.joined(separator: " OR ")) THEN 'unverifiable' ")
      + (problems.isEmpty ? "" : "WHEN \(problems.joined(separator: " OR ")) THEN 'violated' ")
      + "ELSE 'passed' END"
    return SQLRuleQuery(
      judgements: SQLRuleCompiler.recordJudgements(r, scoped: try r.scopedCases(), outcome: outcome))
  }

  /// A present value of `type` in `column` whose text (`Value.description`) is not one of
  /// `values`. A number's text is `values`' number when that is its text (`"5"` is 5, `"5.0"`
  /// is no number's), so numbers are compared with those numbers.
  private func notAllowed(
    _ column: String, _ type: SQLSchema.ColumnType, _ values: [String], _ field: String, _ r: SQLRuleCompiler
  ) throws(Unsupported) -> String? {
    let d = r.dialect
    switch type {
    case .empty, .mixed: return nil
    case .text:
      return "(\(column) IS NOT NULL AND \(column) NOT IN (\(values.map(d.literal).joined(separator: ", "))))"
    case .bool:
      let list = values.map(d.literal).joined(separator: ", ")
      return "(\(column) IS NOT NULL AND CASE WHEN \(column) THEN 'true' ELSE 'false' END NOT IN (\(list)))"
    case .number:
      let numbers = values.compactMap { text -> Double? in
        guard let n = Double(text), n.isFinite, Value.number(n).description == text else { return nil }
        return n
      }
      guard !numbers.isEmpty else { return "(\(column) IS NOT NULL)" }
      return
        "(\(column) IS NOT NULL AND \(column) NOT IN (\(numbers.map { SQLNumber.literal($0, d) }.joined(separator: ", "))))"
    case .timestamp, .duration:
      throw Unsupported("allowed: field '\(field)' holds \(type.rawValue) values (compared by their text)")
    }
  }

  /// The field is null, or text that is blank.
  private func missing(_ name: String, _ r: SQLRuleCompiler) -> String {
    let column = "c.\(r.dialect.identifier(SQLSchema.column(of: name)))"
    switch r.schema.type(of: name) {
    case nil, .empty: return "TRUE"
    case .text: return "(\(column) IS NULL OR \(r.dialect.trimmingWhitespace(column)) = '')"
    case .mixed:
      let none = r.schema.storedGuard(of: name, as: nil, row: "c", r.dialect)
      return "(\(none) OR \(r.dialect.trimmingWhitespace(column)) = '')"
    default: return "(\(column) IS NULL)"
    }
  }
}
