/// Which cases a rule applies to.
public struct RuleScope: Sendable {
  /// Record types (`repair_order`, `complaint`); empty means every case.
  public var recordTypes: [String]
  /// A condition on the case (`category == "leak"`); false or null ⇒ not applicable.
  public var condition: Expression?
  /// Only cases whose `timeOfDay.at` falls inside [from, to) local time (S1-19: 08:00–17:30).
  public var timeOfDay: TimeOfDayScope?

  public init(recordTypes: [String] = [], condition: Expression? = nil, timeOfDay: TimeOfDayScope? = nil) {
    self.recordTypes = recordTypes
    self.condition = condition
    self.timeOfDay = timeOfDay
  }

  static let keys = ["record", "when", "time_of_day"]

  static func read(_ node: YAMLNode, _ context: RuleReadContext) -> RuleScope? {
    guard let m = context.mapping(node, "scope", allowed: keys) else { return nil }
    var scope = RuleScope()
    if let r = m["record"] { scope.recordTypes = context.strings(r, "scope.record") }
    if let w = m["when"] { scope.condition = context.expression(w, "scope.when") }
    if let t = m["time_of_day"] { scope.timeOfDay = TimeOfDayScope.read(t, context) }
    return scope
  }
}

/// A local time-of-day window of a case's instant, in minutes after midnight.
public struct TimeOfDayScope: Sendable {
  public var at: TimePoint
  public var fromMinute: Int
  public var toMinute: Int

  static func read(_ node: YAMLNode, _ context: RuleReadContext) -> TimeOfDayScope? {
    let what = "scope.time_of_day"
    guard let m = context.mapping(node, what, allowed: ["at", "from", "to"]),
      let at = context.required(m, "at", in: what).flatMap({ TimePoint.read($0, "\(what).at", context) }),
      let from = context.required(m, "from", in: what).flatMap({ clock($0, "\(what).from", context) }),
      let to = context.required(m, "to", in: what).flatMap({ clock($0, "\(what).to", context) })
    else { return nil }
    return TimeOfDayScope(at: at, fromMinute: from, toMinute: to)
  }

  /// `HH:MM` ⇒ minutes after midnight (24:00 allowed).
  static func clock(_ node: YAMLNode, _ what: String, _ context: RuleReadContext) -> Int? {
    guard let text = context.string(node, what) else { return nil }
    let parts = text.split(separator: ":")
    if parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let mi = Int(parts[1]),
      (0...24).contains(h), (0..<60).contains(mi), h * 60 + mi <= 1440
    {
      return h * 60 + mi
    }
    context.error("\(what) must be a time HH:MM, found '\(text)'", at: node.mark)
    return nil
  }
}
