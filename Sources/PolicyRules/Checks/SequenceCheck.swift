/// Ordered steps: the first occurrence of each step comes no earlier than that of the step
/// before it. With `complete: true` (default) every step must occur.
public struct SequenceCheck: CheckKind {
  public static let name = "sequence"
  public static let keys = ["steps", "complete"]
  public static let summary = LocalizedText(
    zh: "各步骤须按顺序发生（可要求全部步骤齐全）", en: "steps happen in order (optionally all of them)")

  public var steps: [EventMatcher]
  public var complete: Bool

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    let steps = context.required(m, "steps", in: "sequence check").map { node in
      context.list(node, "steps").enumerated().compactMap { EventMatcher.read($1, "steps[\($0)]", context) }
    }
    complete = m["complete"].flatMap { context.bool($0, "complete") } ?? true
    guard let steps else { return nil }
    guard steps.count >= 2 else {
      context.error("a sequence needs at least two steps", at: m["steps"]?.mark ?? m.mark)
      return nil
    }
    self.steps = steps
  }

  public func expectation(_ language: Language) -> String {
    steps.map(\.description).joined(separator: " → ")
  }
}
