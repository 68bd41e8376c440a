import PolicyRules

extension ConditionCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    guard view.existsAtCutOff else { return }
    let anchor = view.anchorTime
    func judgement(_ outcome: Outcome, _ actual: LocalizedText) -> Judgement {
      Judgement(
        outcome, subject: view.id, anchor: anchor, actual: actual, evidence: [view.recordEvidence(context)])
    }
    switch view.holds(assertion) {
    case true:
      sink.add(.passed, anchor: anchor) { judgement(.passed, Say.met) }
    case false:
      let values = assertion.fieldNames.sorted().map { "\($0)=\(view.field($0))" }.joined(separator: ", ")
      sink.add(judgement(.violated, Say.text("不满足：\(values)", "not satisfied: \(values)")))
    case nil:
      let names = assertion.fieldNames.sorted().joined(separator: ", ")
      sink.add(judgement(.unverifiable, Say.missingField(names)))
    }
  }
}
