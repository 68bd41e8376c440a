/// Every trigger event needs a later response event (optionally within a limit, by a role or
/// channel via the matcher's `where`). With `each: true` (default) every trigger needs its own
/// response: n emails need n replies.
public struct ResponseCheck: CheckKind {
  public static let name = "response"
  public static let keys = ["trigger", "response", "within", "each"]
  public static let summary = LocalizedText(
    zh: "每个触发事件之后须有响应事件（可限时、限角色或渠道；缺失回访即违规）",
    en:
      "every trigger event needs a later response (optionally within a limit, by role or channel); a missing response is a violation"
  )

  public var trigger: EventMatcher
  public var response: EventMatcher
  public var within: TimeLimit?
  public var each: Bool

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    let trigger = context.required(m, "trigger", in: "response check").flatMap {
      EventMatcher.read($0, "trigger", context)
    }
    let response = context.required(m, "response", in: "response check").flatMap {
      EventMatcher.read($0, "response", context)
    }
    within = m["within"].flatMap { TimeLimit.read($0, "within", context) }
    each = m["each"].flatMap { context.bool($0, "each") } ?? true
    guard let trigger, let response else { return nil }
    self.trigger = trigger
    self.response = response
  }

  public func expectation(_ language: Language) -> String {
    let limit = within.map { language == .zh ? " \($0.description) 内" : " within \($0.description)" } ?? ""
    if !each {
      return language == .zh
        ? "首次 \(trigger.description) 后须有 \(response.description)\(limit)"
        : "the first \(trigger.description) followed by \(response.description)\(limit)"
    }
    return language == .zh
      ? "每次 \(trigger.description) 后须有 \(response.description)\(limit)"
      : "each \(trigger.description) followed by \(response.description)\(limit)"
  }
}
