/// If the work is not done within a limit of the start (or by a promised time), an escalation
/// must follow within a second limit of that due time.
public struct EscalationCheck: CheckKind {
  public static let name = "escalation"
  public static let keys = ["start", "done", "within", "due_field", "escalation", "escalate_within"]
  public static let summary = LocalizedText(
    zh: "规定时限内未完成的，须在第二时限内上报",
    en: "work not done within a limit must be escalated within a second limit")

  public var start: TimePoint
  public var done: EventMatcher
  public var within: TimeLimit?
  /// A promised completion time on the record (S2-32); used when present.
  public var dueField: String?
  public var escalation: EventMatcher
  public var escalateWithin: PolicyDuration

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    let start = context.required(m, "start", in: "escalation check").flatMap {
      TimePoint.read($0, "start", context)
    }
    let done = context.required(m, "done", in: "escalation check").flatMap {
      EventMatcher.read($0, "done", context)
    }
    within = m["within"].flatMap { TimeLimit.read($0, "within", context) }
    dueField = m["due_field"].flatMap { context.string($0, "due_field") }
    let escalation = context.required(m, "escalation", in: "escalation check").flatMap {
      EventMatcher.read($0, "escalation", context)
    }
    let escalateWithin = context.required(m, "escalate_within", in: "escalation check").flatMap {
      context.duration($0, "escalate_within")
    }
    if within == nil && dueField == nil {
      context.error("an escalation check needs 'within' or 'due_field'", at: m.mark)
    }
    guard let start, let done, let escalation, let escalateWithin else { return nil }
    self.start = start
    self.done = done
    self.escalation = escalation
    self.escalateWithin = escalateWithin
  }

  public func expectation(_ language: Language) -> String {
    var limit = within?.description ?? dueField ?? ""
    if let dueField, within != nil {
      limit += language == .zh ? "（记录有 \(dueField) 时以其为期限）" : " (or by \(dueField) when the record has it)"
    }
    return language == .zh
      ? "\(start.description) 后 \(limit) 内未 \(done.description) 的，须在 \(escalateWithin) 内 \(escalation.description)"
      : "if \(done.description) is not within \(limit) of \(start.description), \(escalation.description) within \(escalateWithin)"
  }

  /// The expectation of a case whose due time came from `due_field`, not from `within`.
  public func agreedExpectation() -> LocalizedText {
    let due = dueField ?? ""
    return LocalizedText(
      zh: "未在 \(due)（记录约定的期限）前 \(done.description) 的，须在 \(escalateWithin) 内 \(escalation.description)",
      en:
        "if \(done.description) is not by \(due) (the due time on the record), \(escalation.description) within \(escalateWithin)"
    )
  }
}
