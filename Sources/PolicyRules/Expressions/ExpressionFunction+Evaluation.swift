extension ExpressionFunction {
  /// Applies a one-argument function. `exists` is lowered to a null test and never gets here.
  package func apply(_ argument: Value, in scope: some ExpressionScope) -> Value {
    switch (self, argument) {
    case (.has, .string(let activity)): return .bool(scope.eventCount(activity) > 0)
    case (.count, .string(let activity)): return .number(Double(scope.eventCount(activity)))
    case (.first, .string(let activity)):
      return scope.eventTimes(activity).first.map(Value.timestamp) ?? .null
    case (.last, .string(let activity)): return scope.eventTimes(activity).last.map(Value.timestamp) ?? .null
    case (.exists, _): return .bool(!argument.isNull)
    case (.ceil, .number(let n)): return .number(n.rounded(.up))
    case (.floor, .number(let n)): return .number(n.rounded(.down))
    case (.round, .number(let n)): return .number(n.rounded(.toNearestOrAwayFromZero))
    case (.abs, .number(let n)): return .number(n.magnitude)
    case (.abs, .duration(let d)): return d == .min ? .null : .duration(d < 0 ? -d : d)
    case (.len, .string(let s)): return .number(Double(s.count))
    case (.lower, .string(let s)): return .string(s.lowercased())
    case (.upper, .string(let s)): return .string(s.uppercased())
    case (.minutes, .number(let n)):
      return ValueOperations.duration(n * Double(Timestamp.millisecondsPerMinute))
    case (.hours, .number(let n)): return ValueOperations.duration(n * Double(Timestamp.millisecondsPerHour))
    case (.days, .number(let n)): return ValueOperations.duration(n * Double(Timestamp.millisecondsPerDay))
    case (.hour, .timestamp(let t)):
      guard let local = LocalTime(t, timeZoneIdentifier: scope.timeZoneIdentifier) else { return .null }
      return .number(Double(local.hour))
    case (.date, .timestamp(let t)):
      guard let local = LocalTime(t, timeZoneIdentifier: scope.timeZoneIdentifier) else { return .null }
      return .string(local.dateText)
    case (.hour, .string(let text)), (.date, .string(let text)):
      // Time text in a field (CSV cells arrive as text), read as the loader reads event times.
      guard let zone = TimeZoneOffsets.named(scope.timeZoneIdentifier),
        let t = TimestampParser.instant(text, zone: zone)
      else { return .null }
      return apply(.timestamp(t), in: scope)
    default: return .null
    }
  }

  /// Applies a two-argument function to non-null arguments.
  package func apply(_ first: Value, _ second: Value) -> Value {
    switch (self, first, second) {
    case (.contains, .string(let text), .string(let part)):
      return .bool(part.isEmpty || text.contains(part))
    case (.min, _, _), (.max, _, _):
      // Same types only: min("3", 5) has no meaningful type.
      guard first.type == second.type, let order = ValueOperations.order(first, second) else { return .null }
      return (order <= 0) == (self == .min) ? first : second
    default: return .null
    }
  }
}
