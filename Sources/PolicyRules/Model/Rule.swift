/// One executable rule: the clause it encodes, where it applies, what it checks, and the
/// examples that prove it.
public struct Rule: Sendable {
  public var id: String
  public var title: LocalizedText
  public var message: LocalizedText
  public var clause: ClauseReference
  public var severity: Severity
  public var penalty: Penalty?
  public var tags: [String]
  /// Records dated outside [validFrom, validTo] are not judged by this version of the clause.
  public var validFrom: CivilDate?
  public var validTo: CivilDate?
  /// Parameters in force (rule defaults after site-profile overrides).
  public var parameters: [String: RuleParameter]
  /// Parameters the check actually uses.
  public var usedParameters: [String]
  public var scope: RuleScope
  /// Calendar name; nil ⇒ plain calendar time in the dataset's zone.
  public var calendar: String?
  public var check: any CheckKind
  public var examples: [RuleExample]
  /// The rule file and the line of the rule's entry.
  public var file: String
  public var mark: SourceMark
  /// Where each name the scope and check use (activity, field, record type) is first written in
  /// the rule, for diagnostics that check the rule against a dataset; absent names point at `mark`.
  public var nameMarks: [String: SourceMark] = [:]

  public var kind: String { type(of: check).name }

  /// Used parameters whose value is assumed (not written in the regulation, not set by the site).
  public var assumedParameters: [RuleParameter] {
    usedParameters.compactMap { parameters[$0] }.filter { $0.origin == .assumed }
  }
}
