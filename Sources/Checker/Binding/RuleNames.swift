import PolicyRules

/// One name a rule uses that the dataset must have: a record type, an activity or a field.
public struct NameUse: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case recordType = "record type"
    case activity
    case field
  }

  public var kind: Kind
  public var name: String
  /// Where the rule uses it: `scope.record`, `check.end`, `check.within.by`, …
  public var role: String
  /// Read on an event (a matcher's `where`): the event's `resource` / `actor` are known there.
  public var onEvent: Bool

  public init(_ kind: Kind, _ name: String, role: String, onEvent: Bool = false) {
    self.kind = kind
    self.name = name
    self.role = role
    self.onEvent = onEvent
  }
}

/// Every name a rule's scope and check use, in the order the rule states them.
///
/// The check kinds are a closed set (`CheckKinds.all`); each is listed here once. A new kind
/// that names no data needs no entry; one that does must add its names, or the binding cannot
/// tell a misspelt activity from an absent one.
enum RuleNames {
  static func uses(of rule: Rule) -> [NameUse] {
    var names = RuleNameCollector()
    for type in rule.scope.recordTypes { names.add(.recordType, type, "scope.record") }
    names.add(rule.scope.condition, "scope.when")
    if let window = rule.scope.timeOfDay { names.add(window.at, "scope.time_of_day.at") }
    names.add(check: rule.check)
    return names.uses
  }
}

private struct RuleNameCollector {
  var uses: [NameUse] = []

  mutating func add(_ kind: NameUse.Kind, _ name: String, _ role: String, onEvent: Bool = false) {
    uses.append(NameUse(kind, name, role: role, onEvent: onEvent))
  }

  mutating func add(_ expression: PolicyRules.Expression?, _ role: String, onEvent: Bool = false) {
    guard let expression else { return }
    for name in expression.fieldNames.sorted() { add(.field, name, role, onEvent: onEvent) }
    for name in expression.activityNames.sorted() { add(.activity, name, role) }
  }

  mutating func add(_ matcher: EventMatcher?, _ role: String) {
    guard let matcher else { return }
    for name in matcher.activities { add(.activity, name, role) }
    add(matcher.condition, "\(role).where", onEvent: true)
  }

  mutating func add(_ point: TimePoint, _ role: String) {
    switch point {
    case .event(let matcher, _): add(matcher, role)
    case .field(let name): add(.field, name, "\(role).field")
    }
  }

  mutating func add(_ limit: TimeLimit?, _ role: String) {
    switch limit {
    case .tiers(let field, _, _): add(.field, field, "\(role).by")
    case .field(let field, _): add(.field, field, "\(role).field")
    case .expression(let expression, _): add(expression, "\(role).expression")
    case .fixed, nil: break
    }
  }

  mutating func add(check: any CheckKind) {
    switch check {
    case let c as DeadlineCheck:
      add(c.start, "check.start")
      add(c.end, "check.end")
      add(c.within, "check.within")
      if let field = c.dueField { add(.field, field, "check.due_field") }
      add(c.alternative, "check.or")
      add(c.exempt, "check.exempt")
    case let c as ResponseCheck:
      add(c.trigger, "check.trigger")
      add(c.response, "check.response")
      add(c.within, "check.within")
    case let c as PrecedenceCheck:
      add(c.action, "check.action")
      for required in c.requires { add(required, "check.requires") }
    case let c as SequenceCheck:
      for step in c.steps { add(step, "check.steps") }
    case let c as FieldsCheck:
      for field in c.required { add(.field, field, "check.required") }
      for (i, requirement) in c.requiredWhen.enumerated() {
        add(requirement.condition, "check.required_when[\(i)].when")
        for field in requirement.fields { add(.field, field, "check.required_when[\(i)].fields") }
      }
      for entry in c.allowed { add(.field, entry.field, "check.allowed") }
      for entry in c.patterns { add(.field, entry.field, "check.patterns") }
    case let c as ConditionCheck:
      add(c.assertion, "check.assert")
    case let c as TiersCheck:
      add(c.value, "check.value")
      add(c.repeatKey, "check.repeat_key")
      if let subject = c.subject { add(.field, subject, "check.subject") }
    case let c as PeriodicCheck:
      if let entity = c.entity { add(.field, entity, "check.entity") }
      add(c.occurrence, "check.occurrence")
    case let c as MetricCheck:
      add(c.counts, "check.counts")
      add(c.date, "check.date")
      if let group = c.group { add(.field, group, "check.group") }
    case let c as ApprovalCheck:
      add(c.action, "check.action")
      for (i, level) in c.levels.enumerated() {
        add(level.condition, "check.approvals[\(i)].when")
        add(level.approval, "check.approvals[\(i)].by")
      }
      add(c.requester, "check.requester")
    case let c as EscalationCheck:
      add(c.start, "check.start")
      add(c.done, "check.done")
      add(c.within, "check.within")
      if let field = c.dueField { add(.field, field, "check.due_field") }
      add(c.escalation, "check.escalation")
    case let c as LeadCheck:
      add(c.notice, "check.notice")
      add(c.target, "check.target")
    default:
      break
    }
  }
}
