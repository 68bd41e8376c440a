/// An action needs earlier approvals, each by a matching event (role via `where`), optionally
/// only above an amount, by someone other than the requester.
public struct ApprovalCheck: CheckKind {
  public static let name = "approval"
  public static let keys = ["action", "approvals", "requester", "distinct"]
  public static let summary = LocalizedText(
    zh: "动作前须有审批（审批角色、审批人≠申请人、按金额分级）",
    en: "an action needs earlier approvals (approver role, approver ≠ requester, tiers by amount)")

  public struct Level: Sendable {
    /// Only required when this holds (e.g. `amount >= $large_amount`).
    public var condition: Expression?
    public var approval: EventMatcher
  }

  public var action: EventMatcher
  public var levels: [Level]
  /// Whose resource the approver must differ from; default the action's own resource.
  public var requester: EventMatcher?
  /// Approver ≠ requester (default true).
  public var distinct: Bool

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    let action = context.required(m, "action", in: "approval check").flatMap {
      EventMatcher.read($0, "action", context)
    }
    requester = m["requester"].flatMap { EventMatcher.read($0, "requester", context) }
    distinct = m["distinct"].flatMap { context.bool($0, "distinct") } ?? true
    var levels: [Level] = []
    if let node = context.required(m, "approvals", in: "approval check") {
      for (i, item) in context.list(node, "approvals").enumerated() {
        let what = "approvals[\(i)]"
        guard let lm = context.mapping(item, what, allowed: ["by", "when"]),
          let by = context.required(lm, "by", in: what).flatMap({
            EventMatcher.read($0, "\(what).by", context)
          })
        else { continue }
        levels.append(
          Level(condition: lm["when"].flatMap { context.expression($0, "\(what).when") }, approval: by))
      }
    }
    guard let action, !levels.isEmpty else { return nil }
    self.action = action
    self.levels = levels
  }

  public func expectation(_ language: Language) -> String {
    let approvals = levels.map { level in
      level.condition.map { "\(level.approval.description) (\($0.source))" } ?? level.approval.description
    }.joined(separator: " + ")
    let who = distinct ? (language == .zh ? "，审批人不得为申请人" : ", approver ≠ requester") : ""
    return language == .zh
      ? "\(action.description) 之前须经 \(approvals) 审批\(who)"
      : "\(action.description) only after approval by \(approvals)\(who)"
  }
}
