/// The built-in functions, resolved from their names at parse time so that evaluation
/// switches on an enum instead of comparing strings.
package enum ExpressionFunction: String, Sendable, CaseIterable {
  case has, count, first, last, exists
  case ceil, floor, round, abs, min, max
  case len, lower, upper, contains
  case hours, days, minutes
  case hour, date

  var arity: Int {
    switch self {
    case .min, .max, .contains: 2
    default: 1
    }
  }

  /// Functions whose result depends on the case or its time zone, not only on their arguments:
  /// never folded into constants.
  var readsScope: Bool {
    switch self {
    case .has, .count, .first, .last, .hour, .date: true
    default: false
    }
  }

  var signatures: [ExpressionSignature] {
    switch self {
    case .has: [.init([.string], .bool)]
    case .count: [.init([.string], .number)]
    case .first, .last: [.init([.string], .timestamp)]
    case .exists: [.init([.any], .bool)]
    case .ceil, .floor, .round: [.init([.number], .number)]
    case .abs: [.init([.number], .number), .init([.duration], .duration)]
    case .min, .max:
      [ValueType.number, .duration, .timestamp, .string].map { .init([$0, $0], $0) }
    case .len: [.init([.string], .number)]
    case .lower, .upper: [.init([.string], .string)]
    case .contains: [.init([.string, .string], .bool)]
    case .hours, .days, .minutes: [.init([.number], .duration)]
    case .hour: [.init([.timestamp], .number)]
    case .date: [.init([.timestamp], .string)]
    }
  }
}
