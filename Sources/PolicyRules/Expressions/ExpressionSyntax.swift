/// The parsed form of an expression, with the offsets the type checker needs for its messages.
/// It is lowered to an `ExpressionNode` for evaluation.
indirect enum ExpressionSyntax: Sendable {
  /// A literal or a substituted parameter.
  case literal(Value, offset: Int)
  case field(String, offset: Int)
  /// `not x` / `!x`; `offset` is the operator's.
  case not(ExpressionSyntax, offset: Int)
  /// `-x`; `offset` is the operator's.
  case negate(ExpressionSyntax, offset: Int)
  case logical(LogicalOperator, ExpressionSyntax, ExpressionSyntax, operatorOffset: Int)
  case binary(ExpressionOperator, ExpressionSyntax, ExpressionSyntax, operatorOffset: Int)
  case membership(ExpressionSyntax, [ExpressionSyntax], negated: Bool, operatorOffset: Int)
  case matches(ExpressionSyntax, CompiledRegex, operatorOffset: Int)
  case call(ExpressionFunction, [ExpressionSyntax], nameOffset: Int)

  enum LogicalOperator: String, Sendable {
    case and, or
  }

  /// The direct subexpressions, left to right.
  var children: [ExpressionSyntax] {
    switch self {
    case .literal, .field: []
    case .not(let operand, _), .negate(let operand, _), .matches(let operand, _, _): [operand]
    case .logical(_, let left, let right, _), .binary(_, let left, let right, _): [left, right]
    case .membership(let left, let elements, _, _): [left] + elements
    case .call(_, let arguments, _): arguments
    }
  }

  /// `null` as written, or a parameter whose value is null.
  var isNullLiteral: Bool {
    if case .literal(.null, _) = self { true } else { false }
  }

  /// Where the construct starts in the text.
  var offset: Int {
    switch self {
    case .literal(_, let offset), .field(_, let offset), .not(_, let offset), .negate(_, let offset):
      offset
    case .logical(_, let left, _, _), .binary(_, let left, _, _), .membership(let left, _, _, _),
      .matches(let left, _, _):
      left.offset
    case .call(_, _, let nameOffset): nameOffset
    }
  }
}
