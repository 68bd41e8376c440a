/// Binary operators other than `and`/`or`, which use three-valued logic and are nodes of their own.
package enum ExpressionOperator: String, Sendable, CaseIterable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="

  var isComparison: Bool {
    switch self {
    case .add, .subtract, .multiply, .divide, .remainder: false
    default: true
    }
  }

  /// The operand types the operator accepts at parse time.
  var signatures: [ExpressionSignature] {
    switch self {
    case .add:
      [
        .init([.number, .number], .number), .init([.string, .string], .string),
        .init([.timestamp, .duration], .timestamp), .init([.duration, .timestamp], .timestamp),
        .init([.duration, .duration], .duration),
      ]
    case .subtract:
      [
        .init([.number, .number], .number), .init([.timestamp, .timestamp], .duration),
        .init([.timestamp, .duration], .timestamp), .init([.duration, .duration], .duration),
      ]
    case .multiply:
      [
        .init([.number, .number], .number), .init([.number, .duration], .duration),
        .init([.duration, .number], .duration),
      ]
    case .divide:
      [
        .init([.number, .number], .number), .init([.duration, .duration], .number),
        .init([.duration, .number], .duration),
      ]
    case .remainder:
      [.init([.number, .number], .number)]
    case .equal, .notEqual:
      [ValueType.number, .string, .bool, .timestamp, .duration].map { .init([$0, $0], .bool) }
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      [ValueType.number, .string, .timestamp, .duration].map { .init([$0, $0], .bool) }
    }
  }

  init?(_ symbol: ExpressionToken.Symbol) {
    self.init(rawValue: symbol.rawValue)
  }
}
