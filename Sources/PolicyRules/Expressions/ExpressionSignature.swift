/// One accepted combination of operand types and the type it produces.
struct ExpressionSignature: Sendable {
  var parameters: [ValueType]
  var result: ValueType

  init(_ parameters: [ValueType], _ result: ValueType) {
    self.parameters = parameters
    self.result = result
  }

  /// The result type of applying one of `signatures` to `arguments`, or nil when none fits.
  ///
  /// `any` (a field) and `null` arguments fit every parameter: their real type is known only
  /// from data. When several signatures fit, the result is their common type or `any`.
  static func resolve(_ signatures: [ExpressionSignature], _ arguments: [ValueType]) -> ValueType? {
    var result: ValueType?
    for signature in signatures where signature.accepts(arguments) {
      if result == nil {
        result = signature.result
      } else if result != signature.result {
        result = .any
      }
    }
    return result
  }

  func accepts(_ arguments: [ValueType]) -> Bool {
    guard arguments.count == parameters.count else { return false }
    for (parameter, argument) in zip(parameters, arguments) where !Self.fits(argument, parameter) {
      return false
    }
    return true
  }

  static func fits(_ argument: ValueType, _ parameter: ValueType) -> Bool {
    argument == parameter || argument == .any || argument == .null || parameter == .any
  }
}

extension ValueType {
  /// "a number", "a duration": for messages.
  var withArticle: String {
    switch self {
    case .any: "any value"
    case .null: "null"
    default: "a \(rawValue)"
    }
  }
}
