/// The run-time meaning of the binary operators on values.
package enum ValueOperations {
  package static func apply(_ op: ExpressionOperator, _ left: Value, _ right: Value) -> Value {
    switch op {
    case .equal: return equals(left, right).map(Value.bool) ?? .null
    case .notEqual: return equals(left, right).map { .bool(!$0) } ?? .null
    case .less: return order(left, right).map { .bool($0 < 0) } ?? .null
    case .lessOrEqual: return order(left, right).map { .bool($0 <= 0) } ?? .null
    case .greater: return order(left, right).map { .bool($0 > 0) } ?? .null
    case .greaterOrEqual: return order(left, right).map { .bool($0 >= 0) } ?? .null
    case .add, .subtract, .multiply, .divide, .remainder: return arithmetic(op, left, right)
    }
  }

  /// Unary minus: numbers and durations (the most negative duration has no opposite).
  package static func negated(_ value: Value) -> Value {
    switch value {
    case .number(let value): .number(-value)
    case .duration(let value): value == .min ? .null : .duration(-value)
    default: .null
    }
  }

  /// Equality of two values; nil when they cannot be compared (different types, a null).
  package static func equals(_ left: Value, _ right: Value) -> Bool? {
    if case .bool(let a) = left, case .bool(let b) = right { return a == b }
    return order(left, right).map { $0 == 0 }
  }

  /// -1, 0 or 1; nil when the values have no order between them.
  ///
  /// A string compared with a number is read as a number when it is one (CSV fields arrive as
  /// text), so `.string("42") > 35` is true and `.string("n/a") > 35` is null.
  static func order(_ left: Value, _ right: Value) -> Int? {
    switch (left, right) {
    case (.number(let a), .number(let b)): return order(a, b)
    case (.string(let a), .string(let b)): return a == b ? 0 : (a < b ? -1 : 1)
    case (.timestamp(let a), .timestamp(let b)): return order(a, b)
    case (.duration(let a), .duration(let b)): return order(a, b)
    case (.string(let a), .number(let b)): return number(fromText: a).flatMap { order($0, b) }
    case (.number(let a), .string(let b)): return number(fromText: b).flatMap { order(a, $0) }
    default: return nil
    }
  }

  private static func order<T: Comparable>(_ a: T, _ b: T) -> Int? {
    a < b ? -1 : (b < a ? 1 : (a == b ? 0 : nil))
  }

  /// The number a text spells, ignoring surrounding spaces; nil for anything else.
  static func number(fromText text: String) -> Double? {
    var scalars = Substring(text).unicodeScalars
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    guard let value = Double(Substring(scalars)), value.isFinite else { return nil }
    return value
  }

  static func arithmetic(_ op: ExpressionOperator, _ left: Value, _ right: Value) -> Value {
    switch (op, left, right) {
    case (.add, .number(let a), .number(let b)): return number(a + b)
    case (.subtract, .number(let a), .number(let b)): return number(a - b)
    case (.multiply, .number(let a), .number(let b)): return number(a * b)
    case (.divide, .number(let a), .number(let b)): return b == 0 ? .null : number(a / b)
    case (.remainder, .number(let a), .number(let b)):
      return b == 0 ? .null : number(a.truncatingRemainder(dividingBy: b))
    case (.add, .string(let a), .string(let b)): return .string(a + b)
    case (.add, .timestamp(let t), .duration(let d)), (.add, .duration(let d), .timestamp(let t)):
      return sum(t.milliseconds, d).map { .timestamp(Timestamp(milliseconds: $0)) } ?? .null
    case (.subtract, .timestamp(let t), .duration(let d)):
      return difference(t.milliseconds, d).map { .timestamp(Timestamp(milliseconds: $0)) } ?? .null
    case (.subtract, .timestamp(let a), .timestamp(let b)):
      return difference(a.milliseconds, b.milliseconds).map(Value.duration) ?? .null
    case (.add, .duration(let a), .duration(let b)): return sum(a, b).map(Value.duration) ?? .null
    case (.subtract, .duration(let a), .duration(let b)): return difference(a, b).map(Value.duration) ?? .null
    case (.multiply, .number(let n), .duration(let d)), (.multiply, .duration(let d), .number(let n)):
      return duration(Double(d) * n)
    case (.divide, .duration(let a), .duration(let b)): return b == 0 ? .null : number(Double(a) / Double(b))
    case (.divide, .duration(let d), .number(let n)): return n == 0 ? .null : duration(Double(d) / n)
    default: return .null
    }
  }

  static func number(_ value: Double) -> Value { value.isFinite ? .number(value) : .null }

  /// Milliseconds rounded to the nearest whole one; null when not finite or out of range.
  static func duration(_ milliseconds: Double) -> Value {
    guard let value = wholeMilliseconds(milliseconds) else { return .null }
    return .duration(value)
  }

  static func wholeMilliseconds(_ milliseconds: Double) -> Int64? {
    let rounded = milliseconds.rounded()
    // 2^63 is exactly representable; anything at or beyond it does not fit.
    guard rounded.isFinite, rounded > -9.223_372_036_854_775_808e18, rounded < 9.223_372_036_854_775_808e18
    else {
      return nil
    }
    return Int64(rounded)
  }

  private static func sum(_ a: Int64, _ b: Int64) -> Int64? {
    let (result, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : result
  }

  private static func difference(_ a: Int64, _ b: Int64) -> Int64? {
    let (result, overflow) = a.subtractingReportingOverflow(b)
    return overflow ? nil : result
  }
}
