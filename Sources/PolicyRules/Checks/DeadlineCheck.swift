/// An end instant must come no later than a limit after a start instant (and, for windows, no
/// earlier than `not_before`). Covers same-day, next-working-day, tiered, field-given and
/// computed limits, an alternative that counts as compliance, and exemptions.
public struct DeadlineCheck: CheckKind {
  public static let name = "deadline"
  public static let keys = ["start", "end", "within", "not_before", "due_field", "or", "exempt"]
  public static let summary = LocalizedText(
    zh: "终点事件须在起点后规定时限内发生（可设窗口、分档、字段或表达式时限、替代与豁免）",
    en:
      "an end event must happen within a limit after a start (windows, tiers, field or computed limits, alternatives, exemptions)"
  )

  public var start: TimePoint
  public var end: TimePoint
  public var within: TimeLimit
  /// Lower bound of a window relative to the start (may be negative: `-5m` = at most 5 min early).
  public var notBefore: PolicyDuration?
  /// When this timestamp field is present it is the due time instead (an agreed time, S1-13).
  public var dueField: String?
  /// Compliance by another route (S2-05: a written report exists).
  public var alternative: Expression?
  /// Cases the clause exempts (S1-14: special workmanship).
  public var exempt: Expression?

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    let start = context.required(m, "start", in: "deadline check").flatMap {
      TimePoint.read($0, "start", context)
    }
    let end = context.required(m, "end", in: "deadline check").flatMap { TimePoint.read($0, "end", context) }
    let within = context.required(m, "within", in: "deadline check").flatMap {
      TimeLimit.read($0, "within", context)
    }
    notBefore = m["not_before"].flatMap { context.duration($0, "not_before") }
    dueField = m["due_field"].flatMap { context.string($0, "due_field") }
    alternative = m["or"].flatMap { context.expression($0, "or") }
    exempt = m["exempt"].flatMap { context.expression($0, "exempt") }
    guard let start, let end, let within else { return nil }
    self.start = start
    self.end = end
    self.within = within
  }

  public func expectation(_ language: Language) -> String {
    let window = notBefore.map { language == .zh ? "，不早于起点 \($0)" : ", not before start \($0)" } ?? ""
    let agreed =
      dueField.map { language == .zh ? "（记录有 \($0) 时以其为期限）" : " (or by \($0) when the record has it)" } ?? ""
    return language == .zh
      ? "\(end.description) 须在 \(start.description) 后 \(within.description) 内\(agreed)\(window)"
      : "\(end.description) within \(within.description) of \(start.description)\(agreed)\(window)"
  }

  /// The expectation of a case whose due time came from `due_field`, not from the limit.
  public func agreedExpectation() -> LocalizedText {
    let due = dueField ?? ""
    let window = notBefore.map { (zh: "，不早于起点 \($0)", en: ", not before start \($0)") }
    return LocalizedText(
      zh: "\(end.description) 须不晚于 \(due)（记录约定的期限）\(window?.zh ?? "")",
      en: "\(end.description) by \(due) (the due time on the record)\(window?.en ?? "")")
  }
}
