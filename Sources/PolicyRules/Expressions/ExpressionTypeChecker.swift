/// Finds the type errors that literals and function result types reveal at parse time.
/// Fields are `any`, so an expression over fields passes and is checked again by its data.
enum ExpressionTypeChecker {
  /// A node whose children are being checked, with the types found so far.
  private struct Frame {
    var syntax: ExpressionSyntax
    var children: [ExpressionSyntax]
    var types: [ValueType] = []
  }

  /// The static type of `syntax`, or the first type error in it (depth first, left to right).
  ///
  /// A loop over an explicit stack rather than recursion: the tree is at most
  /// `Expression.maxDepth` deep, but a debug build's frames for this many cases are large.
  static func check(_ syntax: ExpressionSyntax) throws(ExpressionError) -> ValueType {
    var stack = [Frame(syntax: syntax, children: syntax.children)]
    while true {
      let top = stack.count - 1
      if stack[top].types.count < stack[top].children.count {
        let child = stack[top].children[stack[top].types.count]
        stack.append(Frame(syntax: child, children: child.children))
        continue
      }
      let finished = stack.removeLast()
      let type = try resultType(finished.syntax, childTypes: finished.types)
      guard !stack.isEmpty else { return type }
      try checkChild(of: stack[stack.count - 1], position: stack[stack.count - 1].types.count, type: type)
      stack[stack.count - 1].types.append(type)
    }
  }

  /// What a node requires of one child as soon as that child's type is known, so the error
  /// for an earlier operand comes before any in a later one.
  private static func checkChild(
    of parent: Frame, position: Int, type: ValueType
  ) throws(ExpressionError) {
    let child = parent.children[position]
    switch parent.syntax {
    case .not:
      try requireBool(child, type, operatorName: "not")
    case .logical(let op, _, _, _):
      try requireBool(child, type, operatorName: op.rawValue)
    case .membership(_, _, let negated, _) where position > 0:
      let leftType = parent.types[0]
      guard ExpressionSignature.resolve(ExpressionOperator.equal.signatures, [leftType, type]) != nil else {
        throw ExpressionError(
          message: "'\(negated ? "not in" : "in")' cannot compare \(leftType.rawValue) and \(type.rawValue)",
          offset: child.offset)
      }
    default:
      break
    }
  }

  /// The type of a node from its children's types (each already accepted by `checkChild`).
  private static func resultType(
    _ syntax: ExpressionSyntax, childTypes types: [ValueType]
  ) throws(ExpressionError) -> ValueType {
    switch syntax {
    case .literal(let value, _):
      return value.type
    case .field:
      return .any
    case .not, .logical, .membership:
      return .bool
    case .negate(let operand, _):
      let type = types[0]
      guard ExpressionSignature.resolve(negationSignatures, [type]) != nil else {
        throw ExpressionError(
          message: "'-' needs a number or duration, got \(type.rawValue)", offset: operand.offset)
      }
      return type == .null ? .null : type
    case .binary(let op, _, _, let operatorOffset):
      let (leftType, rightType) = (types[0], types[1])
      if op == .equal || op == .notEqual, leftType == .null || rightType == .null { return .bool }
      guard let result = ExpressionSignature.resolve(op.signatures, [leftType, rightType]) else {
        let verb = op.isComparison ? "compare" : "combine"
        throw ExpressionError(
          message: "'\(op.rawValue)' cannot \(verb) \(leftType.rawValue) and \(rightType.rawValue)",
          offset: operatorOffset)
      }
      return leftType == .null || rightType == .null ? .null : result
    case .matches(let left, _, _):
      guard ExpressionSignature.fits(types[0], .string) else {
        throw ExpressionError(
          message: "'matches' needs a string on its left, got \(types[0].rawValue)", offset: left.offset)
      }
      return .bool
    case .call(let function, let arguments, let nameOffset):
      if let result = ExpressionSignature.resolve(function.signatures, types) { return result }
      throw callError(function, arguments: arguments, types: types, nameOffset: nameOffset)
    }
  }

  private static let negationSignatures: [ExpressionSignature] = [
    .init([.number], .number), .init([.duration], .duration),
  ]

  private static func requireBool(
    _ operand: ExpressionSyntax, _ type: ValueType, operatorName: String
  ) throws(ExpressionError) {
    guard ExpressionSignature.fits(type, .bool) else {
      let needs = operatorName == "not" ? "a bool" : "bool operands"
      throw ExpressionError(
        message: "'\(operatorName)' needs \(needs), got \(type.rawValue)", offset: operand.offset)
    }
  }

  /// Points at the first argument no signature accepts in its position, else at the call.
  private static func callError(
    _ function: ExpressionFunction, arguments: [ExpressionSyntax], types: [ValueType], nameOffset: Int
  ) -> ExpressionError {
    for (position, argument) in arguments.enumerated() {
      var accepted: [ValueType] = []
      for signature in function.signatures where !accepted.contains(signature.parameters[position]) {
        accepted.append(signature.parameters[position])
      }
      guard !accepted.contains(where: { ExpressionSignature.fits(types[position], $0) }) else { continue }
      let expected = listing(accepted.map(\.withArticle))
      let place = arguments.count == 1 ? "" : " as argument \(position + 1)"
      return ExpressionError(
        message: "'\(function.rawValue)' needs \(expected)\(place), got \(types[position].rawValue)",
        offset: argument.offset)
    }
    let combination = types.map(\.rawValue).joined(separator: " and ")
    return ExpressionError(
      message: "'\(function.rawValue)' cannot combine \(combination)", offset: nameOffset)
  }

  /// "a number", "a number or a duration", "a, b or c".
  private static func listing(_ items: [String]) -> String {
    guard let last = items.last else { return "" }
    return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " or " + last
  }
}
