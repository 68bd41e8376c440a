import PolicyRules

/// How every case rule judged one case, passed judgements included: `policy-check explain`.
public struct CaseExplanation: Sendable {
  public struct Line: Sendable {
    public var rule: RuleSummary
    /// nil ⇒ not applicable.
    public var outcome: Outcome?
    public var subject: String
    public var expected: LocalizedText
    public var actual: LocalizedText
    public var deadlineExplanation: LocalizedText?
    public var evidence: [Evidence]
  }

  public var caseID: String
  public var lines: [Line]
  /// Rules judged over all cases (periodic, metric, tiers), not per case.
  public var populationRules: [RuleSummary]
}

extension AuditEngine {
  /// Judges one case by every per-case rule, ignoring the audit period (the case is asked about directly).
  public func explain(_ item: Case, files: [String]) -> CaseExplanation {
    var unbounded = self
    unbounded.context.periodStart = nil
    unbounded.context.periodEnd = nil
    unbounded.waivers = WaiverSet()
    let dataset = Dataset(
      files: files, cases: [item], rejections: [], counts: ReadCounts(), fileCounts: [],
      timeZoneIdentifier: context.timeZoneIdentifier)
    let judged = unbounded.judge(dataset).judgements
    var lines: [CaseExplanation.Line] = []
    var population: [RuleSummary] = []
    for (index, rule) in rules.enumerated() {
      let summary = RuleSummary(rule)
      guard CheckEvaluators.evaluator(for: rule.check).isPerCase else {
        population.append(summary)
        continue
      }
      let expected = LocalizedText(zh: rule.check.expectation(.zh), en: rule.check.expectation(.en))
      if judged[index].isEmpty {
        lines.append(
          .init(
            rule: summary, outcome: nil, subject: item.id, expected: expected,
            actual: LocalizedText(zh: "不适用", en: "not applicable"), deadlineExplanation: nil, evidence: []))
      }
      for j in judged[index] {
        var outcome = j.outcome
        if outcome == .violated, waivers.waiver(for: rule.id, subject: j.subject, asOf: context.asOf) != nil {
          outcome = .waived
        }
        lines.append(
          .init(
            rule: summary, outcome: outcome, subject: j.subject, expected: j.expected ?? expected,
            actual: j.actual,
            deadlineExplanation: j.deadlineExplanation, evidence: context.withFiles(j.evidence)))
      }
    }
    return CaseExplanation(caseID: item.id, lines: lines, populationRules: population)
  }
}
