import Testing

@testable import PolicyRules

/// Kleene three-valued logic: false dominates `and`, true dominates `or`, otherwise unknown.
/// Columns: a, b, a and b, a or b.
private let truthTable: [(Value, Value, Value, Value)] = [
  (.bool(true), .bool(true), .bool(true), .bool(true)),
  (.bool(true), .bool(false), .bool(false), .bool(true)),
  (.bool(true), .null, .null, .bool(true)),
  (.bool(false), .bool(true), .bool(false), .bool(true)),
  (.bool(false), .bool(false), .bool(false), .bool(false)),
  (.bool(false), .null, .bool(false), .null),
  (.null, .bool(true), .null, .bool(true)),
  (.null, .bool(false), .bool(false), .null),
  (.null, .null, .null, .null),
  // A non-bool value at run time counts as unknown.
  (.string("yes"), .bool(true), .null, .bool(true)),
  (.number(1), .bool(false), .bool(false), .null),
]

@Test(arguments: truthTable)
func threeValuedLogic(a: Value, b: Value, and expectedAnd: Value, or expectedOr: Value) {
  let fields = ["a": a, "b": b]
  #expect(evaluate("a and b", fields) == expectedAnd)
  #expect(evaluate("a && b", fields) == expectedAnd)
  #expect(evaluate("a or b", fields) == expectedOr)
  #expect(evaluate("a || b", fields) == expectedOr)
  let negation: Value = a.bool.map { .bool(!$0) } ?? .null
  #expect(evaluate("not a", fields) == negation)
  #expect(evaluate("!a", fields) == negation)
}

@Test func literalLogicFoldsTheSameWay() {
  #expect(evaluate("false and null") == .bool(false))
  #expect(evaluate("null and false") == .bool(false))
  #expect(evaluate("true or null") == .bool(true))
  #expect(evaluate("true and null") == .null)
  #expect(evaluate("false or null") == .null)
}

/// Each case is chosen so that the wrong grouping gives another answer.
private let precedenceCases: [(String, [String: Value], Value)] = [
  ("2 + 3 * 4", [:], .number(14)),
  ("(2 + 3) * 4", [:], .number(20)),
  ("10 - 4 - 3", [:], .number(3)),
  ("100 / 10 / 5", [:], .number(2)),
  ("2 * 3 % 4", [:], .number(2)),
  ("-2 * 3", [:], .number(-6)),
  ("1 + 2 < 4", [:], .bool(true)),
  ("not true and false", [:], .bool(false)),
  ("not (true and false)", [:], .bool(true)),
  ("true or true and false", [:], .bool(true)),
  ("(true or true) and false", [:], .bool(false)),
  ("false and true or true", [:], .bool(true)),
  ("not a == b", ["a": .number(1), "b": .number(2)], .bool(true)),
  ("!a == b", ["a": .number(1), "b": .number(1)], .bool(false)),
  ("not x in [1, 2]", ["x": .number(1)], .bool(false)),
  ("x + 1 in [3]", ["x": .number(2)], .bool(true)),
  ("a == 1 || b == 2 && c == 3", ["a": .number(1), "b": .number(0), "c": .number(0)], .bool(true)),
  ("not not flag", ["flag": .bool(true)], .bool(true)),
]

@Test(arguments: precedenceCases)
func operatorPrecedence(text: String, fields: [String: Value], expected: Value) {
  #expect(evaluate(text, fields) == expected)
}
