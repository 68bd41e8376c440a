import PolicyRules

extension PrecedenceCheck: CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
  {
    let actions = view.events(action)
    guard let firstAction = actions.first else { return [] }
    for act in actions {
      for required in requires {
        let earlier = view.events(required).first { $0.time <= act.time }
        if earlier == nil {
          return [
            Judgement(
              .violated, subject: view.id, anchor: firstAction.time,
              actual: Say.text(
                "\(act.activity) 发生前没有 \(required.description)",
                "\(act.activity) happened with no earlier \(required.description)"),
              evidence: [context.evidence(act)] + view.events(required).map(context.evidence))
          ]
        }
      }
    }
    let evidence =
      [context.evidence(firstAction)] + requires.compactMap { view.first($0) }.map(context.evidence)
    return [
      Judgement(.passed, subject: view.id, anchor: firstAction.time, actual: Say.met, evidence: evidence)
    ]
  }
}
