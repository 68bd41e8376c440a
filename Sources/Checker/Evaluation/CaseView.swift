import PolicyRules

/// A case as a check sees it at the cut-off: its fields and the events up to `asOf`.
struct CaseView: ExpressionScope {
  let base: Case
  /// Events at or before the cut-off, in time order.
  let events: ArraySlice<Event>
  let timeZoneIdentifier: String

  init(_ base: Case, asOf: Timestamp, timeZoneIdentifier: String) {
    self.base = base
    let end = base.events.firstIndex { $0.time > asOf } ?? base.events.endIndex
    self.events = base.events[..<end]
    self.timeZoneIdentifier = timeZoneIdentifier
  }

  var id: String { base.id }

  /// False when every event of the case is after the cut-off: as the audit sees the data, the case
  /// does not exist yet (records without events always exist).
  var existsAtCutOff: Bool { base.events.isEmpty || !events.isEmpty }

  func field(_ name: String) -> Value { base.fields[name] }

  func eventTimes(_ activity: String) -> [Timestamp] {
    events.compactMap { $0.activity == activity ? $0.time : nil }
  }

  /// Events of the matcher's activities whose `where` holds, in time order.
  func events(_ matcher: EventMatcher) -> [Event] {
    events.filter { matches($0, matcher) }
  }

  func first(_ matcher: EventMatcher) -> Event? {
    events.first { matches($0, matcher) }
  }

  /// The event is one of the matcher's activities and its `where` holds on the event.
  private func matches(_ event: Event, _ matcher: EventMatcher) -> Bool {
    guard matcher.activities.contains(event.activity) else { return false }
    guard let condition = matcher.condition else { return true }
    return condition.evaluate(in: EventScope(event: event, owner: self)).bool == true
  }

  /// True when the expression holds; nil when it is null.
  func holds(_ expression: Expression) -> Bool? {
    expression.evaluate(in: self).bool
  }
}

/// An event's own attributes first, then its case's fields.
struct EventScope: ExpressionScope {
  let event: Event
  let owner: CaseView

  var timeZoneIdentifier: String { owner.timeZoneIdentifier }

  func field(_ name: String) -> Value {
    if name == "resource" || name == "actor", let resource = event.resource { return .string(resource) }
    let own = event.attributes[name]
    return own.isNull ? owner.field(name) : own
  }

  func eventTimes(_ activity: String) -> [Timestamp] { owner.eventTimes(activity) }
}
