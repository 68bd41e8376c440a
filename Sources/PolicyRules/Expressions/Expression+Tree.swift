/// A read-only view of a parsed expression, for tools that translate it (the SQL compiler).
///
/// The same tree the evaluator walks (constants folded, `== null` lowered to a null test,
/// `exists(x)` to `x != null`); a regular expression is given by its source text.
public indirect enum ExpressionTree: Sendable {
  case constant(Value)
  case field(String)
  case isNull(ExpressionTree, negated: Bool)
  case not(ExpressionTree)
  case negate(ExpressionTree)
  case and(ExpressionTree, ExpressionTree)
  case or(ExpressionTree, ExpressionTree)
  /// `op` is the operator as written: `+ - * / % == != < <= > >=`.
  case binary(String, ExpressionTree, ExpressionTree)
  case membership(ExpressionTree, [ExpressionTree], negated: Bool)
  case matches(ExpressionTree, pattern: String)
  /// A function by name (`has`, `count`, `ceil`, …) with its one or two arguments.
  case call(String, [ExpressionTree])
}

extension Expression {
  /// The expression's tree (built on each call; expressions nest at most `maxDepth` levels).
  public var tree: ExpressionTree { root.tree }
}

extension ExpressionNode {
  fileprivate var tree: ExpressionTree {
    switch self {
    case .constant(let value): .constant(value)
    case .field(let name): .field(name)
    case .isNull(let operand, let negated): .isNull(operand.tree, negated: negated)
    case .not(let operand): .not(operand.tree)
    case .negate(let operand): .negate(operand.tree)
    case .and(let left, let right): .and(left.tree, right.tree)
    case .or(let left, let right): .or(left.tree, right.tree)
    case .binary(let op, let left, let right): .binary(op.rawValue, left.tree, right.tree)
    case .membership(let left, let elements, let negated):
      .membership(left.tree, elements.map(\.tree), negated: negated)
    case .matches(let left, let regex): .matches(left.tree, pattern: regex.pattern)
    case .call1(let function, let argument): .call(function.rawValue, [argument.tree])
    case .call2(let function, let first, let second): .call(function.rawValue, [first.tree, second.tree])
    }
  }
}
