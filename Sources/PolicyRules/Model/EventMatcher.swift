/// Which events of a case a check looks at: one or more activity names, optionally narrowed by
/// a condition on the event's attributes (role, channel, …).
///
/// Written as an activity name (`Take in charge ticket`), a list of names, or
/// `{event: callback, where: 'channel in ["phone", "visit"]'}`.
public struct EventMatcher: Sendable {
  public var activities: [String]
  public var condition: Expression?

  public init(activities: [String], condition: Expression? = nil) {
    self.activities = activities
    self.condition = condition
  }

  /// "callback (channel in [...])" for messages.
  public var description: String {
    let names = activities.joined(separator: " | ")
    return condition.map { "\(names) [\($0.source)]" } ?? names
  }

  static let keys = ["event", "where"]

  static func read(_ node: YAMLNode, _ what: String, _ context: RuleReadContext) -> EventMatcher? {
    switch node {
    case .scalar, .sequence:
      let names = context.strings(node, what)
      return names.isEmpty ? nil : EventMatcher(activities: names)
    case .mapping:
      guard let m = context.mapping(node, what, allowed: keys),
        let eventNode = context.required(m, "event", in: what)
      else { return nil }
      let names = context.strings(eventNode, "\(what).event")
      let condition = m["where"].flatMap { context.expression($0, "\(what).where") }
      return names.isEmpty ? nil : EventMatcher(activities: names, condition: condition)
    }
  }
}

/// An instant of a case: an event's first or last occurrence, or a timestamp field.
public enum TimePoint: Sendable {
  public enum Occurrence: String, Sendable, CaseIterable {
    case first, last
  }

  case event(EventMatcher, Occurrence)
  case field(String)

  public var description: String { description(naming: \.description) }

  /// `description` with the events named by `name` (e.g. a wording phrased once and kept).
  public func description(naming name: (EventMatcher) -> String) -> String {
    switch self {
    case .event(let m, .first): name(m)
    case .event(let m, .last): "last \(name(m))"
    case .field(let f): f
    }
  }

  /// `Activity`, `{event: X, occurrence: last, where: …}` or `{field: received_at}`.
  static func read(_ node: YAMLNode, _ what: String, _ context: RuleReadContext) -> TimePoint? {
    if case .mapping(let raw) = node, raw["field"] != nil {
      guard let m = context.mapping(node, what, allowed: ["field"]),
        let name = m["field"].flatMap({ context.string($0, "\(what).field") })
      else { return nil }
      return .field(name)
    }
    if case .mapping(let raw) = node {
      guard let m = context.mapping(node, what, allowed: EventMatcher.keys + ["occurrence"]) else {
        return nil
      }
      let occurrence =
        m["occurrence"].flatMap { context.choice($0, "\(what).occurrence", Occurrence.self) } ?? .first
      var stripped = raw
      stripped.entries.removeAll { $0.key.value == "occurrence" }
      guard let matcher = EventMatcher.read(.mapping(stripped), what, context) else { return nil }
      return .event(matcher, occurrence)
    }
    guard let matcher = EventMatcher.read(node, what, context) else { return nil }
    return .event(matcher, .first)
  }
}
