import PolicyRules

extension SequenceCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    guard !steps.isEmpty, let start = view.first(steps[0]) else { return }
    let firsts = steps.map { view.first($0) }
    func judgement(_ outcome: Outcome, _ actual: LocalizedText) -> Judgement {
      Judgement(
        outcome, subject: view.id, anchor: start.time, actual: actual,
        evidence: firsts.compactMap { $0 }.map(context.evidence))
    }
    if complete {
      let missing = steps.indices.filter { firsts[$0] == nil }.map { steps[$0].description }
      if !missing.isEmpty {
        let names = missing.joined(separator: ", ")
        sink.add(judgement(.violated, Say.text("缺少步骤：\(names)", "missing steps: \(names)")))
        return
      }
    }
    var previous: (EventRef, EventMatcher)? = nil
    for (index, step) in steps.enumerated() {
      guard let event = firsts[index] else { continue }
      if let (earlier, earlierStep) = previous, event.time < earlier.time {
        sink.add(
          judgement(
            .violated,
            Say.text(
              "\(step.description) 早于 \(earlierStep.description)",
              "\(step.description) before \(earlierStep.description)")))
        return
      }
      previous = (event, step)
    }
    sink.add(.passed, anchor: start.time) { judgement(.passed, Say.met) }
  }
}
