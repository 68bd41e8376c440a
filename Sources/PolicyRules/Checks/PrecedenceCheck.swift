/// An action may only happen after all required events have happened (B needs an earlier A).
public struct PrecedenceCheck: CheckKind {
  public static let name = "precedence"
  public static let keys = ["action", "requires"]
  public static let summary = LocalizedText(
    zh: "动作发生前须已发生所需事件（如客户确认后方可开工）",
    en: "an action may only happen after the required events (e.g. work only after the customer confirmed)")

  public var action: EventMatcher
  public var requires: [EventMatcher]

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    let action = context.required(m, "action", in: "precedence check").flatMap {
      EventMatcher.read($0, "action", context)
    }
    let requires = context.required(m, "requires", in: "precedence check").map { node in
      context.list(node, "requires").enumerated().compactMap {
        EventMatcher.read($1, "requires[\($0)]", context)
      }
    }
    guard let action, let requires, !requires.isEmpty else { return nil }
    self.action = action
    self.requires = requires
  }

  public func expectation(_ language: Language) -> String {
    let names = requires.map(\.description).joined(separator: ", ")
    return language == .zh
      ? "\(action.description) 之前须有 \(names)" : "\(action.description) only after \(names)"
  }
}
