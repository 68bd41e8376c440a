import Testing

@testable import PolicyRules

struct ErrorCase: CustomTestStringConvertible, Sendable {
  var text: String
  var message: String
  var offset: Int
  var testDescription: String { text }
}

private let parameters: [String: Value] = ["limit": .number(3), "min_age": .number(35)]

private let errorCases: [ErrorCase] = [
  .init(text: "", message: "empty expression", offset: 0),
  .init(text: "   ", message: "empty expression", offset: 3),
  .init(text: "age >= ", message: "unexpected end of expression", offset: 7),
  .init(text: "a and", message: "unexpected end of expression", offset: 5),
  .init(text: "(age > 3", message: "expected ')' to close '(' at offset 0", offset: 8),
  .init(text: "x and (age > 3 y", message: "expected ')' to close '(' at offset 6", offset: 15),
  .init(text: "age > 3)", message: "unexpected token ')'", offset: 7),
  .init(text: "age 3", message: "unexpected token '3'", offset: 4),
  .init(text: "category == \"leak", message: "unterminated string", offset: 12),
  .init(text: "'leak\\'", message: "unterminated string", offset: 0),
  .init(text: "`Complete Timestamp > 3", message: "unterminated quoted name", offset: 0),
  .init(text: "`` > 3", message: "empty quoted name", offset: 0),
  .init(text: "hass(\"x\")", message: "unknown function 'hass'; did you mean 'has'?", offset: 0),
  .init(text: "a and frobnicate(1)", message: "unknown function 'frobnicate'", offset: 6),
  .init(text: "has(\"a\", \"b\")", message: "'has' takes 1 argument, got 2", offset: 0),
  .init(text: "x or max(1)", message: "'max' takes 2 arguments, got 1", offset: 5),
  .init(text: "exists()", message: "'exists' takes 1 argument, got 0", offset: 0),
  .init(text: "min(1, 2", message: "expected ')' to close '(' at offset 3", offset: 8),
  .init(text: "age > $limt", message: "undefined parameter '$limt'; did you mean '$limit'?", offset: 6),
  .init(
    text: "age > param.min_ag", message: "undefined parameter 'param.min_ag'; did you mean 'param.min_age'?",
    offset: 6),
  .init(text: "$zzz", message: "undefined parameter '$zzz'", offset: 0),
  .init(text: "a > $ 3", message: "expected a parameter name after '$'", offset: 4),
  .init(text: "\"a\" + 1", message: "'+' cannot combine string and number", offset: 4),
  .init(text: "not 3", message: "'not' needs a bool, got number", offset: 4),
  .init(text: "!\"x\"", message: "'not' needs a bool, got string", offset: 1),
  .init(text: "has(3)", message: "'has' needs a string, got number", offset: 4),
  .init(text: "30m > 5", message: "'>' cannot compare duration and number", offset: 4),
  .init(text: "true < false", message: "'<' cannot compare bool and bool", offset: 5),
  .init(text: "\"x\" and flag", message: "'and' needs bool operands, got string", offset: 0),
  .init(text: "flag or 1 + 2", message: "'or' needs bool operands, got number", offset: 8),
  .init(text: "\"42\" == 42", message: "'==' cannot compare string and number", offset: 5),
  .init(text: "-\"a\"", message: "'-' needs a number or duration, got string", offset: 1),
  .init(text: "first(\"x\") * 2", message: "'*' cannot combine timestamp and number", offset: 11),
  .init(text: "count(\"x\") > 1h", message: "'>' cannot compare number and duration", offset: 11),
  .init(text: "abs(\"x\")", message: "'abs' needs a number or a duration, got string", offset: 4),
  .init(text: "hour(\"08:00\")", message: "'hour' needs a timestamp, got string", offset: 5),
  .init(text: "contains(s, 3)", message: "'contains' needs a string as argument 2, got number", offset: 12),
  .init(text: "min(1, \"a\")", message: "'min' cannot combine number and string", offset: 0),
  .init(text: "\"a\" in [1]", message: "'in' cannot compare string and number", offset: 8),
  .init(text: "3 matches \"x\"", message: "'matches' needs a string on its left, got number", offset: 0),
  .init(
    text: "name matches \"(ab\"", message: "invalid regular expression '(ab': missing ')' at character 1",
    offset: 13),
  .init(
    text: "name matches \"a(?=b)\"",
    message: "invalid regular expression 'a(?=b)': lookaround is not supported at character 2", offset: 13),
  .init(text: "name matches x", message: "'matches' needs a string literal on its right", offset: 13),
  .init(text: "age = 3", message: "'=' is not an operator; use '=='", offset: 4),
  .init(text: "a <> b", message: "'<>' is not an operator; use '!='", offset: 2),
  .init(text: "a & b", message: "'&' is not an operator; use 'and'", offset: 2),
  .init(text: "a in \"x\"", message: "'in' needs a list such as [\"a\", \"b\"]", offset: 5),
  .init(text: "x in [1, 2", message: "expected ']' to close '[' at offset 5", offset: 10),
  .init(text: "[1, 2]", message: "a list is only allowed after 'in'", offset: 0),
  .init(text: "a < b < c", message: "comparisons cannot be chained; use 'and'", offset: 6),
  .init(text: "a == b in [1]", message: "comparisons cannot be chained; use 'and'", offset: 7),
  .init(text: "a not b", message: "expected 'in' after 'not'", offset: 6),
  .init(text: "受理时间 > 5x", message: "unknown unit 'x' in '5x'; use ms, s, m, h, d or w", offset: 8),
  .init(text: "t > 3days", message: "unknown unit 'days' in '3days'; use ms, s, m, h, d or w", offset: 5),
  .init(text: "a # b", message: "unexpected character '#'", offset: 2),
  .init(text: "工单号 == ？", message: "unexpected character '？'", offset: 7),
  .init(text: "x == and", message: "unexpected token 'and'", offset: 5),
]

@Test(arguments: errorCases)
func reportsMalformedExpression(_ testCase: ErrorCase) {
  let result = Expression.parse(testCase.text, parameters: parameters)
  guard case .failure(let error) = result else {
    Issue.record("'\(testCase.text)' parsed but should fail")
    return
  }
  #expect(error == ExpressionError(message: testCase.message, offset: testCase.offset))
}
