/// A notice must come at least a lead time before a future instant (leave 1 day ahead,
/// resignation 1 month ahead, renewal visit 1 month before contract end).
public struct LeadCheck: CheckKind {
  public static let name = "lead"
  public static let keys = ["notice", "target", "at_least"]
  public static let summary = LocalizedText(
    zh: "通知须至少提前规定时间（如请假提前一天、辞职提前一个月）",
    en: "a notice at least a lead time before a future date (leave a day ahead, resignation a month ahead)")

  public var notice: TimePoint
  public var target: TimePoint
  public var atLeast: PolicyDuration

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    let notice = context.required(m, "notice", in: "lead check").flatMap {
      TimePoint.read($0, "notice", context)
    }
    let target = context.required(m, "target", in: "lead check").flatMap {
      TimePoint.read($0, "target", context)
    }
    let atLeast = context.required(m, "at_least", in: "lead check").flatMap {
      context.duration($0, "at_least")
    }
    guard let notice, let target, let atLeast else { return nil }
    self.notice = notice
    self.target = target
    self.atLeast = atLeast
  }

  public func expectation(_ language: Language) -> String {
    language == .zh
      ? "\(notice.description) 须不晚于 \(target.description) 前 \(atLeast)"
      : "\(notice.description) at least \(atLeast) before \(target.description)"
  }
}
