// API CONTRACT (owned by the Expressions helper; signatures are relied on elsewhere).

/// A parsed, type-checked expression of the rule language, e.g.
/// `category == "leak" and age >= 35`, `received_qty == manifest_qty or has("discrepancy_note")`,
/// `ceil(units / 10) * 1d`.
public struct Expression: Sendable, CustomStringConvertible {
  /// The text as written.
  public let source: String
  /// Fields the expression reads (for "unverifiable: field x missing" messages).
  public let fieldNames: Set<String>
  /// The static result type (`.any` when it depends on field types).
  public let resultType: ValueType

  /// Parses and type-checks `text`. `parameters` are the rule's named parameters (referenced
  /// as `param.name` or `$name`). Errors carry a 0-based offset inside `text`.
  public static func parse(
    _ text: String, parameters: [String: Value] = [:]
  ) -> Result<Expression, ExpressionError> {
    fatalError("stub")
  }

  /// Evaluates against a case; missing fields and type mismatches at run time yield `.null`.
  public func evaluate(in scope: some ExpressionScope) -> Value { fatalError("stub") }

  public var description: String { source }
}

public struct ExpressionError: Error, Sendable, Hashable {
  public var message: String
  /// 0-based offset (in Unicode scalars) inside the expression text.
  public var offset: Int
  public init(message: String, offset: Int) {
    self.message = message
    self.offset = offset
  }
}

/// What an expression reads: record fields and the case's events.
public protocol ExpressionScope {
  /// A field of the record or case; `.null` when absent or empty.
  func field(_ name: String) -> Value
  /// Events of the case with this activity name, in time order (for `has`, `count`, `first`, `last`).
  func eventTimes(_ activity: String) -> [Timestamp]
}
