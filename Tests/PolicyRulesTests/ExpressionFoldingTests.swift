import Testing

@testable import PolicyRules

/// A value written as a literal, or read from a field.
private struct Operand: Sendable {
  var literal: String
  var value: Value
}

private let operands: [String: Operand] = [
  "a": .init(literal: "5", value: .number(5)),
  "zero": .init(literal: "0", value: .number(0)),
  "frac": .init(literal: "0.5", value: .number(0.5)),
  // The largest finite Double, written out: anything times 10 overflows.
  "huge": .init(
    literal: "179769313486231570" + String(repeating: "0", count: 291),
    value: .number(.greatestFiniteMagnitude)),
  "day": .init(literal: "1d", value: .duration(Timestamp.millisecondsPerDay)),
  // 100 billion days: about 94% of Int64 milliseconds, so twice it overflows.
  "long": .init(literal: "100000000000d", value: .duration(100_000_000_000 * Timestamp.millisecondsPerDay)),
  "text": .init(literal: "\"42\"", value: .string("42")),
  "word": .init(literal: "\"n/a\"", value: .string("n/a")),
  "yes": .init(literal: "true", value: .bool(true)),
]

/// Expressions over the operands above, written with `{name}`.
private let templates: [String] = [
  "{a} / {zero} == 0", "{a} / {zero} != 0", "{a} / {zero}", "{a} % {zero}", "{a} % {zero} == 0",
  "({a} / {zero}) == null", "({a} / {zero}) != null", "exists({a} / {zero})", "not ({a} / {zero} == 0)",
  "{a} / {zero} == 0 or {yes}", "{a} / {zero} == 0 and {yes}", "{a} / {zero} == 0 and not {yes}",
  "{a} / {zero} in [0, 1]", "{a} / {zero} not in [0]", "-({a} / {zero})", "abs({a} / {zero})",
  "min({a} / {zero}, 1)", "round({a} / {frac})", "{huge} * 10", "{huge} * 10 > 0",
  "{huge} + {huge} == {huge}",
  "-{huge} - {huge}", "{huge} / {frac}", "{long} + {long}", "{long} * 2", "-{long} - {long}", "{day} / 0",
  "{day} / {zero}", "{day} / ({day} - {day})", "abs({long} + {long})", "hours({huge})", "days({a}) + {long}",
  "len({text}) == 2", "{text} + {word} == \"42n/a\"",
  "{text} matches \"^4\"", "{a} - {a} == {zero}", "{a} % 3 + {frac} * 2", "upper({word}) == \"N/A\"",
]

/// `text` with every `{name}` replaced.
private func substitute(_ text: String, _ replacement: (String) -> String) -> String {
  var result = text
  for name in operands.keys.sorted(by: { $0.count > $1.count }) {
    result = result.replacingOccurrences(of: "{\(name)}", with: replacement(name))
  }
  return result
}

@Suite struct ExpressionFoldingTests {
  /// Folding and evaluation are one semantics: an expression written with literals is folded at
  /// parse time to the value the same expression over fields evaluates to.
  @Test(arguments: templates)
  func foldingAgreesWithEvaluation(template: String) throws {
    let constantText = substitute(template) { operands[$0]!.literal }
    let fieldText = substitute(template) { $0 }
    let constant = try Expression.parse(constantText).get()
    let overFields = try Expression.parse(fieldText).get()
    #expect(constant.root.constantValue != nil, "\(constantText) was not folded")
    let fields = operands.mapValues(\.value)
    #expect(
      constant.evaluate(in: ExpressionTestScope())
        == overFields.evaluate(in: ExpressionTestScope(fields: fields)),
      "\(constantText) vs \(fieldText)")
  }

  /// The case of issue 13: `5 / 0 == 0` is unknown (null), not false.
  @Test func divisionByZeroComparedIsNull() {
    #expect(evaluate("5 / 0 == 0") == .null)
    #expect(evaluate("x / 0 == 0", ["x": .number(5)]) == .null)
    #expect(evaluate("5 % 0 != 0") == .null)
    // A written null still makes a null test.
    #expect(evaluate("5 / 0 == null") == .bool(true))
    #expect(evaluate("x == $p", [:], parameters: ["p": .null]) == .bool(true))
  }

  /// A number literal beyond Double's range is an error, not infinity.
  @Test func hugeNumberLiteralIsAnError() {
    let text = "x > 1" + String(repeating: "0", count: 400)
    guard case .failure(let error) = Expression.parse(text) else {
      Issue.record("parsed")
      return
    }
    #expect(error == ExpressionError(message: "number is too large (401 digits)", offset: 4))
  }
}
