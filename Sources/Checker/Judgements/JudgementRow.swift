import PolicyRules

/// One row of the `judgements` table a compiled audit writes (docs/sql.md), bound to the rule it
/// names: what `report --judgements` and `audit --engine` rebuild the results model from.
public struct JudgementRow: Sendable, Hashable {
  /// Index of the row's rule in the library's rules.
  public var rule: Int
  public var subject: String
  /// The period of a periodic or metric judgement.
  public var period: String?
  /// The `--group-by` value of the judgement's case.
  public var group: String?
  /// Never `.waived`: the engine applies no waivers.
  public var outcome: Outcome
  public var anchor: Timestamp?
  public var due: Timestamp?
  /// The evidence events and fields, with their file and line (`resource` is not in the row).
  public var evidence: [Evidence]
  /// 1-based line of the row in its file, for messages.
  public var line: Int

  public init(
    rule: Int, subject: String, period: String?, group: String?, outcome: Outcome, anchor: Timestamp?,
    due: Timestamp?, evidence: [Evidence], line: Int
  ) {
    self.rule = rule
    self.subject = subject
    self.period = period
    self.group = group
    self.outcome = outcome
    self.anchor = anchor
    self.due = due
    self.evidence = evidence
    self.line = line
  }
}
