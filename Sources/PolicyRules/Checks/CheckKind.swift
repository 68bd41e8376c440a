/// One kind of obligation a rule can state. The set is closed: every kind is one type in one
/// file of this folder and is listed in `CheckKinds.all`; the checker gives each an evaluation
/// in `Sources/Checker/Evaluation/<Kind>+Evaluation.swift`, registered in `CheckEvaluators.all`
/// (the engine refuses to start while a kind has none).
public protocol CheckKind: Sendable {
  /// The `kind:` word in rule files.
  static var name: String { get }
  /// The keys a `check:` mapping of this kind may have besides `kind`.
  static var keys: [String] { get }
  /// One line for `rules docs` and the README table.
  static var summary: LocalizedText { get }
  /// Reads the `check:` mapping; problems go to the context's diagnostics.
  init?(_ check: YAMLMapping, _ context: RuleReadContext)
  /// What the check expects, for reports (e.g. "Take in charge ticket within 8 working hours
  /// of Assign seriousness").
  func expectation(_ language: Language) -> String
}

/// The table of check kinds: the one place a new kind is registered.
public enum CheckKinds {
  public static let all: [any CheckKind.Type] = [
    DeadlineCheck.self,
    ResponseCheck.self,
    PrecedenceCheck.self,
    SequenceCheck.self,
    FieldsCheck.self,
    ConditionCheck.self,
    TiersCheck.self,
    PeriodicCheck.self,
    MetricCheck.self,
    ApprovalCheck.self,
    EscalationCheck.self,
    LeadCheck.self,
  ]

  public static func named(_ name: String) -> (any CheckKind.Type)? {
    all.first { $0.name == name }
  }

  static func read(_ node: YAMLNode, _ context: RuleReadContext) -> (any CheckKind)? {
    guard case .mapping(let m) = node else {
      context.error("check must be a mapping, found \(node.kindDescription)", at: node.mark)
      return nil
    }
    guard let kindNode = context.required(m, "kind", in: "check"),
      let name = context.string(kindNode, "check.kind")
    else { return nil }
    guard let kind = named(name) else {
      let names = all.map { $0.name }
      context.error(
        "unknown check kind '\(name)' (known kinds: \(names.joined(separator: ", ")))\(Suggestions.didYouMean(name, in: names))",
        at: kindNode.mark)
      return nil
    }
    guard let checked = context.mapping(node, "\(name) check", allowed: ["kind"] + kind.keys) else {
      return nil
    }
    return kind.init(checked, context)
  }
}
