import PolicyRules

extension PrecedenceCheck: CaseCheckEvaluation {
  struct Plan {
    let action: BoundMatcher
    /// The required matchers, in `PlanTables.matchers`.
    let requires: BoundList
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(action: binder.matcher(action), requires: binder.matchers(requires))
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    guard let firstAction = view.first(plan.action) else { return }
    // Events are in time order: a required event before any action is one before the first
    // action, so the first action is the one that fails if any does.
    for k in 0..<Int(plan.requires.count) {
      let required = view.matcher(plan.requires, k)
      guard let earliest = view.first(required), earliest.time <= firstAction.time else {
        sink.add(
          Judgement(
            .violated, subject: view.id, anchor: firstAction.time,
            actual: Say.text(
              "\(firstAction.activity) 发生前没有 \(view.text(required.wording))",
              "\(firstAction.activity) happened with no earlier \(view.text(required.wording))"),
            evidence: [context.evidence(firstAction)] + view.events(required).map(context.evidence)))
        return
      }
    }
    sink.add(.passed, anchor: firstAction.time) {
      var evidence = [context.evidence(firstAction)]
      for k in 0..<Int(plan.requires.count) {
        if let event = view.first(view.matcher(plan.requires, k)) { evidence.append(context.evidence(event)) }
      }
      return Judgement(
        .passed, subject: view.id, anchor: firstAction.time, actual: Say.met, evidence: evidence)
    }
  }
}
