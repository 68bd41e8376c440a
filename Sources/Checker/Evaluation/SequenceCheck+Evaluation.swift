import PolicyRules

extension SequenceCheck: CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
  {
    let firsts = steps.map { view.first($0) }
    guard let start = firsts[0] else { return [] }
    let evidence = firsts.compactMap { $0 }.map(context.evidence)
    if complete {
      let missing = steps.indices.filter { firsts[$0] == nil }.map { steps[$0].description }
      if !missing.isEmpty {
        let names = missing.joined(separator: ", ")
        return [
          Judgement(
            .violated, subject: view.id, anchor: start.time,
            actual: Say.text("缺少步骤：\(names)", "missing steps: \(names)"),
            evidence: evidence)
        ]
      }
    }
    var previous: (EventRef, EventMatcher)? = nil
    for (index, step) in steps.enumerated() {
      guard let event = firsts[index] else { continue }
      if let (earlier, earlierStep) = previous, event.time < earlier.time {
        return [
          Judgement(
            .violated, subject: view.id, anchor: start.time,
            actual: Say.text(
              "\(step.description) 早于 \(earlierStep.description)",
              "\(step.description) before \(earlierStep.description)"),
            evidence: evidence)
        ]
      }
      previous = (event, step)
    }
    return [Judgement(.passed, subject: view.id, anchor: start.time, actual: Say.met, evidence: evidence)]
  }
}
