/// An expression every case in scope must satisfy; null (missing data) ⇒ unverifiable.
public struct ConditionCheck: CheckKind {
  public static let name = "condition"
  public static let keys = ["assert"]
  public static let summary = LocalizedText(
    zh: "每个案例须满足的条件表达式（含“或”替代，如毛利率≥30%或填写原因）",
    en: "an expression every case must satisfy (alternatives such as margin ≥ 30 % or a reason)")

  public var assertion: Expression

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    guard
      let e = context.required(m, "assert", in: "condition check").flatMap({
        context.expression($0, "assert")
      })
    else { return nil }
    assertion = e
  }

  public func expectation(_ language: Language) -> String { assertion.source }
}
