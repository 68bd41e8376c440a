import Testing

@testable import PolicyRules

/// A case for expression tests: record fields and event times by activity.
struct ExpressionTestScope: ExpressionScope {
  var fields: [String: Value] = [:]
  var events: [String: [Timestamp]] = [:]
  var zone: String?

  func field(_ name: String) -> Value { fields[name] ?? .null }
  func eventTimes(_ activity: String) -> [Timestamp] { events[activity] ?? [] }
  var timeZoneIdentifier: String { zone ?? "Asia/Shanghai" }
}

/// 2024-09-12T00:00:00Z, the base instant of the tests.
let september12 = Timestamp(seconds: 1_726_099_200)

func at(hours: Int64, minutes: Int64 = 0) -> Value {
  .timestamp(september12 + hours * Timestamp.millisecondsPerHour + minutes * Timestamp.millisecondsPerMinute)
}

/// Parses (failing the test on an error) and evaluates.
func evaluate(
  _ text: String, _ fields: [String: Value] = [:], events: [String: [Timestamp]] = [:],
  parameters: [String: Value] = [:], zone: String? = nil
) -> Value? {
  switch Expression.parse(text, parameters: parameters) {
  case .success(let expression):
    return expression.evaluate(in: ExpressionTestScope(fields: fields, events: events, zone: zone))
  case .failure(let error):
    Issue.record("'\(text)' failed to parse: \(error.message) at \(error.offset)")
    return nil
  }
}
