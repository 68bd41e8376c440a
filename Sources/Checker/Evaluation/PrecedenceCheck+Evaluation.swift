import PolicyRules

extension PrecedenceCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    guard let firstAction = view.first(action) else { return }
    // Events are in time order: a required event before any action is one before the first
    // action, so the first action is the one that fails if any does.
    // The required matchers are read in place (see `CaseView.first(at:)`).
    let met = requires.withUnsafeBufferPointer { list in
      guard let requires = list.baseAddress else { return true }
      for index in list.indices {
        guard let earliest = view.first(at: requires + index), earliest.time <= firstAction.time else {
          return false
        }
      }
      return true
    }
    // A failing case (rare) finds the failing requirement again, to name it.
    for required in met ? [] : requires {
      guard let earliest = view.first(required), earliest.time <= firstAction.time else {
        sink.add(
          Judgement(
            .violated, subject: view.id, anchor: firstAction.time,
            actual: Say.text(
              "\(firstAction.activity) 发生前没有 \(view.lookups.wording(of: required))",
              "\(firstAction.activity) happened with no earlier \(view.lookups.wording(of: required))"),
            evidence: [context.evidence(firstAction)] + view.events(required).map(context.evidence)))
        return
      }
    }
    sink.add(.passed, anchor: firstAction.time) {
      let evidence =
        [context.evidence(firstAction)] + requires.compactMap { view.first($0) }.map(context.evidence)
      return Judgement(
        .passed, subject: view.id, anchor: firstAction.time, actual: Say.met, evidence: evidence)
    }
  }
}
