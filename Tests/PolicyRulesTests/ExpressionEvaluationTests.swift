import Testing

@testable import PolicyRules

struct EvaluationCase: CustomTestStringConvertible, Sendable {
  var text: String
  var fields: [String: Value] = [:]
  var expected: Value
  var testDescription: String { "\(text) with \(fields) = \(expected)" }
}

private let hour = Timestamp.millisecondsPerHour
private let day = Timestamp.millisecondsPerDay

private let cases: [EvaluationCase] = [
  // Literals.
  .init(text: "35", expected: .number(35)),
  .init(text: "0.5", expected: .number(0.5)),
  .init(text: "30%", expected: .number(0.3)),
  .init(text: "\"leak\"", expected: .string("leak")),
  .init(text: "'leak'", expected: .string("leak")),
  .init(text: #""say \"hi\"\n\\""#, expected: .string("say \"hi\"\n\\")),
  .init(text: #"'it\'s'"#, expected: .string("it's")),
  .init(text: "true", expected: .bool(true)),
  .init(text: "null", expected: .null),
  .init(text: "30m", expected: .duration(30 * 60_000)),
  .init(text: "24h", expected: .duration(24 * hour)),
  .init(text: "3d", expected: .duration(3 * day)),
  .init(text: "1w", expected: .duration(7 * day)),
  .init(text: "500ms", expected: .duration(500)),
  .init(text: "90s", expected: .duration(90_000)),
  .init(text: "1.5h", expected: .duration(90 * 60_000)),
  // Arithmetic and percent versus remainder.
  .init(text: "10 % 3", expected: .number(1)),
  .init(text: "7 %3", expected: .number(1)),
  .init(text: "30% * 2", expected: .number(0.6)),
  .init(text: "units % 2 == 0", fields: ["units": .number(14)], expected: .bool(true)),
  .init(text: "-(3 - 5)", expected: .number(2)),
  .init(text: "--4", expected: .number(4)),
  .init(text: "\"ab\" + \"cd\"", expected: .string("abcd")),
  .init(text: "1 / 0", expected: .null),
  .init(text: "5 % 0", expected: .null),
  .init(text: "a / b", fields: ["a": .number(1), "b": .number(0)], expected: .null),
  // The rule-library examples.
  .init(
    text: "category == \"leak\" and age >= 35 and first_visit",
    fields: ["category": .string("leak"), "age": .number(40), "first_visit": .bool(true)],
    expected: .bool(true)),
  .init(
    text: "category == \"leak\" and age >= 35 and first_visit",
    fields: ["category": .string("leak"), "age": .number(34), "first_visit": .bool(true)],
    expected: .bool(false)),
  .init(
    text: "category == \"leak\" and age >= 35 and first_visit",
    fields: ["category": .string("leak"), "first_visit": .bool(true)], expected: .null),
  .init(
    text: "category == \"leak\" and age >= 35 and first_visit",
    fields: ["category": .string("leak"), "first_visit": .bool(false)], expected: .bool(false)),
  .init(text: "margin >= 30% or reason != null", fields: ["margin": .number(0.3)], expected: .bool(true)),
  .init(text: "margin >= 30% or reason != null", fields: ["margin": .number(0.29)], expected: .bool(false)),
  .init(
    text: "margin >= 30% or reason != null",
    fields: ["margin": .number(0.1), "reason": .string("clearance")],
    expected: .bool(true)),
  .init(text: "margin >= 30% or reason != null", fields: [:], expected: .null),
  .init(text: "margin >= 30% or reason != null", fields: ["reason": .string("x")], expected: .bool(true)),
  .init(text: "ceil(units / 10) * 1d", fields: ["units": .number(25)], expected: .duration(3 * day)),
  .init(text: "ceil(units / 10) * 1d", fields: ["units": .number(30)], expected: .duration(3 * day)),
  .init(text: "ceil(units / 10) * 1d", fields: ["units": .number(0)], expected: .duration(0)),
  .init(text: "ceil(units / 10) * 1d", fields: [:], expected: .null),
  // Timestamps and durations.
  .init(
    text: "resolved_at - received_at <= 24h",
    fields: ["received_at": at(hours: 0), "resolved_at": at(hours: 23)],
    expected: .bool(true)),
  .init(
    text: "resolved_at - received_at <= 24h",
    fields: ["received_at": at(hours: 0), "resolved_at": at(hours: 24)],
    expected: .bool(true)),
  .init(
    text: "resolved_at - received_at <= 24h",
    fields: ["received_at": at(hours: 0), "resolved_at": at(hours: 24, minutes: 1)], expected: .bool(false)),
  .init(text: "resolved_at - received_at <= 24h", fields: ["received_at": at(hours: 0)], expected: .null),
  .init(text: "received_at + 3d", fields: ["received_at": at(hours: 1)], expected: at(hours: 73)),
  .init(text: "2h + received_at", fields: ["received_at": at(hours: 1)], expected: at(hours: 3)),
  .init(
    text: "received_at - 30m", fields: ["received_at": at(hours: 1)], expected: at(hours: 0, minutes: 30)),
  .init(text: "b - a", fields: ["a": at(hours: 5), "b": at(hours: 2)], expected: .duration(-3 * hour)),
  .init(text: "48h / 24h", expected: .number(2)),
  .init(text: "24h / 2", expected: .duration(12 * hour)),
  .init(text: "2 * 30m", expected: .duration(hour)),
  .init(text: "30m * 2", expected: .duration(hour)),
  .init(text: "1h - 90m", expected: .duration(-30 * 60_000)),
  .init(text: "-1d", expected: .duration(-day)),
  .init(text: "1d / 0", expected: .null),
  .init(text: "1d / 0s", expected: .null),
  .init(text: "1d > 23h", expected: .bool(true)),
  .init(text: "a < b", fields: ["a": at(hours: 1), "b": at(hours: 2)], expected: .bool(true)),
  .init(text: "a == b", fields: ["a": at(hours: 1), "b": at(hours: 1)], expected: .bool(true)),
  .init(text: "a < b", fields: ["a": at(hours: 1), "b": .duration(1)], expected: .null),
  // Chinese names, backticks and dotted names.
  .init(
    text: "办结时间 - 受理时间 <= 15d", fields: ["受理时间": at(hours: 0), "办结时间": at(hours: 15 * 24)],
    expected: .bool(true)),
  .init(text: "工单号 == \"GD-2024-001\"", fields: ["工单号": .string("GD-2024-001")], expected: .bool(true)),
  .init(text: "类别2 != \"泄露\"", fields: ["类别2": .string("泄露")], expected: .bool(false)),
  .init(
    text: "`Complete Timestamp` - `Start Timestamp`",
    fields: ["Start Timestamp": at(hours: 1), "Complete Timestamp": at(hours: 4)],
    expected: .duration(3 * hour)),
  .init(text: "case.priority >= 2", fields: ["case.priority": .number(3)], expected: .bool(true)),
  // Membership and patterns.
  .init(
    text: "category in [\"leak\", \"fraud\"]", fields: ["category": .string("fraud")], expected: .bool(true)),
  .init(
    text: "category in [\"leak\", \"fraud\"]", fields: ["category": .string("other")], expected: .bool(false)),
  .init(text: "category in [\"leak\", \"fraud\"]", fields: [:], expected: .null),
  .init(text: "category not in [\"leak\"]", fields: ["category": .string("other")], expected: .bool(true)),
  .init(text: "category not in [\"leak\"]", fields: ["category": .string("leak")], expected: .bool(false)),
  .init(text: "level in [1, 2, 3]", fields: ["level": .number(2)], expected: .bool(true)),
  .init(text: "level in [1, 2, 3]", fields: ["level": .string("3")], expected: .bool(true)),
  .init(text: "x in []", fields: ["x": .number(1)], expected: .bool(false)),
  .init(text: "code matches \"^A\\d+$\"", fields: ["code": .string("A123")], expected: .bool(true)),
  .init(text: "code matches \"^A\\\\d+$\"", fields: ["code": .string("A12x")], expected: .bool(false)),
  .init(text: "code matches 'leak'", fields: ["code": .string("data leak found")], expected: .bool(true)),
  .init(text: "code matches \"^A\"", fields: ["code": .number(1)], expected: .null),
  .init(text: "code matches \"^A\"", fields: [:], expected: .null),
  .init(text: "名称 matches \"投诉$\"", fields: ["名称": .string("客户投诉")], expected: .bool(true)),
  // Null handling.
  .init(text: "x == null", fields: [:], expected: .bool(true)),
  .init(text: "null == x", fields: ["x": .number(0)], expected: .bool(false)),
  .init(text: "x != null", fields: ["x": .string("")], expected: .bool(true)),
  .init(text: "x + 1", fields: [:], expected: .null),
  .init(text: "x > 1", fields: [:], expected: .null),
  .init(text: "x == 1", fields: [:], expected: .null),
  .init(text: "not x", fields: [:], expected: .null),
  .init(text: "-x", fields: [:], expected: .null),
  .init(text: "null + 1", expected: .null),
  .init(text: "exists(x)", fields: [:], expected: .bool(false)),
  .init(text: "exists(x)", fields: ["x": .bool(false)], expected: .bool(true)),
  .init(text: "exists(x + 1)", fields: ["x": .string("a")], expected: .bool(false)),
  .init(text: "len(x)", fields: [:], expected: .null),
  .init(text: "min(x, 3)", fields: [:], expected: .null),
  // Lenient numbers in comparisons only.
  .init(text: "age > 35", fields: ["age": .string("42")], expected: .bool(true)),
  .init(text: "35 >= age", fields: ["age": .string(" 42 ")], expected: .bool(false)),
  .init(text: "age == 42", fields: ["age": .string("42")], expected: .bool(true)),
  .init(text: "age > 35", fields: ["age": .string("n/a")], expected: .null),
  .init(text: "age + 1", fields: ["age": .string("42")], expected: .null),
  .init(text: "a == b", fields: ["a": .string("x"), "b": .bool(true)], expected: .null),
  .init(text: "a < b", fields: ["a": .bool(false), "b": .bool(true)], expected: .null),
  .init(text: "a == b", fields: ["a": .bool(true), "b": .bool(true)], expected: .bool(true)),
  .init(text: "a < b", fields: ["a": .string("apple"), "b": .string("banana")], expected: .bool(true)),
  // Functions.
  .init(text: "floor(2.7)", expected: .number(2)),
  .init(text: "ceil(2.1)", expected: .number(3)),
  .init(text: "round(2.5)", expected: .number(3)),
  .init(text: "round(-2.5)", expected: .number(-3)),
  .init(text: "abs(-4)", expected: .number(4)),
  .init(text: "abs(b - a)", fields: ["a": at(hours: 5), "b": at(hours: 2)], expected: .duration(3 * hour)),
  .init(text: "min(3, 5)", expected: .number(3)),
  .init(text: "max(3, 5)", expected: .number(5)),
  .init(text: "max(2h, 90m)", expected: .duration(2 * hour)),
  .init(text: "min(a, b)", fields: ["a": at(hours: 5), "b": at(hours: 2)], expected: at(hours: 2)),
  .init(text: "min(a, 5)", fields: ["a": .string("3")], expected: .null),
  .init(text: "len(\"工单\")", expected: .number(2)),
  .init(text: "lower(\"LeaK\")", expected: .string("leak")),
  .init(text: "upper(\"leak\")", expected: .string("LEAK")),
  .init(text: "contains(note, \"退款\")", fields: ["note": .string("申请退款中")], expected: .bool(true)),
  .init(text: "contains(note, \"退款\")", fields: ["note": .string("已办结")], expected: .bool(false)),
  .init(text: "contains(note, \"\")", fields: ["note": .string("x")], expected: .bool(true)),
  .init(text: "hours(2)", expected: .duration(2 * hour)),
  .init(text: "days(1.5)", expected: .duration(36 * hour)),
  .init(text: "minutes(n)", fields: ["n": .number(45)], expected: .duration(45 * 60_000)),
  .init(text: "hours(n)", fields: ["n": .string("2")], expected: .null),
  .init(text: "hour(t)", fields: ["t": at(hours: 8)], expected: .number(16)),
  .init(text: "hour(t)", fields: ["t": at(hours: 16)], expected: .number(0)),
  .init(text: "date(t)", fields: ["t": at(hours: 15, minutes: 59)], expected: .string("2024-09-12")),
  .init(text: "date(t)", fields: ["t": at(hours: 16)], expected: .string("2024-09-13")),
  .init(
    text: "date(t)", fields: ["t": .timestamp(Timestamp(milliseconds: -1))], expected: .string("1970-01-01")),
  .init(text: "hour(t)", fields: ["t": .string("08:00")], expected: .null),
]

@Test(arguments: cases)
func evaluatesExpression(_ testCase: EvaluationCase) {
  #expect(evaluate(testCase.text, testCase.fields) == testCase.expected)
}

@Test func eventFunctionsReadTheCase() {
  let events: [String: [Timestamp]] = [
    "受理": [september12], "回访": [september12 + 2 * hour, september12 + 30 * hour],
  ]
  #expect(evaluate("has(\"回访\")", events: events) == .bool(true))
  #expect(evaluate("has(\"退回\")", events: events) == .bool(false))
  #expect(evaluate("count(\"回访\")", events: events) == .number(2))
  #expect(evaluate("count(\"退回\")", events: events) == .number(0))
  #expect(evaluate("first(\"回访\")", events: events) == at(hours: 2))
  #expect(evaluate("last(\"回访\")", events: events) == at(hours: 30))
  #expect(evaluate("last(\"退回\")", events: events) == .null)
  #expect(evaluate("first(\"回访\") - first(\"受理\") <= 24h", events: events) == .bool(true))
  #expect(
    evaluate(
      "received_qty == manifest_qty or has(\"discrepancy_note\")",
      ["received_qty": .number(9), "manifest_qty": .number(10)], events: events) == .bool(false))
  #expect(evaluate("has(activity)", ["activity": .string("受理")], events: events) == .bool(true))
}

@Test func hourAndDateFollowTheScopeTimeZone() {
  #expect(evaluate("hour(t)", ["t": at(hours: 8)], zone: "UTC") == .number(8))
  #expect(evaluate("hour(t)", ["t": at(hours: 8)], zone: "America/New_York") == .number(4))
  #expect(evaluate("date(t)", ["t": at(hours: 2)], zone: "America/New_York") == .string("2024-09-11"))
  #expect(evaluate("hour(t)", ["t": at(hours: 8)], zone: "Mars/Olympus") == .null)
  // The protocol's default zone is Asia/Shanghai (UTC+8).
  struct DefaultZoneScope: ExpressionScope {
    func field(_ name: String) -> Value { at(hours: 8) }
    func eventTimes(_ activity: String) -> [Timestamp] { [] }
  }
  let expression = try? Expression.parse("hour(t)").get()
  #expect(expression?.evaluate(in: DefaultZoneScope()) == .number(16))
}

/// Time text in a field (CSV cells arrive as text) is read as the loader reads event times:
/// offsets honoured, local times in the scope's zone, anything else null.
@Test func hourAndDateReadTimeTextLikeEventTimes() {
  let utc = ["t": Value.string("2024-09-12 20:00:00.020+08:00")]
  #expect(evaluate("hour(t)", utc, zone: "UTC") == .number(12))
  #expect(evaluate("hour(t)", utc, zone: "Asia/Shanghai") == .number(20))
  #expect(
    evaluate("date(t)", ["t": .string("2024-09-12T02:00Z")], zone: "America/New_York")
      == .string("2024-09-11"))
  #expect(evaluate("hour(t)", ["t": .string("2024-09-12 08:30")], zone: "America/New_York") == .number(8))
  #expect(evaluate("hour(t)", ["t": .string("soon")], zone: "UTC") == .null)
  #expect(evaluate("hour(t)", ["t": .string("0000-01-01 08:00")], zone: "UTC") == .null)
}

@Test func parametersBecomeConstants() {
  let parameters: [String: Value] = [
    "min_age": .number(35), "pattern": .string("^GD"), "limit": .duration(day),
  ]
  #expect(evaluate("age >= $min_age", ["age": .number(35)], parameters: parameters) == .bool(true))
  #expect(evaluate("age >= param.min_age", ["age": .number(34)], parameters: parameters) == .bool(false))
  #expect(
    evaluate("b - a <= $limit", ["a": at(hours: 0), "b": at(hours: 25)], parameters: parameters)
      == .bool(false))
  #expect(evaluate("id matches $pattern", ["id": .string("GD-1")], parameters: parameters) == .bool(true))
  #expect(
    evaluate("`param.min_age` > 1", ["param.min_age": .number(2)], parameters: parameters) == .bool(true))
  let expression = try? Expression.parse("age >= $min_age", parameters: parameters).get()
  #expect(expression?.fieldNames == ["age"])
}

/// A field matched against a pattern directly gives what evaluating the expression gives, for
/// texts that differ only after 8 bytes, blank and empty texts, non-ASCII text and patterns ICU
/// handles; other expressions (and other fields) are not matched directly.
@Test func fieldPatternMatchedDirectlyEqualsEvaluation() {
  let patterns = ["^1[0-9]{10}$", "^C[0-9]+$", "^\\s*$", "^(city|suburb)$", "^[a-z]+-[0-9]{8}x$", "(?i)^ab"]
  let texts = [
    "13800138000", "13800138001", "1380013800", "138001380001", "23800138000", "", " ", "\t\n", "C00001",
    "C0000x", "city", "suburb", "suburbs", "abcdefgh-12345678x", "abcdefgh-12345679x", "abcdefgh-1234567x",
    "城市", "AB", "aB12", "１3800138000",
  ]
  for pattern in patterns {
    let quoted = "`phone` matches \"" + pattern.replacingBackslashesForExpression + "\""
    guard case .success(let expression) = Expression.parse(quoted) else {
      Issue.record("'\(quoted)' failed to parse")
      continue
    }
    for text in texts {
      let evaluated = expression.evaluate(in: ExpressionTestScope(fields: ["phone": .string(text)])).bool
      #expect(expression.matches(field: "phone", text: text) == evaluated, "\(pattern) on '\(text)'")
    }
    #expect(expression.matches(field: "zone", text: "13800138000") == nil)
  }
  for other in ["phone == \"1\"", "not (`phone` matches \"^1\")", "`phone` matches \"^1\" and true"] {
    guard case .success(let expression) = Expression.parse(other) else {
      Issue.record("'\(other)' failed to parse")
      continue
    }
    #expect(expression.matches(field: "phone", text: "1") == nil, "\(other)")
  }
  #expect(
    (try? Expression.parse("`phone` matches \"^1[0-9]{10}$\"").get())?.matches(
      field: "phone", text: "13800138000")
      == true)
}
