extension ExpressionNode {
  /// Walks the tree. Missing fields, mismatched run-time types, division by zero and overflow
  /// yield `.null`; only `== null`, `!= null`, `exists`, `and` and `or` turn null into a bool.
  func evaluate(in scope: some ExpressionScope) -> Value {
    switch self {
    case .constant(let value):
      return value
    case .field(let name):
      return scope.field(name)
    case .isNull(let operand, let negated):
      return .bool(operand.evaluate(in: scope).isNull != negated)
    case .not(let operand):
      guard case .bool(let value) = operand.evaluate(in: scope) else { return .null }
      return .bool(!value)
    case .negate(let operand):
      switch operand.evaluate(in: scope) {
      case .number(let value): return .number(-value)
      case .duration(let value): return value == .min ? .null : .duration(-value)
      default: return .null
      }
    case .and(let left, let right):
      // Three-valued: false wins over null, and the right side is skipped once the left is false.
      let leftValue = left.evaluate(in: scope).bool
      if leftValue == false { return .bool(false) }
      let rightValue = right.evaluate(in: scope).bool
      if rightValue == false { return .bool(false) }
      return leftValue == true && rightValue == true ? .bool(true) : .null
    case .or(let left, let right):
      let leftValue = left.evaluate(in: scope).bool
      if leftValue == true { return .bool(true) }
      let rightValue = right.evaluate(in: scope).bool
      if rightValue == true { return .bool(true) }
      return leftValue == false && rightValue == false ? .bool(false) : .null
    case .binary(let op, let left, let right):
      let leftValue = left.evaluate(in: scope)
      if leftValue.isNull { return .null }
      let rightValue = right.evaluate(in: scope)
      if rightValue.isNull { return .null }
      return ValueOperations.apply(op, leftValue, rightValue)
    case .membership(let left, let elements, let negated):
      let value = left.evaluate(in: scope)
      if value.isNull { return .null }
      for element in elements where ValueOperations.equals(value, element.evaluate(in: scope)) == true {
        return .bool(!negated)
      }
      return .bool(negated)
    case .matches(let left, let regex):
      guard case .string(let text) = left.evaluate(in: scope) else { return .null }
      return .bool(regex.matches(text))
    case .call1(let function, let argument):
      return function.apply(argument.evaluate(in: scope), in: scope)
    case .call2(let function, let first, let second):
      let firstValue = first.evaluate(in: scope)
      if firstValue.isNull { return .null }
      let secondValue = second.evaluate(in: scope)
      if secondValue.isNull { return .null }
      return function.apply(firstValue, secondValue)
    }
  }
}

extension Expression {
  /// Evaluates against a case; missing fields and type mismatches at run time yield `.null`.
  public func evaluate(in scope: some ExpressionScope) -> Value {
    root.evaluate(in: scope)
  }
}

extension Expression {
  /// Whether `text` matches, for an expression that is only `` `field` matches "regex" `` on field
  /// `name` (as a fields check builds its patterns); nil for any other expression. Checks match a
  /// field's text this way rather than walking the tree through a scope for every case.
  package func matches(field name: String, text: String) -> Bool? {
    guard case .matches(.field(let field), let regex) = root, field == name else { return nil }
    return regex.matches(text)
  }
}
