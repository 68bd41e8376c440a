import Testing

@testable import PolicyRules

private let resultTypeCases: [(String, ValueType)] = [
  ("age >= 35", .bool),
  ("a and b", .bool),
  ("has(\"x\")", .bool),
  ("count(\"x\")", .number),
  ("first(\"x\")", .timestamp),
  ("b - a", .any),
  ("last(\"b\") - first(\"a\")", .duration),
  ("first(\"a\") + 1d", .timestamp),
  ("ceil(units / 10) * 1d", .duration),
  ("48h / 24h", .number),
  ("x * 2", .any),
  ("x * 1d", .duration),
  ("date(t)", .string),
  ("min(x, 2)", .number),
  ("null", .null),
  ("x", .any),
  ("30%", .number),
]

@Test(arguments: resultTypeCases)
func computesResultType(text: String, expected: ValueType) throws {
  #expect(try Expression.parse(text).get().resultType == expected)
}

@Test func collectsFieldNames() throws {
  let expression = try Expression.parse(
    "`Complete Timestamp` - 受理时间 <= 24h and (x.y in [a, 1] or has(\"a\")) and exists(z)"
  ).get()
  #expect(expression.fieldNames == ["Complete Timestamp", "受理时间", "x.y", "a", "z"])
  #expect(expression.description.hasPrefix("`Complete Timestamp`"))
  #expect(try Expression.parse("count(\"a\") > 2").get().fieldNames.isEmpty)
}

@Test func reportsOffsetsInUnicodeScalars() {
  // "é" written as e + combining accent is two scalars but one Character.
  let text = "cafe\u{301} == 1 +"
  guard case .failure(let error) = Expression.parse(text) else {
    Issue.record("should fail")
    return
  }
  #expect(error.offset == text.unicodeScalars.count)
}

@Test func foldsConstantSubexpressions() throws {
  let expression = try Expression.parse("age >= $min * 2 + 1", parameters: ["min": .number(17)]).get()
  guard case .binary(.greaterOrEqual, .field("age"), .constant(.number(35))) = expression.root else {
    Issue.record("not folded: \(expression.root)")
    return
  }
  let scoped = try Expression.parse("hour(t) > 1 and has(\"x\")").get()
  if case .constant = scoped.root { Issue.record("scope-dependent expression was folded") }
}

/// Every operator and function over every kind of value, including extremes, yields a value
/// without trapping.
@Test func evaluationNeverTraps() throws {
  let values: [Value] = [
    .null, .bool(true), .number(0), .number(-1.5), .number(.infinity), .number(.nan), .number(1e300),
    .string(""), .string("42"), .string("工单"), .timestamp(Timestamp(milliseconds: .max)),
    .timestamp(Timestamp(milliseconds: .min)), .timestamp(september12), .duration(.max), .duration(.min),
    .duration(0),
  ]
  let texts = [
    "x + y", "x - y", "x * y", "x / y", "x % y", "x < y", "x >= y", "x == y", "x != y", "x in [y, 1]",
    "x and y", "x or y", "not x", "-x", "min(x, y)", "max(x, y)", "abs(x)", "ceil(x)", "round(x)", "len(x)",
    "lower(x)", "contains(x, y)", "hours(x)", "days(x)", "minutes(x)", "hour(x)", "date(x)",
    "x matches \"\\d\"", "exists(x)", "has(x)", "first(x)", "x * 1d", "x + 1d", "x - 1d",
  ]
  for text in texts {
    let expression = try Expression.parse(text).get()
    for x in values {
      for y in values {
        _ = expression.evaluate(in: ExpressionTestScope(fields: ["x": x, "y": y]))
      }
    }
  }
  #expect(evaluate("x * 2", ["x": .duration(.max)]) == .null)
  #expect(evaluate("x + 1d", ["x": .timestamp(Timestamp(milliseconds: .max))]) == .null)
  #expect(evaluate("x * 2", ["x": .number(1e308)]) == .null)
}

@Test func expressionIsSendable() async throws {
  let expression = try Expression.parse("name matches \"^A\" and n > 1").get()
  let results = await withTaskGroup(of: Value.self) { group in
    for n in 0..<8 {
      group.addTask {
        expression.evaluate(
          in: ExpressionTestScope(fields: ["name": .string("Ann"), "n": .number(Double(n))]))
      }
    }
    var collected: [Value] = []
    for await value in group { collected.append(value) }
    return collected
  }
  #expect(results.filter { $0 == .bool(true) }.count == 6)
}
