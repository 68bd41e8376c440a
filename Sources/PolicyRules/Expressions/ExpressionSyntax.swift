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
