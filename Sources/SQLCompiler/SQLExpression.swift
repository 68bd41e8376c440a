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
  /// The type each field of several types is read as in this translation (nil: the field is
  /// null), set by `varying`.
  var assignment: [String: SQLSchema.ColumnType?] = [:]

  init(schema: SQLSchema, dialect: SQLDialect, row: String, eventsAtCutOff: String) {
    self.schema = schema
    self.dialect = dialect
    self.row = row
    self.eventsAtCutOff = eventsAtCutOff
  }

  func compile(_ expression: Expression) throws(Unsupported) -> SQLTerm {
    try varying(expression.tree) { $0 }
  }

  /// A condition: true, false or null (SQL NULL).
  func condition(_ expression: Expression) throws(Unsupported) -> String {
    // A condition that is no bool is null (not true): the case is not applicable / unverifiable.
    let term = try varying(expression.tree) { $0.kind == .bool ? $0 : .nullBool }
    return term.kind == .bool ? term.sql : SQLTerm.nullBool.sql
  }

  /// The expression over fields holding values of several types (`SQLSchema.ColumnType.mixed`):
  /// translated once for each combination of the types they hold in the data (and null), each
  /// translation guarded by the columns that hold those types — the native engine, too, decides
  /// by each value's own type. Every combination must give the same type (after `adapt`).
  private func varying(_ tree: ExpressionTree, _ adapt: (SQLTerm) -> SQLTerm) throws(Unsupported) -> SQLTerm {
    var names: Set<String> = []
    Self.collectFields(tree, into: &names)
    let mixed = names.filter { schema.type(of: $0) == .mixed }.sorted()
    guard !mixed.isEmpty else { return adapt(try compile(tree)) }
    var combinations: [[String: SQLSchema.ColumnType?]] = [[:]]
    for name in mixed {
      let options = schema.storedTypes(of: name).map { Optional($0) } + [nil]
      combinations = combinations.flatMap { base in
        options.map { option in
          var next = base
          next[name] = option
          return next
        }
      }
    }
    guard combinations.count <= 64 else {
      throw Unsupported("fields \(mixed.joined(separator: ", ")) hold too many combinations of types")
    }
    var branches: [String] = []
    var kinds: Set<SQLTerm.Kind> = []
    for combination in combinations {
      var copy = self
      copy.assignment = combination
      let term = adapt(try copy.compile(tree))
      if term.kind != .null { kinds.insert(term.kind) }
      let guards = mixed.map { name in
        schema.storedGuard(of: name, as: combination[name] ?? nil, row: row, dialect)
      }
      branches.append("WHEN \(guards.joined(separator: " AND ")) THEN \(term.sql)")
    }
    guard kinds.count <= 1 else {
      throw Unsupported(
        "field \(mixed.joined(separator: ", ")) holds values of several types where one type is needed")
    }
    guard let kind = kinds.first else { return SQLTerm(sql: "NULL", kind: .null) }
    return SQLTerm(sql: "(CASE \(branches.joined(separator: " ")) END)", kind: kind)
  }

  private static func collectFields(_ tree: ExpressionTree, into names: inout Set<String>) {
    switch tree {
    case .constant: break
    case .field(let name): names.insert(name)
    case .isNull(let a, _), .not(let a), .negate(let a), .matches(let a, _): collectFields(a, into: &names)
    case .and(let a, let b), .or(let a, let b), .binary(_, let a, let b):
      collectFields(a, into: &names)
      collectFields(b, into: &names)
    case .membership(let a, let elements, _):
      collectFields(a, into: &names)
      for element in elements { collectFields(element, into: &names) }
    case .call(_, let arguments): for argument in arguments { collectFields(argument, into: &names) }
    }
  }

  /// The number a text spells, as `ValueOperations.number(fromText:)` reads it: surrounding
  /// whitespace ignored, decimal notation; null for other text. Text that Swift reads as a
  /// number beyond what is compiled here (hexadecimal, an exponent past 99, over 100 characters)
  /// stops the query rather than be read differently.
  func number(ofText text: String) -> String {
    let s = dialect.trimmingWhitespace(text)
    let decimal = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)"
    let compiled = dialect.fullMatch(s, decimal + "([eE][+-]?[0-9]{1,2})?")
    let beyond = dialect.fullMatch(s, decimal + "[eE][+-]?[0-9]+|[+-]?0[xX].*|" + decimal)
    let failure = dialect.queryFailure(
      "'policy-check: the text is read as a number natively, which is not compiled: ' || \(s)")
    return "(CASE WHEN \(compiled) AND length(\(s)) <= 100 THEN CAST(\(s) AS \(dialect.doubleType)) "
      + "WHEN \(beyond) THEN \(failure) END)"
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
    var column = "\(row).\(dialect.identifier(SQLSchema.column(of: name)))"
    var type = schema.type(of: name)
    if type == .mixed {
      guard let choice = assignment[name] else {
        throw Unsupported("field '\(name)' holds values of several types")
      }
      guard let choice else { return SQLTerm(sql: "NULL", kind: .null) }
      column = "\(row).\(dialect.identifier(SQLSchema.storedColumn(of: name, as: choice)))"
      type = choice
    }
    switch type {
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
    // Text compared with a number is read as a number when it is one (`ValueOperations.order`).
    var a = a
    var b = b
    if ["==", "!=", "<", "<=", ">", ">="].contains(op) {
      if a.kind == .string && b.kind == .number { a = SQLTerm(sql: number(ofText: a.sql), kind: .number) }
      if a.kind == .number && b.kind == .string { b = SQLTerm(sql: number(ofText: b.sql), kind: .number) }
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
    case ("%", .number, .number):
      return SQLTerm(
        sql: "(CASE WHEN \(b.sql) = 0 THEN NULL ELSE \(dialect.remainder(a.sql, b.sql)) END)", kind: .number)
    case ("*", .number, .duration), ("*", .duration, .number):
      return SQLTerm(
        sql: wholeMilliseconds(
          "(CAST(\(a.sql) AS \(dialect.doubleType)) * CAST(\(b.sql) AS \(dialect.doubleType)))"),
        kind: .duration)
    case ("/", .duration, .number):
      return SQLTerm(
        sql: "(CASE WHEN \(b.sql) = 0 THEN NULL ELSE "
          + wholeMilliseconds("(CAST(\(a.sql) AS \(dialect.doubleType)) / \(b.sql))") + " END)",
        kind: .duration)
    case ("/", .duration, .duration):
      return SQLTerm(
        sql: "(CAST(\(a.sql) AS \(dialect.doubleType)) / CAST(NULLIF(\(b.sql), 0) AS \(dialect.doubleType)))",
        kind: .number)
    default:
      return null
    }
  }

  /// `ValueOperations`' membership: null when the value is, else whether one element equals it
  /// (an element of another type, or null, never does).
  private func membership(_ left: SQLTerm, _ elements: [ExpressionTree], negated: Bool) throws(Unsupported)
    -> SQLTerm
  {
    if left.kind == .null { return .nullBool }
    var equal: [String] = []
    for element in elements {
      let term = try binary("==", left, try compile(element))
      if term.sql != SQLTerm.nullBool.sql { equal.append("(\(term.sql)) IS TRUE") }
    }
    let found = equal.isEmpty ? "FALSE" : equal.joined(separator: " OR ")
    return SQLTerm(
      sql: "(CASE WHEN \(left.sql) IS NULL THEN NULL WHEN \(found) THEN \(negated ? "FALSE" : "TRUE") "
        + "ELSE \(negated ? "TRUE" : "FALSE") END)", kind: .bool)
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
      return SQLTerm(sql: dialect.rounded(name, term.sql), kind: .number)
    case "abs":
      let term = try compile(arguments[0])
      guard term.kind == .number || term.kind == .duration else { return SQLTerm(sql: "NULL", kind: .null) }
      return SQLTerm(sql: "abs(\(term.sql))", kind: term.kind)
    case "hour":
      // The local hour in the dataset's zone (`CaseView.timeZoneIdentifier`).
      let term = try compile(arguments[0])
      switch term.kind {
      case .timestamp:
        let local = dialect.localTime(
          dialect.timestamp(fromMilliseconds: term.sql), zone: dialect.literal(schema.timeZoneIdentifier))
        return SQLTerm(sql: "CAST(extract(hour FROM \(local)) AS \(dialect.doubleType))", kind: .number)
      case .string: throw Unsupported("hour() of time text (parsed natively)")
      default: return SQLTerm(sql: "NULL", kind: .null)
      }
    case "date":
      // `LocalTime.dateText`: the local date in the dataset's zone, years 1–9999 as SQL writes them.
      let term = try compile(arguments[0])
      switch term.kind {
      case .timestamp:
        let local = dialect.localTime(
          dialect.timestamp(fromMilliseconds: term.sql), zone: dialect.literal(schema.timeZoneIdentifier))
        let failure = dialect.queryFailure(
          "'policy-check: date() of a year outside 1–9999 is not compiled: ' || CAST(\(term.sql) AS \(dialect.textType))"
        )
        return SQLTerm(
          sql: "(CASE WHEN \(term.sql) >= -62135510400000 AND \(term.sql) < 253402214400000 "
            + "THEN CAST(CAST(\(local) AS DATE) AS \(dialect.textType)) ELSE CAST(\(failure) AS \(dialect.textType)) END)",
          kind: .string)
      case .string: throw Unsupported("date() of time text (parsed natively)")
      default: return SQLTerm(sql: "NULL", kind: .null)
      }
    case "round":
      let term = try compile(arguments[0])
      guard term.kind == .number else { return SQLTerm(sql: "NULL", kind: .null) }
      return SQLTerm(sql: roundedHalfAwayFromZero(term.sql), kind: .number)
    case "hours", "days", "minutes":
      let term = try compile(arguments[0])
      guard term.kind == .number else { return SQLTerm(sql: "NULL", kind: .null) }
      let unit = ["minutes": 60_000, "hours": 3_600_000, "days": 86_400_000][name]!
      return SQLTerm(
        sql: wholeMilliseconds("(\(term.sql) * CAST(\(unit) AS \(dialect.doubleType)))"), kind: .duration)
    case "min", "max":
      // Values of one type only (`ExpressionFunction.apply`): the first when it orders first (for
      // `min`) or last (for `max`), ties to the first for `min` and the second for `max`.
      let a = try compile(arguments[0])
      let b = try compile(arguments[1])
      guard a.kind == b.kind, [.number, .string, .timestamp, .duration].contains(a.kind) else {
        return SQLTerm(sql: "NULL", kind: .null)
      }
      let order =
        a.kind == .string
        ? "\(dialect.codePointOrdered(a.sql)) <= \(dialect.codePointOrdered(b.sql))" : "\(a.sql) <= \(b.sql)"
      let (first, second) = name == "min" ? (a.sql, b.sql) : (b.sql, a.sql)
      return SQLTerm(
        sql:
          "(CASE WHEN \(a.sql) IS NULL OR \(b.sql) IS NULL THEN NULL WHEN \(order) THEN \(first) ELSE \(second) END)",
        kind: a.kind)
    case "len", "lower", "upper":
      let term = try compile(arguments[0])
      guard term.kind == .string else { return SQLTerm(sql: "NULL", kind: .null) }
      let text = standalone(term.sql, name)
      switch name {
      case "len": return SQLTerm(sql: "CAST(length(\(text)) AS \(dialect.doubleType))", kind: .number)
      default: return SQLTerm(sql: dialect.changingCase(text, upper: name == "upper"), kind: .string)
      }
    case "contains":
      let a = try compile(arguments[0])
      let b = try compile(arguments[1])
      guard a.kind == .string, b.kind == .string else { return .nullBool }
      return SQLTerm(
        sql: dialect.containsText(standalone(a.sql, name), standalone(b.sql, name)), kind: .bool)
    default:
      throw Unsupported("function \(name)()")
    }
  }

  /// Whole milliseconds of a double (`ValueOperations.wholeMilliseconds`): rounded half away
  /// from zero, null beyond a 64-bit integer.
  private func wholeMilliseconds(_ ms: String) -> String {
    let rounded = roundedHalfAwayFromZero(ms)
    return
      "(CASE WHEN abs(\(rounded)) < CAST(9.223372036854775808e18 AS \(dialect.doubleType)) THEN CAST(\(rounded) AS BIGINT) END)"
  }

  /// A double rounded half away from zero (`.toNearestOrAwayFromZero`); PostgreSQL's `round`
  /// of a double rounds half to even. `x - trunc(x)` is exact.
  private func roundedHalfAwayFromZero(_ x: String) -> String {
    let whole = dialect.truncated(x)
    return
      "(\(whole) + CASE WHEN abs(\(x) - \(whole)) >= 0.5 THEN CAST(sign(\(x)) AS \(dialect.doubleType)) ELSE 0 END)"
  }

  /// Text whose every character is one Unicode scalar without case mappings beyond ASCII and
  /// without joining its neighbours (printable ASCII, tab, line feed, CJK ideographs and
  /// punctuation, fullwidth punctuation), where Swift's `count`, `lowercased()`, `uppercased()`
  /// and `contains` (by character, canonical equivalence) agree with SQL's code-point
  /// functions. Other text stops the query.
  private func standalone(_ text: String, _ function: String) -> String {
    let safe =
      "[\t\n -~\u{3000}-\u{3029}\u{3030}-\u{303F}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{FF01}-\u{FF20}\u{FF3B}-\u{FF40}\u{FF5B}-\u{FF60}]*"
    let failure = dialect.queryFailure(
      "'policy-check: \(function)() of text beyond ASCII and CJK characters is not compiled: ' || \(text)")
    return
      "(CASE WHEN \(dialect.fullMatch(text, safe)) THEN \(text) ELSE CAST(\(failure) AS \(dialect.textType)) END)"
  }
}
