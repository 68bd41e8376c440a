import PolicyRules

extension ConditionCheck: CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
  {
    guard view.existsAtCutOff else { return [] }
    let evidence = [view.recordEvidence(context)]
    switch view.holds(assertion) {
    case true:
      return [
        Judgement(.passed, subject: view.id, anchor: view.anchorTime, actual: Say.met, evidence: evidence)
      ]
    case false:
      let values = assertion.fieldNames.sorted().map { "\($0)=\(view.field($0))" }.joined(separator: ", ")
      return [
        Judgement(
          .violated, subject: view.id, anchor: view.anchorTime,
          actual: Say.text("不满足：\(values)", "not satisfied: \(values)"), evidence: evidence)
      ]
    case nil:
      let names = assertion.fieldNames.sorted().joined(separator: ", ")
      return [
        Judgement(
          .unverifiable, subject: view.id, anchor: view.anchorTime, actual: Say.missingField(names),
          evidence: evidence)
      ]
    }
  }
}
