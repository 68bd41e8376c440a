/// The evaluable form of an expression: operators and functions resolved to enums, parameters
/// substituted, regular expressions compiled and constant subexpressions folded.
indirect enum ExpressionNode: Sendable {
  case constant(Value)
  case field(String)
  /// `x == null`, `x != null` and `exists(x)`: never null themselves.
  case isNull(ExpressionNode, negated: Bool)
  case not(ExpressionNode)
  case negate(ExpressionNode)
  case and(ExpressionNode, ExpressionNode)
  case or(ExpressionNode, ExpressionNode)
  case binary(ExpressionOperator, ExpressionNode, ExpressionNode)
  case membership(ExpressionNode, [ExpressionNode], negated: Bool)
  case matches(ExpressionNode, CompiledRegex)
  /// Calls take their arguments as separate children so that a call allocates nothing.
  case call1(ExpressionFunction, ExpressionNode)
  case call2(ExpressionFunction, ExpressionNode, ExpressionNode)

  var constantValue: Value? {
    if case .constant(let value) = self { value } else { nil }
  }
}

extension ExpressionNode {
  /// Lowers checked syntax, folding subexpressions whose value cannot depend on the case.
  init(lowering syntax: ExpressionSyntax) {
    let node: ExpressionNode
    var foldable = true
    switch syntax {
    case .literal(let value, _):
      self = .constant(value)
      return
    case .field(let name, _):
      self = .field(name)
      return
    case .not(let operand, _):
      node = .not(ExpressionNode(lowering: operand))
    case .negate(let operand, _):
      node = .negate(ExpressionNode(lowering: operand))
    case .logical(.and, let left, let right, _):
      node = .and(ExpressionNode(lowering: left), ExpressionNode(lowering: right))
    case .logical(.or, let left, let right, _):
      node = .or(ExpressionNode(lowering: left), ExpressionNode(lowering: right))
    case .binary(let op, let leftSyntax, let rightSyntax, _):
      let left = ExpressionNode(lowering: leftSyntax)
      let right = ExpressionNode(lowering: rightSyntax)
      // Only a written `null` (or a null parameter) makes a null test. A side that folds to
      // null, such as `5 / 0`, stays an operand, so `5 / 0 == 0` is null exactly as
      // `x / 0 == 0` is for x = 5: folding never gives an answer evaluation would not.
      if op == .equal || op == .notEqual, rightSyntax.isNullLiteral {
        node = .isNull(left, negated: op == .notEqual)
      } else if op == .equal || op == .notEqual, leftSyntax.isNullLiteral {
        node = .isNull(right, negated: op == .notEqual)
      } else {
        node = .binary(op, left, right)
      }
    case .membership(let left, let elements, let negated, _):
      node = .membership(
        ExpressionNode(lowering: left), elements.map(ExpressionNode.init(lowering:)), negated: negated)
    case .matches(let left, let regex, _):
      node = .matches(ExpressionNode(lowering: left), regex)
    case .call(let function, let arguments, _):
      let lowered = arguments.map(ExpressionNode.init(lowering:))
      foldable = !function.readsScope
      if function == .exists, lowered.count == 1 {
        node = .isNull(lowered[0], negated: true)
      } else if lowered.count == 2 {
        node = .call2(function, lowered[0], lowered[1])
      } else {
        node = .call1(function, lowered[0])
      }
    }
    self = foldable && node.childrenAreConstant ? .constant(node.evaluate(in: EmptyScope())) : node
  }

  private var childrenAreConstant: Bool {
    switch self {
    case .constant: true
    case .field: false
    case .isNull(let a, _), .not(let a), .negate(let a), .matches(let a, _), .call1(_, let a):
      a.constantValue != nil
    case .and(let a, let b), .or(let a, let b), .binary(_, let a, let b), .call2(_, let a, let b):
      a.constantValue != nil && b.constantValue != nil
    case .membership(let a, let elements, _):
      a.constantValue != nil && elements.allSatisfy { $0.constantValue != nil }
    }
  }
}

/// A scope with no fields and no events, for folding constants.
struct EmptyScope: ExpressionScope {
  func field(_ name: String) -> Value { .null }
  func eventTimes(_ activity: String) -> [Timestamp] { [] }
}
