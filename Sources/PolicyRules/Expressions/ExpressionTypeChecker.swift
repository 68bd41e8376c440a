/// Finds the type errors that literals and function result types reveal at parse time.
/// Fields are `any`, so an expression over fields passes and is checked again by its data.
enum ExpressionTypeChecker {
  /// The static type of `syntax`, or the first type error in it.
  static func check(_ syntax: ExpressionSyntax) throws(ExpressionError) -> ValueType {
    switch syntax {
    case .literal(let value, _):
      return value.type
    case .field:
      return .any
    case .not(let operand, _):
      try requireBool(operand, operatorName: "not")
      return .bool
    case .negate(let operand, _):
      let type = try check(operand)
      guard ExpressionSignature.resolve(negationSignatures, [type]) != nil else {
        throw ExpressionError(
          message: "'-' needs a number or duration, got \(type.rawValue)", offset: operand.offset)
      }
      return type == .null ? .null : type
    case .logical(let op, let left, let right, _):
      try requireBool(left, operatorName: op.rawValue)
      try requireBool(right, operatorName: op.rawValue)
      return .bool
    case .binary(let op, let left, let right, let operatorOffset):
      let leftType = try check(left)
      let rightType = try check(right)
      if op == .equal || op == .notEqual, leftType == .null || rightType == .null { return .bool }
      guard let result = ExpressionSignature.resolve(op.signatures, [leftType, rightType]) else {
        let verb = op.isComparison ? "compare" : "combine"
        throw ExpressionError(
          message: "'\(op.rawValue)' cannot \(verb) \(leftType.rawValue) and \(rightType.rawValue)",
          offset: operatorOffset)
      }
      return leftType == .null || rightType == .null ? .null : result
    case .membership(let left, let elements, let negated, _):
      let leftType = try check(left)
      for element in elements {
        let elementType = try check(element)
        guard
          ExpressionSignature.resolve(ExpressionOperator.equal.signatures, [leftType, elementType]) != nil
        else {
          throw ExpressionError(
            message:
              "'\(negated ? "not in" : "in")' cannot compare \(leftType.rawValue) and \(elementType.rawValue)",
            offset: element.offset)
        }
      }
      return .bool
    case .matches(let left, _, _):
      let type = try check(left)
      guard ExpressionSignature.fits(type, .string) else {
        throw ExpressionError(
          message: "'matches' needs a string on its left, got \(type.rawValue)", offset: left.offset)
      }
      return .bool
    case .call(let function, let arguments, let nameOffset):
      var types: [ValueType] = []
      for argument in arguments { types.append(try check(argument)) }
      if let result = ExpressionSignature.resolve(function.signatures, types) { return result }
      throw callError(function, arguments: arguments, types: types, nameOffset: nameOffset)
    }
  }

  private static let negationSignatures: [ExpressionSignature] = [
    .init([.number], .number), .init([.duration], .duration),
  ]

  private static func requireBool(_ operand: ExpressionSyntax, operatorName: String) throws(ExpressionError) {
    let type = try check(operand)
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
