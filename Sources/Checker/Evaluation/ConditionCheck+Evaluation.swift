import PolicyRules

extension ConditionCheck: CaseCheckEvaluation {
  func plan(_ binder: inout PlanBinder) -> ExpressionProgram {
    binder.expression(assertion)
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<ExpressionProgram>, calendar: WorkCalendar,
    context: EvaluationContext, into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    guard view.existsAtCutOff else { return }
    let anchor = view.anchorTime
    switch view.holds(plan) {
    case true:
      sink.add(.passed, anchor: anchor) { view.recordJudgement(.passed, Say.met, context) }
    case false:
      let values = assertion.fieldNames.sorted().map { "\($0)=\(view.field($0))" }.joined(separator: ", ")
      sink.add(
        view.recordJudgement(.violated, Say.text("不满足：\(values)", "not satisfied: \(values)"), context))
    case nil:
      let names = assertion.fieldNames.sorted().joined(separator: ", ")
      sink.add(view.recordJudgement(.unverifiable, Say.missingField(names), context))
    }
  }
}
