import PolicyRules

/// An expression compiled to SQL with its static type. Timestamps are milliseconds since 1970
/// (BIGINT) and durations milliseconds, so arithmetic on them is integer arithmetic in every dialect.
struct SQLTerm {
  enum Kind: Equatable { case number, string, bool, timestamp, duration, null }
  var sql: String
  var kind: Kind

  static let nullBool = SQLTerm(sql: "CAST(NULL AS BOOLEAN)", kind: .bool)
}

/// Translates expressions (`when:`, `assert:`, `where:`, …) into SQL over one row of `records`
/// or `events`, keeping the native semantics: null propagates through every operation but
/// `and`/`or` (SQL's three-valued logic is the same) and null tests; a type mismatch the data
/// makes is null. What SQL cannot say the same way is refused (`Unsupported`), never approximated.
struct SQLExpressionCompiler {
  let schema: SQLSchema
  let dialect: SQLDialect
  /// The row alias whose columns are the fields (`c` for a case, `e` for an event).
  let row: String
  /// The events the functions `has/count/first/last` count (those up to the cut-off).
  let eventsAtCutOff: String

  func compile(_ expression: Expression) throws(Unsupported) -> SQLTerm {
    try compile(expression.tree)
  }

  /// A condition: true, false or null (SQL NULL).
  func condition(_ expression: Expression) throws(Unsupported) -> String {
    let term = try compile(expression)
    switch term.kind {
    case .bool: return term.sql
    // A condition that is no bool is null (not true): the case is not applicable / unverifiable.
    default: return SQLTerm.nullBool.sql
    }
  }

  func compile(_ tree: ExpressionTree) throws(Unsupported) -> SQLTerm {
    switch tree {
    case .constant(let value): return try constant(value)
    case .field(let name): return try field(name)
    case .isNull(let operand, let negated):
      let term = try compile(operand)
      if term.kind == .null { return SQLTerm(sql: negated ? "FALSE" : "TRUE", kind: .bool) }
      return SQLTerm(sql: "(\(term.sql) IS \(negated ? "NOT " : "")NULL)", kind: .bool)
    case .not(let operand):
      let term = try compile(operand)
      return term.kind == .bool ? SQLTerm(sql: "(NOT \(term.sql))", kind: .bool) : .nullBool
    case .negate(let operand):
      let term = try compile(operand)
      switch term.kind {
      case .number: return SQLTerm(sql: "(-\(term.sql))", kind: .number)
      case .duration: return SQLTerm(sql: "(-\(term.sql))", kind: .duration)
      default: return SQLTerm(sql: "NULL", kind: .null)
      }
    case .and(let left, let right): return try logical("AND", left, right)
    case .or(let left, let right): return try logical("OR", left, right)
    case .binary(let op, let left, let right): return try binary(op, try compile(left), try compile(right))
    case .membership(let left, let elements, let negated):
      return try membership(try compile(left), elements, negated: negated)
    case .matches:
      throw Unsupported("'matches' (regular expressions differ between engines)")
    case .call(let name, let arguments): return try call(name, arguments)
    }
  }

  private func constant(_ value: Value) throws(Unsupported) -> SQLTerm {
    switch value {
    case .null: SQLTerm(sql: "NULL", kind: .null)
    case .bool(let b): SQLTerm(sql: b ? "TRUE" : "FALSE", kind: .bool)
    case .number(let n): SQLTerm(sql: SQLNumber.literal(n, dialect), kind: n.isFinite ? .number : .null)
    case .string(let s): SQLTerm(sql: dialect.literal(s), kind: .string)
    case .timestamp(let t): SQLTerm(sql: "CAST(\(t.milliseconds) AS BIGINT)", kind: .timestamp)
    case .duration(let d): SQLTerm(sql: "CAST(\(d) AS BIGINT)", kind: .duration)
    }
  }

  func field(_ name: String) throws(Unsupported) -> SQLTerm {
    let column = "\(row).\(dialect.identifier(SQLSchema.column(of: name)))"
    switch schema.type(of: name) {
    case nil, .empty: return SQLTerm(sql: "NULL", kind: .null)
    case .text: return SQLTerm(sql: column, kind: .string)
    case .number: return SQLTerm(sql: column, kind: .number)
    case .bool: return SQLTerm(sql: column, kind: .bool)
    case .timestamp: return SQLTerm(sql: dialect.epochMilliseconds(column), kind: .timestamp)
    case .duration: return SQLTerm(sql: column, kind: .duration)
    case .mixed: throw Unsupported("field '\(name)' holds values of several types")
    }
  }

  private func logical(_ op: String, _ left: ExpressionTree, _ right: ExpressionTree) throws(Unsupported)
    -> SQLTerm
  {
    // A side that is no bool counts as null, as `.bool` of it is nil natively.
    func side(_ tree: ExpressionTree) throws(Unsupported) -> String {
      let term = try compile(tree)
      return term.kind == .bool ? term.sql : SQLTerm.nullBool.sql
    }
    return SQLTerm(sql: "(\(try side(left)) \(op) \(try side(right)))", kind: .bool)
  }

  private func binary(_ op: String, _ a: SQLTerm, _ b: SQLTerm) throws(Unsupported) -> SQLTerm {
    let null = SQLTerm(sql: "NULL", kind: .null)
    if a.kind == .null || b.kind == .null {
      return ["==", "!=", "<", "<=", ">", ">="].contains(op) ? .nullBool : null
    }
    if (a.kind == .string && b.kind == .number) || (a.kind == .number && b.kind == .string) {
      throw Unsupported("'\(op)' between text and a number (read as a number when the text is one)")
    }
    switch op {
    case "==", "!=":
      guard a.kind == b.kind else { return .nullBool }
      return SQLTerm(sql: "(\(a.sql) \(op == "==" ? "=" : "<>") \(b.sql))", kind: .bool)
    case "<", "<=", ">", ">=":
      guard a.kind == b.kind, a.kind != .bool else { return .nullBool }
      if a.kind == .string {
        return SQLTerm(
          sql: "(\(dialect.codePointOrdered(a.sql)) \(op) \(dialect.codePointOrdered(b.sql)))", kind: .bool)
      }
      return SQLTerm(sql: "(\(a.sql) \(op) \(b.sql))", kind: .bool)
    default: break
    }
    switch (op, a.kind, b.kind) {
    case ("+", .number, .number), ("-", .number, .number), ("*", .number, .number):
      return SQLTerm(sql: "(\(a.sql) \(op) \(b.sql))", kind: .number)
    case ("/", .number, .number):
      return SQLTerm(sql: "(\(a.sql) / NULLIF(\(b.sql), 0))", kind: .number)
    case ("+", .string, .string):
      return SQLTerm(sql: "(\(a.sql) || \(b.sql))", kind: .string)
    case ("+", .timestamp, .duration), ("-", .timestamp, .duration):
      return SQLTerm(sql: "(\(a.sql) \(op) \(b.sql))", kind: .timestamp)
    case ("+", .duration, .timestamp):
      return SQLTerm(sql: "(\(a.sql) + \(b.sql))", kind: .timestamp)
    case ("-", .timestamp, .timestamp):
      return SQLTerm(sql: "(\(a.sql) - \(b.sql))", kind: .duration)
    case ("+", .duration, .duration), ("-", .duration, .duration):
      return SQLTerm(sql: "(\(a.sql) \(op) \(b.sql))", kind: .duration)
    case ("%", _, _):
      throw Unsupported("'%' (the remainder's sign differs between engines)")
    case ("*", _, _), ("/", _, _):
      guard a.kind == .number || b.kind == .number, a.kind != b.kind else { return null }
      throw Unsupported("'\(op)' of a duration and a number (rounding to milliseconds)")
    default:
      return null
    }
  }

  private func membership(_ left: SQLTerm, _ elements: [ExpressionTree], negated: Bool) throws(Unsupported)
    -> SQLTerm
  {
    if left.kind == .null { return .nullBool }
    var same: [String] = []
    for element in elements {
      let term = try compile(element)
      if (left.kind == .string && term.kind == .number) || (left.kind == .number && term.kind == .string) {
        throw Unsupported("'in' between text and a number (read as a number when the text is one)")
      }
      // An element of another type (or null) never equals the value.
      if term.kind == left.kind && left.kind != .bool || (term.kind == .bool && left.kind == .bool) {
        same.append(term.sql)
      }
    }
    if same.isEmpty {
      return SQLTerm(
        sql: "(CASE WHEN \(left.sql) IS NULL THEN NULL ELSE \(negated ? "TRUE" : "FALSE") END)", kind: .bool)
    }
    return SQLTerm(
      sql: "(\(left.sql) \(negated ? "NOT IN" : "IN") (\(same.joined(separator: ", "))))", kind: .bool)
  }

  private func call(_ name: String, _ arguments: [ExpressionTree]) throws(Unsupported) -> SQLTerm {
    switch name {
    case "has", "count", "first", "last":
      guard arguments.count == 1, case .constant(.string(let activity)) = arguments[0] else {
        throw Unsupported("\(name)() of a computed activity name")
      }
      let events =
        "FROM \(eventsAtCutOff) x WHERE x.record_type = \(row).record_type AND x.case_id = \(row).case_id "
        + "AND x.activity = \(dialect.literal(activity))"
      switch name {
      case "has": return SQLTerm(sql: "EXISTS (SELECT 1 \(events))", kind: .bool)
      case "count":
        return SQLTerm(sql: "CAST((SELECT count(*) \(events)) AS \(dialect.doubleType))", kind: .number)
      case "first": return SQLTerm(sql: "(SELECT min(x.t) \(events))", kind: .timestamp)
      default: return SQLTerm(sql: "(SELECT max(x.t) \(events))", kind: .timestamp)
      }
    case "ceil", "floor":
      let term = try compile(arguments[0])
      guard term.kind == .number else { return SQLTerm(sql: "NULL", kind: .null) }
      return SQLTerm(sql: "\(name)(\(term.sql))", kind: .number)
    case "abs":
      let term = try compile(arguments[0])
      guard term.kind == .number || term.kind == .duration else { return SQLTerm(sql: "NULL", kind: .null) }
      return SQLTerm(sql: "abs(\(term.sql))", kind: term.kind)
    case "hour":
      // The local hour in the dataset's zone (`CaseView.timeZoneIdentifier`).
      let term = try compile(arguments[0])
      switch term.kind {
      case .timestamp:
        let local =
          "(\(dialect.timestamp(fromMilliseconds: term.sql)) AT TIME ZONE \(dialect.literal(schema.timeZoneIdentifier)))"
        return SQLTerm(sql: "CAST(extract(hour FROM \(local)) AS \(dialect.doubleType))", kind: .number)
      case .string: throw Unsupported("hour() of time text (parsed natively)")
      default: return SQLTerm(sql: "NULL", kind: .null)
      }
    default:
      throw Unsupported("function \(name)()")
    }
  }
}
