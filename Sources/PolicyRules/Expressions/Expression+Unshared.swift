extension Expression {
  /// The same expression in storage of its own: its texts and tree are copied (compiled regular
  /// expressions are shared). Workers that evaluate a rule's condition for every event each take
  /// a copy, so they do not contend for the reference counts of one shared tree.
  package func unshared() -> Expression {
    Expression(
      source: source.unshared, fieldNames: Set(fieldNames.map(\.unshared)), resultType: resultType,
      root: root.unshared())
  }
}

extension String {
  /// The same text in storage of its own (short texts are stored inline and have none): for
  /// texts that workers read at once, which would otherwise contend for one reference count.
  package var unshared: String { String(decoding: Array(utf8), as: UTF8.self) }
}

extension ExpressionNode {
  /// The same tree in nodes of its own (`Expression.unshared()`).
  func unshared() -> ExpressionNode {
    switch self {
    case .constant(.string(let text)): .constant(.string(text.unshared))
    case .constant(let value): .constant(value)
    case .field(let name): .field(name.unshared)
    case .isNull(let operand, let negated): .isNull(operand.unshared(), negated: negated)
    case .not(let operand): .not(operand.unshared())
    case .negate(let operand): .negate(operand.unshared())
    case .and(let left, let right): .and(left.unshared(), right.unshared())
    case .or(let left, let right): .or(left.unshared(), right.unshared())
    case .binary(let op, let left, let right): .binary(op, left.unshared(), right.unshared())
    case .membership(let left, let elements, let negated):
      .membership(left.unshared(), elements.map { $0.unshared() }, negated: negated)
    case .matches(let left, let regex): .matches(left.unshared(), regex)
    case .call1(let function, let argument): .call1(function, argument.unshared())
    case .call2(let function, let first, let second): .call2(function, first.unshared(), second.unshared())
    }
  }
}
